// Wallet status against a real TON virtual machine: tests/ton-emulator/server.mjs runs @ton/sandbox
// behind the toncenter v2 endpoints on loopback. Payouts sent on that chain show up with the exact
// balance and are recorded as paid in the ledger; more than 100 transactions are paged through;
// rate limiting is retried; a v5r1 wallet that toncenter does not recognise gets its seqno from the
// data cell; and when the emulator is stopped mid-session the last state is shown with its age,
// then fresh data again when it returns.
#include "ManualClock.h"
#include "TestSupport.h"
#include "TonEmulator.h"
#include "ledger/Ledger.h"
#include "wallet/WalletMonitor.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::wallet;

namespace {
// A phrase from @ton/crypto (see TestMnemonic) and its v5r1 address.
const char* kPhrase = "coral tail remind voice alien capital tip dismiss dismiss wrestle swamp clean useless develop "
                      "portion cricket monkey thing awake impact someone retreat plug suggest";
const char* kUser = "UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U"; // the v4r2 vector, never deployed
} // namespace

class TestWalletEmulator : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (const QString why = test::TonEmulator::unavailable(); !why.isEmpty()) {
            COCOON_SKIP_OR_FAIL(why);
        }
        QVERIFY(startEmulator(0));
        auto l = ledger::Ledger::open(m_tmp.filePath("ledger.sqlite"), m_clock);
        QVERIFY(l);
        m_ledger.emplace(std::move(*l));
    }

    void payoutsShowWithExactBalance()
    {
        QVERIFY(control(
            "payout", {{"to", kUser}, {"amountNano", "1500000000"}, {"count", 3}, {"comment", "cocoon week 47"}}));
        // Someone else's transfer is not a payout.
        const WalletStatus s = refresh(kUser);
        QVERIFY2(!s.cached && s.known, qPrintable(s.error));
        QCOMPARE(s.state, QStringLiteral("uninitialized"));
        QCOMPARE(s.transactions.size(), std::size_t(3));
        QCOMPARE(s.transactions.front().valueNano, 1'500'000'000);
        QCOMPARE(s.transactions.front().comment, QStringLiteral("cocoon week 47"));
        QCOMPARE(s.newPayouts, 3);
        auto t = m_ledger->totals();
        QCOMPARE(t->paidNano, 4'500'000'000);
        // The balance reconciles exactly with what was paid less the storage fees the chain took.
        // Those depend on the seconds between the transfers (a slow machine sees a nanoTON or
        // two), so they are bounded rather than assumed to be zero.
        QVERIFY2(t->feesNano >= 0 && t->feesNano < 1000, qPrintable(QString::number(t->feesNano)));
        QCOMPARE(s.balanceNano, t->paidNano - t->feesNano);
        // Seen again: nothing is counted twice.
        const WalletStatus again = refresh(kUser);
        QCOMPARE(again.newPayouts, 0);
        QCOMPARE(m_ledger->totals()->paidNano, 4'500'000'000);
    }

    void pagesThroughMoreThan100Transactions()
    {
        QVERIFY(control("payout", {{"to", kUser}, {"amountNano", "1000"}, {"count", 130}}));
        const WalletStatus s = refresh(kUser);
        QVERIFY2(!s.cached, qPrintable(s.error));
        QCOMPARE(s.transactionsRead, 130); // two pages, stopping at what was already known
        QCOMPARE(s.newPayouts, 130);
        QCOMPARE(m_ledger->totals()->paidNano, 4'500'000'000 + 130'000);
        // The chain charges storage fees over time; they are kept apart from income, and the
        // balance reconciles exactly: paid - fees.
        QCOMPARE(s.balanceNano, m_ledger->totals()->paidNano - m_ledger->totals()->feesNano);
        m_balance = s.balanceNano;
        QCOMPARE(s.transactions.size(), std::size_t(20));
    }

    void retriesRateLimiting()
    {
        QVERIFY(control("fail", {{"status", 429}, {"count", 2}}));
        const WalletStatus s = refresh(kUser);
        QVERIFY2(!s.cached, qPrintable(s.error));
        QCOMPARE(m_client->retries(), 2);
        QVERIFY(control("fail", {{"status", 500}, {"count", 10}}));
        const WalletStatus down = refresh(kUser);
        QVERIFY(down.cached);
        QVERIFY2(down.error.contains("HTTP 500"), qPrintable(down.error));
        QVERIFY(control("fail", {{"status", 500}, {"count", 0}}));
    }

    void v5r1SeqnoFromTheDataCell()
    {
        auto r = control("deploy", {{"mnemonic", kPhrase}, {"version", "v5r1"}});
        QVERIFY(r);
        const QString address = (*r)["address"].toString();
        const WalletStatus s = refresh(address);
        QVERIFY2(!s.cached, qPrintable(s.error));
        QCOMPARE(s.state, QStringLiteral("active"));
        QCOMPARE(s.version, QStringLiteral("v5r1"));
        QCOMPARE(s.seqno, std::optional<std::uint32_t>(1));
        QVERIFY(s.balanceNano > 1'000'000'000 && s.balanceNano < 2'000'000'000); // 2 TON in, 0.1 out, fees
        QCOMPARE(s.newPayouts, 0); // funded by someone else
    }

    void cocoonctlWalletStatus()
    {
        QProcess p;
        p.start(QDir(test::binDir()).filePath("cocoonctl"),
            {"--data-dir", m_tmp.filePath("ctl"), "wallet", "status", kUser, "--endpoint", endpoint(), "--json"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(o["balanceNano"].toString(), QString::number(m_balance));
        QCOMPARE(o["nonBounceable"].toString(), QString::fromLatin1(kUser));
    }

    void addressBalanceAndApiKey()
    {
        std::optional<Expected<std::int64_t, WalletError>> got;
        m_client->addressBalance(Address::parse(QString::fromLatin1(kUser))->address,
            [&](Expected<std::int64_t, WalletError> b) { got = b; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 30000);
        QVERIFY(*got);
        QCOMPARE(**got, m_balance);
    }

    void apiKeyIsSentAndItsRefusalExplained()
    {
        // A second emulator that demands a key.
        test::TonEmulator keyed;
        QVERIFY(keyed.start(0, {"--api-key", "s3cret"}));
        const int port = keyed.port();
        for (const QString& key : {QStringLiteral("wrong"), QStringLiteral("s3cret")}) {
            TonCenterClient::Options options;
            options.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1/api/v2").arg(port)); // no trailing slash
            options.apiKey = key;
            TonCenterClient client(options, m_network);
            std::optional<Expected<std::int64_t, WalletError>> got;
            client.addressBalance(Address::parse(QString::fromLatin1(kUser))->address,
                [&](Expected<std::int64_t, WalletError> b) { got = b; });
            QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 30000);
            if (key == u"wrong") {
                QVERIFY(!*got);
                QVERIFY2(got->error().message.contains("refused the API key"), qPrintable(got->error().message));
            } else {
                QVERIFY2(*got, *got ? "" : qPrintable(got->error().message));
                QCOMPARE(**got, 0);
            }
        }
    }

    void offlineShowsCachedStateThenRecovers()
    {
        const WalletStatus before = refresh(kUser);
        QVERIFY(!before.cached);
        m_emulator.stop(); // stopped mid-session
        m_clock.advance(std::chrono::minutes(7));
        const WalletStatus offline = refresh(kUser);
        QVERIFY(offline.cached);
        QCOMPARE(offline.balanceNano, before.balanceNano);
        QCOMPARE(offline.ageMs, qint64(7 * 60 * 1000));
        QVERIFY2(offline.error.contains("cannot reach"), qPrintable(offline.error));
        // It comes back (a fresh chain on the same port): fresh data, not the cache.
        QVERIFY(startEmulator(m_port));
        QVERIFY(control("payout", {{"to", kUser}, {"amountNano", "2000000000"}}));
        const WalletStatus back = refresh(kUser);
        QVERIFY2(!back.cached, qPrintable(back.error));
        QCOMPARE(back.balanceNano, 2'000'000'000);
        QCOMPARE(back.ageMs, 0);
    }

private:
    bool startEmulator(int port)
    {
        if (!m_emulator.start(port)) {
            return false;
        }
        m_port = m_emulator.port();
        m_coordinator = m_emulator.coordinator();
        TonCenterClient::Options options;
        options.endpoint = QUrl(endpoint());
        options.firstBackoff = std::chrono::milliseconds(20);
        options.timeout = std::chrono::milliseconds(20000);
        m_client = std::make_unique<TonCenterClient>(options, m_network);
        return m_port > 0;
    }
    QString endpoint() const { return m_emulator.endpoint(); }

    std::optional<QJsonObject> control(const QString& call, const QJsonObject& body)
    {
        return m_emulator.control(call, body);
    }

    WalletStatus refresh(const QString& address)
    {
        WalletMonitor monitor(m_clock, *m_client, &*m_ledger, Address::parse(address)->address, m_coordinator);
        QSignalSpy spy(&monitor, &WalletMonitor::updated);
        monitor.refresh();
        if (spy.isEmpty() && !spy.wait(60000)) {
            return {};
        }
        return spy.takeFirst().at(0).value<WalletStatus>();
    }

    QTemporaryDir m_tmp;
    test::ManualClock m_clock;
    QNetworkAccessManager m_network;
    test::TonEmulator m_emulator;
    int m_port = 0;
    std::int64_t m_balance = 0;
    std::optional<Address> m_coordinator;
    std::unique_ptr<TonCenterClient> m_client;
    std::optional<ledger::Ledger> m_ledger;
};

QTEST_GUILESS_MAIN(TestWalletEmulator)
#include "TestWalletEmulator.moc"
