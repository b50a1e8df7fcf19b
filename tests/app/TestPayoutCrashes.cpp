// Exactly-once payouts across crashes: the real cocoon-coordinator, killed with SIGKILL (its own
// test hook, COCOON_COORDINATOR_CRASH_AT) at each stage of a payout batch — after the intent is
// persisted and before it is sent; after it is sent and before it is confirmed; after the chain
// confirmed it and before that was committed; after the commit — then started again. On the TON
// emulator every node receives exactly what it is owed, in exactly one transfer, and the
// coordinator's paid totals equal what the chain shows.
#include "TestSupport.h"
#include "TonEmulator.h"
#include "crypto/Ed25519.h"
#include "ledger/Sqlite.h"
#include "wallet/WalletContract.h"

#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace cocoon;
using wallet::Address;

namespace {
constexpr std::int64_t kTon = 1'000'000'000;
}

class TestPayoutCrashes : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (const QString why = test::TonEmulator::unavailable(); !why.isEmpty()) {
            COCOON_SKIP_OR_FAIL(why);
        }
        QVERIFY(m_chain.start());
    }

    void killedAtEachStagePaysExactlyOnce_data()
    {
        QTest::addColumn<QString>("stage");
        QTest::newRow("before send") << QStringLiteral("signed");
        QTest::newRow("after send, before confirm") << QStringLiteral("sent");
        QTest::newRow("after confirm, before commit") << QStringLiteral("confirmed");
        QTest::newRow("after commit") << QStringLiteral("committed");
    }

    void killedAtEachStagePaysExactlyOnce()
    {
        QFETCH(QString, stage);
        const QString dir = m_tmp.filePath(stage);
        const QString keyFile = dir + QStringLiteral("/payout-key.pem");
        QVERIFY(QDir().mkpath(dir));
        auto key = Ed25519PrivateKey::generate();
        QVERIFY(key && key->saveFile(keyFile));
        const Address payoutWallet = wallet::walletAddress({wallet::WalletVersion::V5R1, 0, false}, key->publicKey());
        QVERIFY(m_chain.control("fund", {{"to", payoutWallet.toRaw()}, {"amountNano", QString::number(10 * kTon)}}));

        // First start: the database (schema and all); then three nodes are owed 2 TON each.
        QVERIFY(runUntilReady(dir, keyFile, {}));
        auto db = sqlite::Database::open(dir + QStringLiteral("/coordinator.sqlite"));
        QVERIFY(db);
        std::vector<Address> payees(3);
        for (std::size_t i = 0; i < payees.size(); ++i) {
            QRandomGenerator::global()->generate(payees[i].hash.begin(), payees[i].hash.end());
            QVERIFY(db->run("INSERT INTO credits(node, seq, jobs, units, nano, statement, payout, credited_ms) "
                            "VALUES (?1, 1, 1, 1, ?2, x'', ?3, 0)",
                {QByteArray(32, char('a' + i)), 2 * kTon, payees[i].toRaw()}));
        }

        // Killed at the stage.
        {
            QProcess p;
            start(p, dir, keyFile, stage);
            QVERIFY2(p.waitForFinished(60000), "the coordinator did not reach the stage");
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        }
        // Started again: it reconciles and finishes the job.
        QProcess p;
        start(p, dir, keyFile, {});
        QTRY_VERIFY_WITH_TIMEOUT(
            *db->scalar("SELECT count(*) FROM credits WHERE paid = nano AND payout != ''") == 3, 60000);
        p.kill();
        p.waitForFinished(10000);
        std::int64_t total = 0;
        for (const Address& a : payees) {
            QCOMPARE(m_chain.received(payoutWallet, a), std::make_pair(2 * kTon, 1));
            total += 2 * kTon;
        }
        QCOMPARE(*db->scalar("SELECT sum(paid) FROM credits"), total);
        QCOMPARE(*db->scalar("SELECT count(*) FROM payout_batches WHERE state = 'confirmed'"), 1);
    }

private:
    QStringList args(const QString& dir, const QString& keyFile) const
    {
        return {QStringLiteral("--data-dir"), dir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
            QStringLiteral("--payout-key"), keyFile, QStringLiteral("--toncenter"), m_chain.endpoint(),
            QStringLiteral("--settle-seconds"), QStringLiteral("1")};
    }
    void start(QProcess& p, const QString& dir, const QString& keyFile, const QString& crashAt)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!crashAt.isEmpty()) {
            env.insert(QStringLiteral("COCOON_COORDINATOR_CRASH_AT"), crashAt);
        }
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QDir(test::binDir()).filePath(QStringLiteral("cocoon-coordinator")), args(dir, keyFile));
        QVERIFY(p.waitForStarted(10000));
    }
    bool runUntilReady(const QString& dir, const QString& keyFile, const QString& crashAt)
    {
        QProcess p;
        start(p, dir, keyFile, crashAt);
        const bool ready = QTest::qWaitFor([&] { return p.canReadLine() || p.state() != QProcess::Running; }, 30000)
            && p.readLine().contains("listening");
        p.kill();
        p.waitForFinished(10000);
        return ready;
    }

    QTemporaryDir m_tmp;
    test::TonEmulator m_chain;
};

QTEST_GUILESS_MAIN(TestPayoutCrashes)
#include "TestPayoutCrashes.moc"
