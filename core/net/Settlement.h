#pragma once
// The coordinator's settlement loop: turns credited-but-unpaid nanoTON into TON transfers from its
// payout wallet (v5r1), exactly once, across crashes and an unreliable chain API.
//
// Each round first reconciles against the chain, and only then signs anything new:
//   1. Every batch is persisted (its seqno, valid_until, the signed message, each payee and
//      amount) before it is sent. Sending is repeated freely: the wallet accepts one message per
//      seqno, so copies of a request can never pay twice.
//   2. A batch is confirmed only by the chain: the wallet's seqno moved past it AND one of its
//      transactions carries the batch's request (by body hash); each payment counts as paid only
//      when that transaction's out messages include it (mode +2 skips what the wallet cannot
//      afford; those amounts stay owed).
//   3. A batch whose valid_until passed while the chain still shows its seqno unused is expired;
//      its amounts are owed again, and the next batch reuses the same seqno, so at most one of
//      the two can ever execute, even if the API's view of the chain was stale.
//   4. When the seqno moved on and no transaction carries the request, the batch is void only
//      once the transaction list is provably complete (it reaches the account's last
//      transaction); until then nothing new is signed.
// So total paid never exceeds total owed, whatever the API answers or when the process dies.
//
// Payout policy (like Cocoon's): a node is paid when its unpaid credit reaches minPayout, or
// idlePayout after it earned nothing for idleAfter. The wallet keeps a reserve for fees.
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "ledger/Sqlite.h"
#include "wallet/Address.h"
#include "wallet/TonCenter.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace cocoon::net {

struct SettlementOptions
{
    std::uint64_t minPayoutNano = 1'000'000'000; ///< 1 TON
    std::uint64_t idlePayoutNano = 100'000'000; ///< 0.1 TON, once a node has been idle for idleAfter
    std::chrono::seconds idleAfter {24 * 3600};
    std::chrono::milliseconds interval {60000}; ///< how often a round runs
    std::chrono::seconds validFor {120}; ///< a request's valid_until, from signing
    std::chrono::seconds expiryGrace {30}; ///< clock skew allowed before a request counts as expired
    std::chrono::seconds resendEvery {20}; ///< an unconfirmed request is sent again this often
    int maxBatch = 255; ///< payees per request (the wallet's limit)
    std::uint64_t feeReserveNano = 50'000'000; ///< kept in the wallet, plus perMessageFee per payee
    std::uint64_t perMessageFeeNano = 10'000'000;
    bool testnet = false;
    QString comment = QStringLiteral("Cocoon payout");
};

/// Points at which a round can be interrupted (tests kill the process there).
enum class SettlementStage { Signed, Sent, Confirmed, Committed };
QString settlementStageName(SettlementStage stage);

struct SettlementStatus
{
    QString wallet; ///< raw
    std::int64_t balanceNano = -1; ///< -1: not read yet
    std::int64_t paidNano = 0; ///< confirmed on chain, all nodes
    std::int64_t owedNano = 0; ///< credited and not paid (in flight included)
    std::int64_t inFlightNano = 0;
    int batchesConfirmed = 0;
    QString last; ///< what the latest round did, in words
};

class Settlement : public QObject
{
    Q_OBJECT
public:
    /// `db` is the coordinator's database (schema 3: credits.payout/paid, payout_batches,
    /// payout_items); it must outlive this object.
    Settlement(const Clock& clock, sqlite::Database& db, wallet::TonCenterClient& api, Ed25519PrivateKey key,
        SettlementOptions options, QObject* parent = nullptr);

    wallet::Address address() const { return m_address; }
    const SettlementOptions& options() const { return m_options; }
    /// Runs a round now and then every interval.
    void start();
    /// One round (ignored while one is running); emits roundDone when it ends.
    void runRound();
    bool busy() const { return m_busy; }
    SettlementStatus status();
    /// Called at each stage of a batch (the coordinator's test hook kills the process there).
    std::function<void(SettlementStage)> onStage;

signals:
    /// A batch was confirmed and committed: these nodes' paid totals changed.
    void paid(const QList<QByteArray>& nodes);
    void roundDone(const QString& what);
    /// Something needs the operator (an empty wallet, a seqno used by someone else).
    void alarm(const QString& what);

private:
    struct Batch;
    struct Chain;
    void reconcile(const Chain& chain);
    void plan(const Chain& chain);
    void send(std::int64_t batchId, const QByteArray& boc);
    /// Looks for the request of any batch with `seqno` among the wallet's transactions.
    void findConfirmation(
        std::int64_t seqno, const Chain& chain, std::optional<std::pair<std::int64_t, QString>> from, int page);
    void confirm(std::int64_t batchId, const wallet::TonTransaction& tx);
    void voidSeqno(std::int64_t seqno, const QString& why);
    void expire(std::int64_t batchId);
    void done(const QString& what);
    void stage(SettlementStage s);
    std::int64_t nowMs() const { return m_clock.nowUtc().toMSecsSinceEpoch(); }

    const Clock& m_clock;
    sqlite::Database& m_db;
    wallet::TonCenterClient& m_api;
    Ed25519PrivateKey m_key;
    SettlementOptions m_options;
    wallet::Address m_address;
    QTimer m_timer;
    bool m_busy = false;
    std::int64_t m_balance = -1;
    QString m_last;
};

} // namespace cocoon::net
