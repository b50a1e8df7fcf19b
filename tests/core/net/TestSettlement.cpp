// The coordinator's payouts on a real TON virtual machine (tests/ton-emulator: @ton/sandbox behind
// toncenter v2 on loopback). The coordinator's own database holds the credits; its settlement
// loop signs v5r1 batches, the chain executes them, and every round reconciles against the chain
// first. The API is made to misbehave — an answer lost after the send reached the chain, a
// lagging replica that shows the wallet as it was, sends that fail until the deadline — and in
// every case each node receives exactly what it is owed, never more. The last case runs the whole
// loop: jobs on a real node -> signed statements -> a payout batch -> the node's wallet monitor
// sees it, and the node's ledger shows paid = credited with fees kept apart.
#include "NetworkHarness.h"
#include "OffsetClock.h"
#include "RawPeer.h"
#include "TestSupport.h"
#include "TonEmulator.h"
#include "ledger/CreditStatement.h"
#include "net/Coordinator.h"
#include "net/OwnerClient.h"
#include "wallet/WalletMonitor.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::net;
using wallet::Address;

namespace {
constexpr std::int64_t kTon = 1'000'000'000;

Address randomAddress()
{
    Address a;
    QRandomGenerator::global()->generate(a.hash.begin(), a.hash.end());
    return a;
}
} // namespace

class TestSettlement : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (const QString why = test::TonEmulator::unavailable(); !why.isEmpty()) {
            COCOON_SKIP_OR_FAIL(why);
        }
        QVERIFY(m_chain.start());
        m_tls = *makeSelfSigned(QStringLiteral("test"), m_clock);
        CoordinatorOptions options;
        options.dataDir = m_tmp.filePath("coordinator");
        options.payouts = payoutOptions(m_tmp.filePath("payout-key.pem"));
        m_coord = std::make_unique<Coordinator>(m_clock, options, m_tls, *Ed25519PrivateKey::generate());
        auto started = m_coord->start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        QVERIFY(m_coord->settlement());
        QCOMPARE(QFile::permissions(m_tmp.filePath("payout-key.pem")) & 0077, QFileDevice::Permissions());
        auto db = sqlite::Database::open(QDir(options.dataDir).filePath("coordinator.sqlite"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        syncChainClock();
        // An undeployed wallet with 20 TON: the first batch deploys it.
        QVERIFY(m_chain.control("fund", {{"to", wallet().toRaw()}, {"amountNano", QString::number(20 * kTon)}}));
    }

    void paysWhatIsDueInOneBatch()
    {
        credit("A", 3 * kTon / 2, m_a);
        credit("B", kTon / 2, m_b); // under the threshold, and active
        credit("C", 3 * kTon / 10, m_c, std::chrono::hours(25)); // idle for a day: the smaller threshold
        credit("D", 2 * kTon, std::nullopt); // no payout address: credited, never paid
        QSignalSpy paid(m_coord->settlement(), &Settlement::paid);
        QVERIFY2(round().contains("sent"), qPrintable(m_last));
        QVERIFY2(round().contains("confirmed"), qPrintable(m_last));
        QCOMPARE(m_chain.received(wallet(), m_a), std::make_pair(3 * kTon / 2, 1));
        QCOMPARE(m_chain.received(wallet(), m_c), std::make_pair(3 * kTon / 10, 1));
        QCOMPARE(m_chain.received(wallet(), m_b).first, 0);
        QCOMPARE(paid.size(), 1);
        QCOMPARE(paid.first().first().value<QList<QByteArray>>().size(), 2);
        QCOMPARE(paidOf("A"), 3 * kTon / 2);
        QCOMPARE(paidOf("D"), 0);
        // The node's new statement says so, with the wallet to check it against.
        auto st = ledger::CreditStatement::verify(statementOf("A"));
        QVERIFY(st);
        QCOMPARE(std::int64_t(st->paid), 3 * kTon / 2);
        QCOMPARE(st->payoutWallet, wallet().toRaw());
        QCOMPARE(std::int64_t(st->minPayout), kTon);
        QVERIFY2(round().contains("nothing due"), qPrintable(m_last));
    }

    void aLostAnswerNeverPaysTwice()
    {
        credit("A", 7 * kTon / 2, m_a); // 2 TON more
        // The send reaches the chain, but no answer comes (timeouts), then only errors.
        QVERIFY(m_chain.control("fail", {{"status", 0}, {"count", 10}, {"method", "sendBoc"}, {"after", true}}));
        QVERIFY2(round().contains("failed"), qPrintable(m_last));
        QVERIFY(m_chain.control("fail", {{"status", 504}, {"count", 10}, {"method", "sendBoc"}, {"after", true}}));
        advance(std::chrono::seconds(25));
        QVERIFY2(round().contains("confirmed"), qPrintable(m_last)); // the chain is read before any resend
        QCOMPARE(m_chain.received(wallet(), m_a), std::make_pair(7 * kTon / 2, 2));
        credit("A", 4 * kTon, m_a); // 0.5 TON more: not due yet
        QVERIFY2(round().contains("nothing due"), qPrintable(m_last));
        credit("A", 9 * kTon / 2, m_a); // 1 TON more
        QVERIFY2(round().contains("failed"), qPrintable(m_last));
        QVERIFY(m_chain.control("fail", {{"status", 504}, {"count", 0}}));
        QVERIFY2(round().contains("confirmed"), qPrintable(m_last));
        QCOMPARE(m_chain.received(wallet(), m_a), std::make_pair(9 * kTon / 2, 3));
        QCOMPARE(paidOf("A"), 9 * kTon / 2);
    }

    void aLaggingReplicaNeverPaysTwice()
    {
        credit("A", 11 * kTon / 2, m_a); // 1 TON more
        QVERIFY2(round().contains("sent"), qPrintable(m_last)); // it executes on the chain
        // From now on the API shows the wallet as it was before: the seqno looks unused.
        QVERIFY(m_chain.control("stale", {{"count", 100000}}));
        QVERIFY2(round().contains("waiting"), qPrintable(m_last));
        advance(std::chrono::seconds(75)); // past the deadline and the grace
        // Expired as far as the replica shows; the amount is owed again, but the new batch takes the
        // same seqno, so the chain refuses it.
        QVERIFY2(round().contains("failed"), qPrintable(m_last));
        QCOMPARE(batchCount("expired"), 1);
        QCOMPARE(m_chain.received(wallet(), m_a), std::make_pair(11 * kTon / 2, 4));
        QVERIFY(m_chain.control("stale", {{"count", 0}}));
        // The truth: the seqno moved on, the first request is found, the second is void.
        QVERIFY2(round().contains("confirmed"), qPrintable(m_last));
        QCOMPARE(batchCount("void"), 1);
        QCOMPARE(batchCount("expired"), 0);
        QCOMPARE(m_chain.received(wallet(), m_a), std::make_pair(11 * kTon / 2, 4));
        QCOMPARE(paidOf("A"), 11 * kTon / 2);
        QVERIFY2(round().contains("nothing due"), qPrintable(m_last));
    }

    void aRequestThatNeverArrivesIsRetriedOnce()
    {
        credit("A", 13 * kTon / 2, m_a); // 1 TON more
        QVERIFY(m_chain.control("fail", {{"status", 500}, {"count", 100000}, {"method", "sendBoc"}}));
        QVERIFY2(round().contains("failed"), qPrintable(m_last));
        advance(std::chrono::seconds(75));
        QVERIFY2(round().contains("failed"), qPrintable(m_last)); // expired; a new batch, same seqno
        QCOMPARE(batchCount("expired"), 1);
        QVERIFY(m_chain.control("fail", {{"status", 500}, {"count", 0}}));
        advance(std::chrono::seconds(25)); // resent after resendEvery
        QVERIFY2(round().contains("sent"), qPrintable(m_last));
        QVERIFY2(round().contains("confirmed"), qPrintable(m_last));
        QCOMPARE(m_chain.received(wallet(), m_a), std::make_pair(13 * kTon / 2, 5));
        QCOMPARE(paidOf("A"), 13 * kTon / 2);
    }

    void anEmptyWalletRaisesAnAlarmAndPaysLater()
    {
        const Address big = randomAddress();
        credit("E", 100 * kTon, big);
        QSignalSpy alarm(m_coord->settlement(), &Settlement::alarm);
        QVERIFY2(round().contains("cannot afford"), qPrintable(m_last));
        QCOMPARE(alarm.size(), 1);
        QVERIFY2(alarm.first().first().toString().contains("fund it"), qPrintable(alarm.first().first().toString()));
        QVERIFY(m_chain.control("fund", {{"to", wallet().toRaw()}, {"amountNano", QString::number(150 * kTon)}}));
        QVERIFY2(round().contains("sent"), qPrintable(m_last));
        QVERIFY2(round().contains("confirmed"), qPrintable(m_last));
        QCOMPARE(m_chain.received(wallet(), big), std::make_pair(100 * kTon, 1));
    }

    void jobsToStatementsToPaidOnTheNode()
    {
        // A second coordinator that pays from a tiny threshold, a real node doing real jobs.
        CoordinatorOptions options;
        options.dataDir = m_tmp.filePath("coordinator2");
        options.heartbeat = std::chrono::milliseconds(200);
        options.prices[QStringLiteral("*")] = 1000;
        options.payouts = payoutOptions(m_tmp.filePath("payout-key2.pem"));
        options.payouts.settlement.minPayoutNano = 1000;
        Coordinator coord(m_clock, options, m_tls, *Ed25519PrivateKey::generate());
        QVERIFY(coord.start());
        const Address payTo = randomAddress();
        QVERIFY(m_chain.control(
            "fund", {{"to", coord.settlement()->address().toRaw()}, {"amountNano", QString::number(5 * kTon)}}));
        test::SimNodeOptions nodeOptions;
        nodeOptions.payout = payTo.toFriendly({false, false, true});
        const QUrl url(QStringLiteral("wss://127.0.0.1:%1").arg(coord.port()));
        auto node = test::startNode(m_clock, url, m_tls.pin, m_tmp.filePath("node"), nodeOptions);
        for (int i = 0; i < 3; ++i) {
            OwnerClient owner(m_clock, url, m_tls.pin);
            auto outcome = test::runOwner(owner, test::probeRequest());
            QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().message));
        }
        QTRY_COMPARE_WITH_TIMEOUT(node->ledger->totals()->creditedJobs, 3, 30000);
        const auto credited = node->ledger->totals()->creditedNano;
        QVERIFY(credited > 0);

        QSignalSpy done(coord.settlement(), &Settlement::roundDone);
        coord.settlement()->runRound();
        QVERIFY(done.wait(60000));
        QVERIFY2(done.last().first().toString().contains("sent"), qPrintable(done.last().first().toString()));
        coord.settlement()->runRound();
        QVERIFY(done.wait(60000));
        QVERIFY2(done.last().first().toString().contains("confirmed"), qPrintable(done.last().first().toString()));
        // The new statement (paid = credited) reaches the node without another job.
        QTRY_COMPARE_WITH_TIMEOUT(node->ledger->totals()->claimedPaidNano, credited, 30000);
        const QStringList wallets = *node->ledger->payoutWallets();
        QCOMPARE(wallets, QStringList {coord.settlement()->address().toRaw()});

        // The node's wallet monitor, with no payout source configured, matches the transfer to the
        // wallet the statement names: paid on chain = credited.
        wallet::TonCenterClient::Options api;
        api.endpoint = QUrl(m_chain.endpoint());
        wallet::TonCenterClient client(api, m_network);
        wallet::WalletMonitor monitor(m_clock, client, &*node->ledger, payTo, std::nullopt);
        QSignalSpy updated(&monitor, &wallet::WalletMonitor::updated);
        monitor.refresh();
        QVERIFY(updated.wait(60000));
        const auto totals = *node->ledger->totals();
        QCOMPARE(totals.paidNano, credited);
        QCOMPARE(totals.claimedPaidNano, totals.paidNano);
        QCOMPARE(totals.overdueNano, 0);
        // Fees are the node's wallet's own, kept apart; the balance reconciles with paid - fees.
        const auto status = updated.last().first().value<wallet::WalletStatus>();
        QCOMPARE(status.balanceNano, totals.paidNano - totals.feesNano);
        QCOMPARE(m_chain.received(coord.settlement()->address(), payTo), std::make_pair(credited, 1));
    }

    void balancesReconcile()
    {
        // Sum of payouts on chain = sum of paid in statements = sum of paid items.
        std::int64_t onChain = 0;
        auto q = m_db->query("SELECT payout, paid FROM credits WHERE payout != ''", {});
        QVERIFY(q);
        std::int64_t inCredits = 0;
        while (*q->step()) {
            onChain += m_chain.received(wallet(), Address::parse(q->text(0))->address).first;
            inCredits += q->int64(1);
        }
        QCOMPARE(onChain, inCredits);
        QCOMPARE(*m_db->scalar("SELECT coalesce(sum(nano), 0) FROM payout_items WHERE state = 'paid'"), inCredits);
        QCOMPARE(inCredits, 13 * kTon / 2 + 3 * kTon / 10 + 100 * kTon);
        // The operator sees the same at /metrics.
        const SettlementStatus st = m_coord->settlement()->status();
        QCOMPARE(st.paidNano, inCredits);
        QCOMPARE(st.inFlightNano, 0);
        QCOMPARE(st.owedNano, kTon / 2); // B's 0.5 TON, under the threshold (D has no address)
        QCOMPARE(st.batchesConfirmed, 6);
    }

private:
    PayoutOptions payoutOptions(const QString& keyFile)
    {
        PayoutOptions p;
        p.enabled = true;
        p.keyFile = keyFile;
        p.toncenter = QUrl(m_chain.endpoint());
        p.firstBackoff = std::chrono::milliseconds(10);
        p.timeout = std::chrono::milliseconds(500);
        p.autoStart = false;
        p.settlement.validFor = std::chrono::seconds(60);
        p.settlement.expiryGrace = std::chrono::seconds(10);
        p.settlement.resendEvery = std::chrono::seconds(20);
        return p;
    }
    Address wallet() const { return m_coord->settlement()->address(); }
    void syncChainClock() { QVERIFY(m_chain.control("now", {{"unix", m_clock.nowUtc().toSecsSinceEpoch()}})); }
    void advance(std::chrono::seconds s)
    {
        m_clock.advance(s);
        syncChainClock();
    }
    QString round()
    {
        QSignalSpy done(m_coord->settlement(), &Settlement::roundDone);
        m_coord->settlement()->runRound();
        if (done.isEmpty() && !done.wait(60000)) {
            return m_last = QStringLiteral("(no answer)");
        }
        return m_last = done.first().first().toString();
    }
    /// The coordinator's cumulative credit for node `tag` (as results would leave it).
    void credit(const char* tag, std::int64_t nano, std::optional<Address> payout,
        std::chrono::hours idle = std::chrono::hours(0))
    {
        const QByteArray node = QByteArray(tag).leftJustified(32, '.');
        QVERIFY(m_db->run("INSERT INTO credits(node, seq, jobs, units, nano, statement, payout, credited_ms) VALUES "
                          "(?1, 1, 1, 1, ?2, x'', ?3, ?4) ON CONFLICT(node) DO UPDATE SET seq = seq + 1, nano = "
                          "excluded.nano, credited_ms = excluded.credited_ms",
            {node, nano, payout ? payout->toRaw() : QString(),
                m_clock.nowUtc().toMSecsSinceEpoch() - std::chrono::milliseconds(idle).count()}));
    }
    std::int64_t paidOf(const char* tag)
    {
        return *m_db->scalar("SELECT paid FROM credits WHERE node = ?1", {QByteArray(tag).leftJustified(32, '.')});
    }
    QByteArray statementOf(const char* tag)
    {
        auto q = m_db->query("SELECT statement FROM credits WHERE node = ?1", {QByteArray(tag).leftJustified(32, '.')});
        return q && *q->step() ? q->blob(0) : QByteArray();
    }
    int batchCount(const char* state)
    {
        return int(*m_db->scalar("SELECT count(*) FROM payout_batches WHERE state = ?1", {QString::fromLatin1(state)}));
    }

    test::OffsetClock m_clock;
    QTemporaryDir m_tmp;
    QNetworkAccessManager m_network;
    test::TonEmulator m_chain;
    TlsIdentity m_tls;
    std::unique_ptr<Coordinator> m_coord;
    std::optional<sqlite::Database> m_db;
    Address m_a = randomAddress(), m_b = randomAddress(), m_c = randomAddress();
    QString m_last;
};

QTEST_GUILESS_MAIN(TestSettlement)
#include "TestSettlement.moc"
