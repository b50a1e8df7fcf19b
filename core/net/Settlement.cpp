#include "net/Settlement.h"

#include "common/Bytes.h"
#include "common/Logging.h"
#include "ledger/Ledger.h"
#include "wallet/Cell.h"
#include "wallet/Transfer.h"
#include "wallet/WalletContract.h"

#include <set>

namespace cocoon::net {

using wallet::WalletError;

namespace {

std::shared_ptr<spdlog::logger> logger()
{
    return log::get("wallet");
}

constexpr int kPageSize = 20;
constexpr int kMaxPages = 25;

QString ton(std::int64_t nano)
{
    return ledger::formatTon(nano) + QStringLiteral(" TON");
}

} // namespace

QString settlementStageName(SettlementStage stage)
{
    switch (stage) {
    case SettlementStage::Signed:
        return QStringLiteral("signed");
    case SettlementStage::Sent:
        return QStringLiteral("sent");
    case SettlementStage::Confirmed:
        return QStringLiteral("confirmed");
    case SettlementStage::Committed:
        return QStringLiteral("committed");
    }
    return {};
}

/// The payout wallet as the chain API shows it at the start of a round.
struct Settlement::Chain
{
    std::int64_t seqno = 0;
    QString state;
    std::int64_t balanceNano = 0;
    std::int64_t lastLt = 0;
};

Settlement::Settlement(const Clock& clock, sqlite::Database& db, wallet::TonCenterClient& api, Ed25519PrivateKey key,
    SettlementOptions options, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_db(db)
    , m_api(api)
    , m_key(std::move(key))
    , m_options(std::move(options))
{
    m_options.maxBatch = std::clamp(m_options.maxBatch, 1, int(wallet::kMaxTransferItems));
    m_address = wallet::walletAddress(
        wallet::WalletParams {wallet::WalletVersion::V5R1, 0, m_options.testnet}, m_key.publicKey());
    m_timer.setInterval(m_options.interval);
    connect(&m_timer, &QTimer::timeout, this, &Settlement::runRound);
}

void Settlement::start()
{
    m_timer.start();
    runRound();
}

void Settlement::stage(SettlementStage s)
{
    if (onStage) {
        onStage(s);
    }
}

void Settlement::done(const QString& what)
{
    m_busy = false;
    m_last = what;
    logger()->info("{}", what.toStdString());
    emit roundDone(what);
}

void Settlement::runRound()
{
    if (m_busy) {
        return;
    }
    m_busy = true;
    m_api.addressInformation(m_address, [this](Expected<wallet::AccountInfo, WalletError> info) {
        if (!info) {
            return done(QStringLiteral("could not read the payout wallet: %1").arg(info.error().message));
        }
        Chain chain;
        chain.state = info->state;
        chain.balanceNano = info->balanceNano;
        chain.lastLt = info->lastLt;
        m_balance = info->balanceNano;
        if (info->state == u"active") {
            auto data = wallet::Boc::deserializeOne(info->data);
            auto seqno = data ? wallet::walletSeqno(wallet::WalletVersion::V5R1, *data)
                              : Expected<std::uint32_t, WalletError>(unexpected(data.error()));
            if (!seqno) {
                emit alarm(QStringLiteral("the payout wallet %1 is not a wallet v5r1 (%2); no payouts are sent")
                               .arg(m_address.toRaw(), seqno.error().message));
                return done(QStringLiteral("the payout wallet is not a wallet v5r1"));
            }
            chain.seqno = *seqno;
        } else if (info->state == u"frozen") {
            emit alarm(
                QStringLiteral("the payout wallet %1 is frozen; unfreeze it to resume payouts").arg(m_address.toRaw()));
            return done(QStringLiteral("the payout wallet is frozen"));
        }
        reconcile(chain);
    });
}

void Settlement::reconcile(const Chain& chain)
{
    auto open = m_db.query(
        "SELECT id, seqno, valid_until, boc, sent_ms FROM payout_batches WHERE state = 'open' ORDER BY id LIMIT 1", {});
    if (!open) {
        return done(QStringLiteral("database: %1").arg(open.error().message));
    }
    if (*open->step()) {
        const std::int64_t id = open->int64(0), seqno = open->int64(1), validUntil = open->int64(2);
        const QByteArray boc = open->blob(3);
        const std::int64_t sentMs = open->int64(4);
        if (chain.seqno > seqno) {
            return findConfirmation(seqno, chain, std::nullopt, 0);
        }
        if (chain.seqno < seqno) {
            return done(QStringLiteral("the API shows the payout wallet at seqno %1, behind batch %2's %3; waiting for "
                                       "it to catch up")
                            .arg(chain.seqno)
                            .arg(id)
                            .arg(seqno));
        }
        const std::int64_t nowS = nowMs() / 1000;
        if (nowS <= validUntil) {
            if (sentMs == 0 || nowMs() - sentMs >= std::chrono::milliseconds(m_options.resendEvery).count()) {
                return send(id, boc);
            }
            return done(QStringLiteral("batch %1 sent; waiting for the chain").arg(id));
        }
        if (nowS <= validUntil + m_options.expiryGrace.count()) {
            return done(QStringLiteral("batch %1 is past its deadline; waiting out clock skew").arg(id));
        }
        expire(id);
        // The chain still shows this seqno unused, so the next batch takes the same one: at most
        // one of the two can ever execute.
        return plan(chain);
    }
    // No open batch. If the newest seqno we signed for has no confirmed or void batch (its batches
    // expired), it is resolved before anything new is signed.
    auto top = m_db.query("SELECT seqno, sum(state IN ('confirmed', 'void')) FROM payout_batches "
                          "GROUP BY seqno ORDER BY seqno DESC LIMIT 1",
        {});
    if (!top) {
        return done(QStringLiteral("database: %1").arg(top.error().message));
    }
    if (*top->step()) {
        const std::int64_t seqno = top->int64(0);
        const bool resolved = top->int64(1) > 0;
        if (!resolved && chain.seqno > seqno) {
            return findConfirmation(seqno, chain, std::nullopt, 0);
        }
        if (chain.seqno < seqno || (resolved && chain.seqno == seqno)) {
            return done(QStringLiteral("the API shows the payout wallet at seqno %1, behind what this coordinator "
                                       "has seen; waiting for it to catch up")
                            .arg(chain.seqno));
        }
    }
    plan(chain);
}

void Settlement::plan(const Chain& chain)
{
    struct Payee
    {
        QByteArray node;
        wallet::Address address;
        std::int64_t owed = 0;
    };
    auto q = m_db.query(
        "SELECT c.node, c.payout, c.nano - c.paid - coalesce((SELECT sum(i.nano) FROM payout_items i WHERE i.node = "
        "c.node AND i.state = 'inflight'), 0) AS owed, c.credited_ms FROM credits c WHERE c.payout != '' "
        "ORDER BY owed DESC",
        {});
    if (!q) {
        return done(QStringLiteral("database: %1").arg(q.error().message));
    }
    std::vector<Payee> payees;
    std::int64_t due = 0, budget = chain.balanceNano - std::int64_t(m_options.feeReserveNano), total = 0;
    int unaffordable = 0;
    const std::int64_t now = nowMs();
    while (*q->step()) {
        const std::int64_t owed = q->int64(2);
        const bool idle = now - q->int64(3) >= std::chrono::milliseconds(m_options.idleAfter).count();
        if (owed <= 0
            || (owed < std::int64_t(m_options.minPayoutNano)
                && !(idle && owed >= std::int64_t(m_options.idlePayoutNano)))) {
            continue;
        }
        ++due;
        auto address = wallet::Address::parse(q->text(1));
        if (!address) {
            logger()->warn("node {} has an unusable payout address: {}", q->blob(0).toHex().left(16).toStdString(),
                address.error().message.toStdString());
            continue;
        }
        const std::int64_t cost = owed + std::int64_t(m_options.perMessageFeeNano);
        if (int(payees.size()) >= m_options.maxBatch || total + cost > budget) {
            ++unaffordable;
            continue;
        }
        total += cost;
        payees.push_back({q->blob(0), address->address, owed});
    }
    if (payees.empty()) {
        if (due > 0) {
            emit alarm(QStringLiteral("the payout wallet %1 holds %2, not enough for the %3 payment(s) due (keep "
                                      "at least %4 for fees); fund it")
                           .arg(m_address.toRaw(), ton(chain.balanceNano))
                           .arg(due)
                           .arg(ton(std::int64_t(m_options.feeReserveNano))));
            return done(QStringLiteral("%1 payment(s) due, but the payout wallet cannot afford them").arg(due));
        }
        return done(QStringLiteral("nothing due"));
    }
    wallet::TransferRequest request;
    request.seqno = std::uint32_t(chain.seqno);
    request.validUntil = std::uint32_t(now / 1000 + m_options.validFor.count());
    request.withStateInit = chain.state != u"active";
    for (const Payee& p : payees) {
        request.items.push_back({p.address, std::uint64_t(p.owed), false, m_options.comment});
    }
    auto transfer = wallet::signV5R1Transfer(
        wallet::WalletParams {wallet::WalletVersion::V5R1, 0, m_options.testnet}, m_key, request);
    if (!transfer) {
        return done(QStringLiteral("could not sign the payout batch: %1").arg(transfer.error().message));
    }
    // The intent, persisted before anything leaves this process.
    sqlite::Transaction tx(m_db);
    bool ok = tx.started()
        && m_db.run("INSERT INTO payout_batches(seqno, valid_until, body_hash, boc, state, created_ms) VALUES (?1, ?2, "
                    "?3, ?4, 'open', ?5)",
            {chain.seqno, std::int64_t(request.validUntil),
                QString::fromLatin1(toByteArray(transfer->body->hash()).toBase64()), transfer->boc, now});
    const std::int64_t id = m_db.lastInsertId();
    for (const Payee& p : payees) {
        ok = ok
            && m_db.run(
                "INSERT INTO payout_items(batch, node, address, nano, state) VALUES (?1, ?2, ?3, ?4, 'inflight')",
                {id, p.node, p.address.toRaw(), p.owed});
    }
    if (!ok || !tx.commit()) {
        return done(QStringLiteral("could not record the payout batch; nothing was sent"));
    }
    logger()->info("batch {}: seqno {}, {} payee(s), {}{}", id, chain.seqno, payees.size(),
        ton(total - std::int64_t(payees.size() * m_options.perMessageFeeNano)).toStdString(),
        unaffordable ? fmt::format(" ({} more next time)", unaffordable) : std::string());
    stage(SettlementStage::Signed);
    send(id, transfer->boc);
}

void Settlement::send(std::int64_t batchId, const QByteArray& boc)
{
    m_api.sendBoc(boc, [this, batchId](Expected<void, WalletError> r) {
        if (auto e = m_db.run("UPDATE payout_batches SET sent_ms = ?1 WHERE id = ?2", {nowMs(), batchId}); !e) {
            logger()->warn("database: {}", e.error().message.toStdString());
        }
        if (!r) {
            // It may still have reached the chain: the next round looks before sending again.
            return done(QStringLiteral("sending batch %1 failed (%2); the chain is checked before it is sent again")
                            .arg(batchId)
                            .arg(r.error().message));
        }
        stage(SettlementStage::Sent);
        done(QStringLiteral("batch %1 sent; waiting for the chain").arg(batchId));
    });
}

void Settlement::findConfirmation(
    std::int64_t seqno, const Chain& chain, std::optional<std::pair<std::int64_t, QString>> from, int page)
{
    m_api.transactions(m_address, kPageSize, from,
        [this, seqno, chain, from, page](Expected<std::vector<wallet::TonTransaction>, WalletError> r) {
            if (!r) {
                return done(
                    QStringLiteral("could not read the payout wallet's transactions: %1").arg(r.error().message));
            }
            std::map<QString, std::int64_t> ours; // body hash -> batch
            std::int64_t oldestMs = std::numeric_limits<std::int64_t>::max();
            if (auto q = m_db.query(
                    "SELECT id, body_hash, created_ms FROM payout_batches WHERE seqno = ?1 AND state IN ('open', "
                    "'expired')",
                    {seqno})) {
                while (*q->step()) {
                    ours[q->text(1)] = q->int64(0);
                    oldestMs = std::min(oldestMs, q->int64(2));
                }
            }
            if (ours.empty()) {
                return done(QStringLiteral("seqno %1 is already resolved").arg(seqno));
            }
            const auto& txs = *r;
            if (page == 0 && (txs.empty() || txs.front().lt < chain.lastLt)) {
                return done(QStringLiteral("the API's transaction list is behind its account state; batch with seqno "
                                           "%1 is checked again next round")
                                .arg(seqno));
            }
            bool reachedStart = int(txs.size()) < kPageSize;
            for (std::size_t i = from ? 1 : 0; i < txs.size(); ++i) {
                const auto& t = txs[i];
                if (auto it = ours.find(t.inBodyHash); it != ours.end()) {
                    return confirm(it->second, t);
                }
                if (t.utime * 1000 < oldestMs - 600'000) {
                    reachedStart = true;
                    break;
                }
            }
            if (reachedStart) {
                // Every transaction since the batch was signed has been read: another request used
                // this seqno, so none of ours can ever execute.
                emit alarm(QStringLiteral("seqno %1 of the payout wallet was used by a request this coordinator did "
                                          "not sign; the amounts are paid in a new batch")
                               .arg(seqno));
                voidSeqno(seqno, QStringLiteral("another request used this seqno"));
                return done(QStringLiteral("seqno %1 was used by another request; its batch is void").arg(seqno));
            }
            if (page + 1 >= kMaxPages) {
                return done(QStringLiteral("batch with seqno %1 not found in %2 transactions yet; nothing new is "
                                           "signed until it is")
                                .arg(seqno)
                                .arg(kMaxPages * kPageSize));
            }
            const auto& last = txs.back();
            findConfirmation(seqno, chain, std::make_pair(last.lt, last.hash), page + 1);
        });
}

void Settlement::confirm(std::int64_t batchId, const wallet::TonTransaction& t)
{
    stage(SettlementStage::Confirmed);
    struct Item
    {
        QByteArray node;
        QString address;
        std::int64_t nano = 0;
        bool paid = false;
    };
    std::vector<Item> items;
    if (auto q = m_db.query("SELECT node, address, nano FROM payout_items WHERE batch = ?1", {batchId})) {
        while (*q->step()) {
            items.push_back({q->blob(0), q->text(1), q->int64(2)});
        }
    }
    // Each payment counts only if the transaction sent it (mode +2 skips what the wallet could not).
    std::vector<bool> used(t.outs.size(), false);
    for (Item& item : items) {
        for (std::size_t i = 0; i < t.outs.size(); ++i) {
            if (!used[i] && t.outs[i].destination && t.outs[i].destination->toRaw() == item.address
                && t.outs[i].valueNano == item.nano) {
                used[i] = true;
                item.paid = true;
                break;
            }
        }
    }
    sqlite::Transaction tx(m_db);
    bool ok = bool(tx.started());
    std::int64_t paidNano = 0;
    int skipped = 0;
    QList<QByteArray> nodes;
    for (const Item& item : items) {
        ok = ok
            && m_db.run("UPDATE payout_items SET state = ?1 WHERE batch = ?2 AND node = ?3",
                {item.paid ? QStringLiteral("paid") : QStringLiteral("failed"), batchId, item.node});
        if (item.paid) {
            paidNano += item.nano;
            nodes.append(item.node);
        } else {
            ++skipped;
        }
    }
    const std::int64_t seqno = m_db.scalar("SELECT seqno FROM payout_batches WHERE id = ?1", {batchId}).value_or(-1);
    ok = ok
        && m_db.run("UPDATE payout_batches SET state = 'confirmed', done_ms = ?1, tx_hash = ?2, tx_lt = ?3, fee_nano = "
                    "?4 WHERE id = ?5",
            {nowMs(), t.hash, t.lt, t.feeNano, batchId})
        && m_db.run("UPDATE payout_items SET state = 'failed' WHERE state = 'inflight' AND batch IN (SELECT id FROM "
                    "payout_batches WHERE seqno = ?1 AND id != ?2)",
            {seqno, batchId})
        && m_db.run("UPDATE payout_batches SET state = 'void', reason = 'another request with this seqno executed' "
                    "WHERE seqno = ?1 AND id != ?2 AND state IN ('open', 'expired')",
            {seqno, batchId})
        && m_db.run("UPDATE credits SET paid = (SELECT coalesce(sum(nano), 0) FROM payout_items i WHERE i.node = "
                    "credits.node AND i.state = 'paid') WHERE node IN (SELECT node FROM payout_items WHERE batch = ?1)",
            {batchId});
    if (!ok || !tx.commit()) {
        return done(QStringLiteral("could not record batch %1's confirmation; checked again next round").arg(batchId));
    }
    stage(SettlementStage::Committed);
    if (skipped > 0) {
        emit alarm(
            QStringLiteral("the payout wallet skipped %1 payment(s) of batch %2 (not enough balance?); they stay "
                           "owed")
                .arg(skipped)
                .arg(batchId));
    }
    if (!nodes.isEmpty()) {
        emit paid(nodes);
    }
    done(QStringLiteral("batch %1 confirmed in transaction %2: paid %3 to %4 node(s), fee %5")
             .arg(batchId)
             .arg(t.hash, ton(paidNano))
             .arg(nodes.size())
             .arg(ton(t.feeNano)));
}

void Settlement::expire(std::int64_t batchId)
{
    sqlite::Transaction tx(m_db);
    const bool ok = tx.started()
        && m_db.run("UPDATE payout_batches SET state = 'expired', done_ms = ?1, reason = 'its deadline passed with "
                    "the seqno unused' WHERE id = ?2",
            {nowMs(), batchId})
        && m_db.run("UPDATE payout_items SET state = 'failed' WHERE batch = ?1 AND state = 'inflight'", {batchId})
        && tx.commit();
    if (ok) {
        logger()->info("batch {} expired unexecuted; its amounts are owed again", batchId);
    }
}

void Settlement::voidSeqno(std::int64_t seqno, const QString& why)
{
    sqlite::Transaction tx(m_db);
    const bool ok = tx.started()
        && m_db.run("UPDATE payout_items SET state = 'failed' WHERE state = 'inflight' AND batch IN (SELECT id FROM "
                    "payout_batches WHERE seqno = ?1 AND state IN ('open', 'expired'))",
            {seqno})
        && m_db.run("UPDATE payout_batches SET state = 'void', done_ms = ?1, reason = ?2 WHERE seqno = ?3 AND state IN "
                    "('open', 'expired')",
            {nowMs(), why, seqno})
        && tx.commit();
    if (!ok) {
        logger()->warn("could not void seqno {}", seqno);
    }
}

SettlementStatus Settlement::status()
{
    SettlementStatus s;
    s.wallet = m_address.toRaw();
    s.balanceNano = m_balance;
    s.paidNano = m_db.scalar("SELECT coalesce(sum(paid), 0) FROM credits").value_or(0);
    s.owedNano = m_db.scalar("SELECT coalesce(sum(nano - paid), 0) FROM credits WHERE payout != ''").value_or(0);
    s.inFlightNano
        = m_db.scalar("SELECT coalesce(sum(nano), 0) FROM payout_items WHERE state = 'inflight'").value_or(0);
    s.batchesConfirmed = int(m_db.scalar("SELECT count(*) FROM payout_batches WHERE state = 'confirmed'").value_or(0));
    s.last = m_last;
    return s;
}

} // namespace cocoon::net
