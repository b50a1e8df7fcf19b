#pragma once
#include <QJsonObject>
// The local ledger: one SQLite file (WAL, synchronous=FULL) with everything behind the earnings
// the app shows, so every figure traces back to a signed receipt, a coordinator's signed
// cumulative credit statement, or a payout transaction seen on the TON chain.
//
// Earnings come in three stages, kept apart and never mixed:
//   pending  = receipts earned - newest credited total (work done, not yet in a statement)
//   credited = the newest signed statement of each coordinator (cumulative)
//   paid     = incoming transfers from the coordinator's payout address seen on chain
// Amounts are integers in nanoTON. Network fees are stored next to payouts, never counted as income.
//
// Schema versions are applied stepwise (docs/architecture.md lists them); a file written by a newer
// version is refused, never modified.
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "ledger/LedgerError.h"
#include "ledger/Sqlite.h"

#include <QTimeZone>

#include <optional>
#include <vector>

namespace cocoon::ledger {

struct CreditStatement;

struct Payout
{
    QString txHash; ///< base64 transaction hash, as toncenter gives it
    std::int64_t lt = 0;
    std::int64_t utime = 0; ///< Unix seconds
    QString wallet; ///< our address (raw form)
    QString source; ///< the payer (raw form)
    std::int64_t amountNano = 0;
    std::int64_t feeNano = 0; ///< what processing it cost our wallet; not income
    QString comment;
};

/// One signed receipt as the ledger keeps it (the Jobs page, `verify receipt`).
struct ReceiptRow
{
    QByteArray jobId;
    QString kernel;
    QString device;
    std::int64_t units = 0;
    std::int64_t priceNano = 0;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    bool acked = false; ///< the coordinator acknowledged the result
    QByteArray signedReceipt;
    QString refused; ///< why the coordinator refused the result (not income); empty when not refused
};

struct Totals
{
    std::int64_t jobs = 0;
    std::int64_t units = 0;
    std::int64_t earnedNano = 0; ///< sum of all receipts
    std::int64_t creditedNano = 0;
    std::int64_t creditedJobs = 0;
    std::int64_t pendingNano = 0;
    std::int64_t paidNano = 0;
    std::int64_t feesNano = 0;
    std::int64_t alarms = 0; ///< statements refused because a coordinator's total went down
    /// Credited more than our receipts add up to (receipts lost locally, or another install).
    bool creditedExceedsEarned = false;
    /// What the coordinators' newest statements say they paid (statement v2). More than paidNano
    /// means a transfer the wallet has not seen yet, or one that never arrived.
    std::int64_t claimedPaidNano = 0;
    std::int64_t minPayoutNano = 0; ///< the highest payout threshold among paying coordinators
    /// Credited and unpaid although it reached the coordinator's threshold more than a day ago.
    std::int64_t overdueNano = 0;
    std::int64_t overdueSinceMs = 0; ///< 0 when nothing is overdue
};

enum class Period { Hour, Day, Week, Month };
enum class Grouping { Hour, Day, Week, Month, Kernel, Device };

struct Bucket
{
    QString key; ///< "2026-11-23", "2026-W48", "matmul", "cuda:0 …"
    std::int64_t startMs = 0; ///< for time buckets
    std::int64_t jobs = 0;
    std::int64_t units = 0;
    std::int64_t earnedNano = 0;
    std::int64_t creditedNano = 0; ///< time buckets: growth of the credited total in that period
    std::int64_t paidNano = 0; ///< time buckets only
};

struct StatementOutcome
{
    bool stored = false; ///< false: the same or an older statement was already held
};

struct TelemetrySample
{
    QString device;
    std::optional<int> utilOurs, utilOthers, temperatureC, powerMilliwatts;
    std::optional<std::int64_t> vramUsedBytes;
};

class Ledger
{
public:
    static constexpr int kSchemaVersion = 4;
    /// A payment due by the coordinator's threshold counts as overdue after this long.
    static constexpr std::int64_t kOverdueAfterMs = 24 * 3600 * 1000;

    /// Opens or creates the ledger, upgrading older schemas step by step. `upToVersion` is a test
    /// hook to create an older schema.
    static Expected<Ledger, LedgerError> open(
        const QString& path, const Clock& clock, int upToVersion = kSchemaVersion);
    /// Opens the ledger another process keeps (a window watching a headless instance): never
    /// creates or upgrades it; its schema must be this version's; every write fails.
    static Expected<Ledger, LedgerError> openReadOnly(const QString& path, const Clock& clock);
    Expected<int, LedgerError> schemaVersion();

    // --- money ------------------------------------------------------------------------------
    /// Verifies and stores a signed receipt; true if new, false if this job was already recorded.
    /// `earnedNano` is what the coordinator credits for it at its own price table (the receipt
    /// keeps the owner's terms, which may be higher); without it, the receipt's price.
    Expected<bool, LedgerError> recordReceipt(
        const QByteArray& signedReceipt, std::optional<std::uint64_t> earnedNano = std::nullopt);
    /// The coordinator acknowledged the result of `jobId` (at-least-once delivery is done).
    Expected<void, LedgerError> markAcked(const QByteArray& jobId);
    /// Job ids of receipts not yet acknowledged, oldest first (to send again after a reconnect).
    Expected<QList<QByteArray>, LedgerError> unackedJobs();
    /// The coordinator acknowledged the result of `jobId` but refused to credit it: it stops being
    /// sent and is no longer counted as earned (kept, with the reason, as a record).
    Expected<void, LedgerError> markRefused(const QByteArray& jobId, const QString& reason);
    /// Results still unacknowledged that ended before `endedBeforeMs` are given up on (marked
    /// refused with `reason`); returns their job ids so their sealed outputs can be deleted.
    Expected<QList<QByteArray>, LedgerError> giveUpUnacked(std::int64_t endedBeforeMs, const QString& reason);
    /// The statement-signing key a coordinator presented when first joined, if any.
    Expected<std::optional<QByteArray>, LedgerError> coordinatorKey(const QString& endpoint);
    Expected<void, LedgerError> pinCoordinatorKey(const QString& endpoint, const QByteArray& key);
    /// Every pinned coordinator key (endpoint "host:port", key), by endpoint.
    Expected<std::vector<std::pair<QString, QByteArray>>, LedgerError> coordinatorKeys();
    /// Forgets a pinned key (its operator replaced it): the next join pins the key then presented.
    Expected<bool, LedgerError> forgetCoordinatorKey(const QString& endpoint);
    /// Verifies a signed statement for `nodeKey` and keeps it if it is newer. A total that went
    /// down is refused with LedgerErrc::Decrease and recorded as an alarm.
    Expected<StatementOutcome, LedgerError> recordStatement(
        const QByteArray& signedStatement, const Ed25519PublicKey& nodeKey);
    /// Stores a payout seen on chain; true if new.
    Expected<bool, LedgerError> recordPayout(const Payout& payout);

    Expected<Totals, LedgerError> totals();
    Expected<std::vector<Bucket>, LedgerError> earnings(
        Grouping grouping, std::int64_t fromMs, std::int64_t toMs, const QTimeZone& zone = QTimeZone::systemTimeZone());
    /// The same as CSV (header row first; amounts in nanoTON and in TON with 9 decimals).
    Expected<QByteArray, LedgerError> earningsCsv(
        Grouping grouping, std::int64_t fromMs, std::int64_t toMs, const QTimeZone& zone = QTimeZone::systemTimeZone());
    Expected<std::vector<Payout>, LedgerError> payouts(int limit);
    /// The payout wallets (raw) the newest statements name: transfers from them are payouts.
    Expected<QStringList, LedgerError> payoutWallets();
    /// Receipts that ended in [fromMs, toMs), newest first, at most `limit`.
    Expected<std::vector<ReceiptRow>, LedgerError> receipts(std::int64_t fromMs, std::int64_t toMs, int limit);

    // --- activity ---------------------------------------------------------------------------
    Expected<void, LedgerError> recordJobState(const QByteArray& jobId, const QString& kernel, const QString& device,
        const QString& state, const QString& reason = {});
    Expected<void, LedgerError> recordStateChange(
        std::int64_t atMs, const QString& device, const QString& state, const QString& reason);
    /// Adds one sample to its device's per-minute roll-up; roll-ups older than `retentionDays`
    /// and state changes older than 90 days are dropped (checked at most once an hour).
    Expected<void, LedgerError> recordTelemetry(const TelemetrySample& sample, int retentionDays = 30);

    // --- wallet cache -----------------------------------------------------------------------
    Expected<void, LedgerError> saveWalletSnapshot(
        const QString& address, const QByteArray& json, std::int64_t fetchedMs);
    /// The last snapshot and when it was fetched (Unix ms), if any.
    Expected<std::optional<std::pair<QByteArray, std::int64_t>>, LedgerError> walletSnapshot(const QString& address);

    sqlite::Database& database() { return m_db; }

private:
    Ledger(sqlite::Database db, const Clock& clock)
        : m_db(std::move(db))
        , m_clock(&clock)
    { }
    Expected<void, LedgerError> migrate(int upToVersion);
    std::int64_t nowMs() const { return m_clock->nowUtc().toMSecsSinceEpoch(); }

    sqlite::Database m_db;
    const Clock* m_clock;
    std::int64_t m_lastPruneMs = 0;
};

/// "12.345000000" for 12345000000 nanoTON (exact; no floating point).
QString formatTon(std::int64_t nano);
/// "1.5" -> 1500000000 nanoTON, exactly; at most 9 whole and 9 fractional digits, nothing else.
std::optional<std::int64_t> parseTon(QStringView text);
std::optional<Grouping> groupingFromName(QStringView name);
/// Totals and rows as JSON (amounts as decimal strings of nanoTON: exact in any JSON reader),
/// what `cocoonctl earnings --json` prints whether it reads the file or asks the running app.
Expected<QJsonObject, LedgerError> earningsJson(
    Ledger& ledger, Grouping grouping, std::int64_t fromMs, std::int64_t toMs);

} // namespace cocoon::ledger
