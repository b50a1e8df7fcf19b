#include "wallet/WalletMonitor.h"

#include "ledger/Ledger.h"
#include "wallet/WalletContract.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cocoon::wallet {

namespace {

QJsonObject txToJson(const TonTransaction& t)
{
    return QJsonObject {{"lt", QString::number(t.lt)}, {"hash", t.hash}, {"utime", qint64(t.utime)},
        {"feeNano", QString::number(t.feeNano)}, {"source", t.source ? t.source->toRaw() : QString()},
        {"valueNano", QString::number(t.valueNano)}, {"comment", t.comment}, {"outMessages", t.outMessages},
        {"outValueNano", QString::number(t.outValueNano)}};
}

TonTransaction txFromJson(const QJsonObject& o)
{
    TonTransaction t;
    t.lt = o.value("lt").toString().toLongLong();
    t.hash = o.value("hash").toString();
    t.utime = o.value("utime").toInteger();
    t.feeNano = o.value("feeNano").toString().toLongLong();
    if (auto a = Address::parse(o.value("source").toString())) {
        t.source = a->address;
    }
    t.valueNano = o.value("valueNano").toString().toLongLong();
    t.comment = o.value("comment").toString();
    t.outMessages = o.value("outMessages").toInt();
    t.outValueNano = o.value("outValueNano").toString().toLongLong();
    return t;
}

} // namespace

QJsonObject WalletStatus::toJson() const
{
    QJsonArray txs;
    for (const auto& t : transactions) {
        txs.append(txToJson(t));
    }
    QJsonObject o {{"address", address}, {"balanceNano", QString::number(balanceNano)}, {"state", state},
        {"version", version}, {"transactions", txs}, {"fetchedMs", qint64(fetchedMs)}, {"cached", cached},
        {"ageMs", qint64(ageMs)}, {"known", known}, {"newPayouts", qint64(newPayouts)},
        {"transactionsRead", qint64(transactionsRead)}};
    if (seqno) {
        o.insert("seqno", qint64(*seqno));
    }
    if (!error.isEmpty()) {
        o.insert("error", error);
    }
    return o;
}

WalletStatus WalletStatus::fromJson(const QJsonObject& o)
{
    WalletStatus s;
    s.address = o.value("address").toString();
    s.known = o.value("known").toBool();
    s.balanceNano = o.value("balanceNano").toString().toLongLong();
    s.state = o.value("state").toString();
    s.version = o.value("version").toString();
    if (o.contains("seqno")) {
        s.seqno = std::uint32_t(o.value("seqno").toInteger());
    }
    for (const QJsonValue& v : o.value("transactions").toArray()) {
        s.transactions.push_back(txFromJson(v.toObject()));
    }
    s.fetchedMs = o.value("fetchedMs").toInteger();
    return s;
}

WalletMonitor::WalletMonitor(const Clock& clock, TonCenterClient& client, ledger::Ledger* ledger, Address wallet,
    std::optional<Address> payoutSource, Options options, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_client(client)
    , m_ledger(ledger)
    , m_wallet(wallet)
    , m_payoutSource(std::move(payoutSource))
    , m_options(options)
{ }

void WalletMonitor::refresh()
{
    if (m_busy) {
        return;
    }
    m_busy = true;
    // Payouts come from the configured source and from every payout wallet the coordinators'
    // newest statements name (read once per refresh: a statement may have named a new one).
    m_sources.clear();
    if (m_payoutSource) {
        m_sources.push_back(*m_payoutSource);
    }
    if (m_ledger) {
        if (auto named = m_ledger->payoutWallets()) {
            for (const QString& w : *named) {
                if (auto a = Address::parse(w);
                    a && std::find(m_sources.begin(), m_sources.end(), a->address) == m_sources.end()) {
                    m_sources.push_back(a->address);
                }
            }
        }
    }
    m_client.addressInformation(m_wallet, [this](Expected<AccountInfo, WalletError> info) {
        if (!info) {
            return fail(info.error());
        }
        WalletStatus s;
        s.address = m_wallet.toRaw();
        s.known = true;
        s.balanceNano = info->balanceNano;
        s.state = info->state;
        if (!info->code.isEmpty()) {
            auto code = Boc::deserializeOne(info->code);
            auto data = Boc::deserializeOne(info->data);
            if (code && data) {
                if (const auto v = walletVersionOfCode((*code)->hash())) {
                    s.version = walletVersionName(*v);
                    // Read the seqno from the data cell: toncenter does not recognise every wallet.
                    if (auto seqno = walletSeqno(*v, *data)) {
                        s.seqno = *seqno;
                    }
                }
            }
        }
        // What the last snapshot already knows (read once per refresh): paging stops there.
        std::vector<TonTransaction> known;
        if (m_ledger) {
            if (auto snap = m_ledger->walletSnapshot(s.address); snap && snap->has_value()) {
                known = WalletStatus::fromJson(QJsonDocument::fromJson((*snap)->first).object()).transactions;
            }
        }
        if (!known.empty() && info->lastLt == known.front().lt) {
            // Nothing new on chain: keep the known transactions.
            s.transactions = std::move(known);
            return finish(std::move(s));
        }
        if (info->lastLt == 0) {
            return finish(std::move(s)); // no transactions at all
        }
        readTransactions(std::move(s), std::nullopt, 0, std::move(known));
    });
}

void WalletMonitor::readTransactions(WalletStatus status, std::optional<std::pair<std::int64_t, QString>> from,
    int page, std::vector<TonTransaction> known)
{
    m_client.transactions(m_wallet, m_options.pageSize, from,
        [this, status = std::move(status), from, page, known = std::move(known)](
            Expected<std::vector<TonTransaction>, WalletError> txs) mutable {
            const std::int64_t stopAtLt = known.empty() ? 0 : known.front().lt;
            if (!txs) {
                return fail(txs.error());
            }
            bool reachedKnown = false;
            std::size_t first = from ? 1 : 0; // a page starts with the transaction it was asked from
            for (std::size_t i = first; i < txs->size(); ++i) {
                TonTransaction& t = (*txs)[i];
                if (t.lt <= stopAtLt) {
                    reachedKnown = true;
                    break;
                }
                ++status.transactionsRead;
                if (m_ledger && t.source && t.valueNano > 0
                    && std::find(m_sources.begin(), m_sources.end(), *t.source) != m_sources.end()) {
                    ledger::Payout p {
                        t.hash, t.lt, t.utime, m_wallet.toRaw(), t.source->toRaw(), t.valueNano, t.feeNano, t.comment};
                    if (auto added = m_ledger->recordPayout(p); added && *added) {
                        ++status.newPayouts;
                    }
                }
                if (int(status.transactions.size()) < m_options.keepTransactions) {
                    status.transactions.push_back(t);
                }
            }
            const bool full = int(txs->size()) >= m_options.pageSize;
            if (!reachedKnown && full && page + 1 < m_options.maxPages) {
                const TonTransaction& last = txs->back();
                return readTransactions(
                    std::move(status), std::make_pair(last.lt, last.hash), page + 1, std::move(known));
            }
            if (reachedKnown) {
                // Top up the short list with what was known before.
                for (const auto& t : known) {
                    if (int(status.transactions.size()) >= m_options.keepTransactions) {
                        break;
                    }
                    status.transactions.push_back(t);
                }
            }
            finish(std::move(status));
        });
}

void WalletMonitor::finish(WalletStatus status)
{
    status.fetchedMs = nowMs();
    if (m_ledger) {
        (void)m_ledger->saveWalletSnapshot(
            status.address, QJsonDocument(status.toJson()).toJson(QJsonDocument::Compact), status.fetchedMs);
    }
    m_busy = false;
    emit updated(status);
}

void WalletMonitor::fail(const WalletError& error)
{
    WalletStatus s;
    s.address = m_wallet.toRaw();
    if (m_ledger) {
        if (auto snap = m_ledger->walletSnapshot(s.address); snap && snap->has_value()) {
            s = WalletStatus::fromJson(QJsonDocument::fromJson((*snap)->first).object());
            s.fetchedMs = (*snap)->second;
            s.cached = true;
            s.ageMs = nowMs() - s.fetchedMs;
        }
    }
    s.error = error.message;
    m_busy = false;
    emit updated(s);
}

} // namespace cocoon::wallet
