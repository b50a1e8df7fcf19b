#pragma once
// The wallet as the app shows it: balance, state, seqno and version, recent transactions, and
// payouts (incoming transfers from a coordinator's payout wallet — the one the wallet.payoutSource
// setting names, or the one its signed statements name — stored in the ledger as "paid").
// Read from toncenter; when the chain cannot be reached, the last snapshot from the ledger is shown
// with its age and the reason, never as if it were current.
#include "common/Clock.h"
#include "wallet/TonCenter.h"

#include <QObject>

namespace cocoon::ledger {
class Ledger;
}

namespace cocoon::wallet {

struct WalletStatus
{
    QString address; ///< raw
    bool known = false; ///< false: never read and nothing cached
    std::int64_t balanceNano = 0;
    QString state;
    QString version; ///< "v4r2", "v5r1" or empty when not a standard wallet (or not deployed)
    std::optional<std::uint32_t> seqno;
    std::vector<TonTransaction> transactions; ///< newest first, the latest few
    std::int64_t transactionsRead = 0; ///< in this refresh (paging)
    std::int64_t newPayouts = 0; ///< payouts first seen in this refresh
    std::int64_t fetchedMs = 0;
    bool cached = false; ///< this is the last snapshot, not a fresh reading
    std::int64_t ageMs = 0;
    QString error; ///< why the fresh reading failed

    QJsonObject toJson() const;
    static WalletStatus fromJson(const QJsonObject& o);
};

class WalletMonitor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pageSize = 100;
        int maxPages = 50; ///< bounded work per refresh; the rest next time
        int keepTransactions = 20;
    };
    /// `ledger` may be null (no cache, no payouts recorded); `payoutSource` may be empty.
    WalletMonitor(const Clock& clock, TonCenterClient& client, ledger::Ledger* ledger, Address wallet,
        std::optional<Address> payoutSource, Options options, QObject* parent = nullptr);
    WalletMonitor(const Clock& clock, TonCenterClient& client, ledger::Ledger* ledger, Address wallet,
        std::optional<Address> payoutSource, QObject* parent = nullptr)
        : WalletMonitor(clock, client, ledger, wallet, std::move(payoutSource), Options {}, parent)
    { }
    /// Reads the chain; emits updated() once with the result (fresh, or cached with the reason).
    void refresh();
    bool busy() const { return m_busy; }

signals:
    void updated(const cocoon::wallet::WalletStatus& status);

private:
    /// `known`: the transactions of the last snapshot (newest first); paging stops at the newest.
    void readTransactions(WalletStatus status, std::optional<std::pair<std::int64_t, QString>> from, int page,
        std::vector<TonTransaction> known);
    void finish(WalletStatus status);
    void fail(const WalletError& error);
    std::int64_t nowMs() const { return m_clock.nowUtc().toMSecsSinceEpoch(); }

    const Clock& m_clock;
    TonCenterClient& m_client;
    ledger::Ledger* m_ledger;
    Address m_wallet;
    std::optional<Address> m_payoutSource;
    std::vector<Address> m_sources; ///< this refresh's payout sources (the setting and the statements')
    Options m_options;
    bool m_busy = false;
};

} // namespace cocoon::wallet
Q_DECLARE_METATYPE(cocoon::wallet::WalletStatus)
