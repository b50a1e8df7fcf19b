// The ledger on a real SQLite file: receipts, statements (monotonic, alarms), payouts, the three
// earning stages, aggregates and CSV, telemetry roll-ups, stepwise schema upgrades, and refusal of
// a newer schema or a damaged file.
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "TestSupport.h"
#include "common/Bytes.h"
#include "jobs/Cbor.h"
#include "ledger/Ledger.h"

#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::ledger;

class TestLedger : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir.emplace();
        m_node = *Ed25519PrivateKey::generate();
        m_coord = *Ed25519PrivateKey::generate();
    }

    void creditStatementSignsAndVerifies()
    {
        const QByteArray s = test::signedStatement(m_coord, m_node.publicKey(), 3, 2, 2000, 5'000'000'000);
        auto v = CreditStatement::verify(s);
        QVERIFY(v);
        QCOMPARE(v->seq, 3u);
        QCOMPARE(v->nano, 5'000'000'000u);
        QCOMPARE(v->coordinatorKey, m_coord.publicKey());
        for (qsizetype i = 0; i < s.size(); i += 7) {
            QVERIFY2(!CreditStatement::verify(test::flipped(s, i)), qPrintable(QString::number(i)));
        }
        QCOMPARE(CreditStatement::verify(s.left(s.size() - 1)).error().code, LedgerErrc::Malformed);
    }

    void receiptsAreIdempotentAndVerified()
    {
        auto l = open();
        const QByteArray r = test::signedReceipt(m_node, 1, "matmul", "cpu", 1500, ms(0));
        QCOMPARE(*l.recordReceipt(r), true);
        QCOMPARE(*l.recordReceipt(r), false); // redelivered: recorded once
        auto bad = l.recordReceipt(test::flipped(r, 10)); // inside the signature ("sig" sorts first)
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, LedgerErrc::BadSignature);
        QVERIFY(l.markAcked(QByteArray(reinterpret_cast<const char*>(test::jobIdFor(1).data()), 16)));
        QCOMPARE(l.totals()->earnedNano, 1500);
        QCOMPARE(l.totals()->jobs, 1);
    }

    void threeStagesReconcile()
    {
        auto l = open();
        for (int i = 0; i < 10; ++i) {
            QVERIFY(l.recordReceipt(test::signedReceipt(m_node, std::uint64_t(i), "matmul", "cpu", 100, ms(i))));
        }
        QVERIFY(
            l.recordStatement(test::signedStatement(m_coord, m_node.publicKey(), 1, 6, 6000, 600), m_node.publicKey()));
        Payout p {"hash1", 10, 1767269000, "0:aa", "0:bb", 400, 5, ""};
        QCOMPARE(*l.recordPayout(p), true);
        QCOMPARE(*l.recordPayout(p), false);
        auto t = l.totals();
        QVERIFY(t);
        QCOMPARE(t->earnedNano, 1000);
        QCOMPARE(t->creditedNano, 600);
        QCOMPARE(t->pendingNano, 400);
        QCOMPARE(t->paidNano, 400);
        QCOMPARE(t->feesNano, 5); // kept apart, never added to income
        QCOMPARE(t->creditedJobs, 6);
        QVERIFY(!t->creditedExceedsEarned);
    }

    void statementsOnlyGrow()
    {
        auto l = open();
        const auto pk = m_node.publicKey();
        QVERIFY(l.recordStatement(test::signedStatement(m_coord, pk, 5, 10, 100, 1000), pk)->stored);
        // A repeat is fine and changes nothing.
        QVERIFY(!l.recordStatement(test::signedStatement(m_coord, pk, 5, 10, 100, 1000), pk)->stored);
        // Lower total: refused, alarm kept, the higher statement stays.
        auto down = l.recordStatement(test::signedStatement(m_coord, pk, 6, 10, 100, 900), pk);
        QVERIFY(!down);
        QCOMPARE(down.error().code, LedgerErrc::Decrease);
        QVERIFY2(down.error().message.contains("0.000001000"), qPrintable(down.error().message));
        QCOMPARE(l.totals()->creditedNano, 1000);
        QCOMPARE(l.totals()->alarms, 1);
        // Another node's statement, a forged one.
        auto other = *Ed25519PrivateKey::generate();
        QCOMPARE(l.recordStatement(test::signedStatement(m_coord, other.publicKey(), 7, 1, 1, 1), pk).error().code,
            LedgerErrc::WrongNode);
        QVERIFY(!l.recordStatement(test::flipped(test::signedStatement(m_coord, pk, 7, 11, 110, 1100), 20), pk));
        QVERIFY(l.recordStatement(test::signedStatement(m_coord, pk, 7, 11, 110, 1100), pk)->stored);
        QCOMPARE(l.totals()->creditedNano, 1100);
        // A second coordinator adds its own cumulative total.
        auto coord2 = *Ed25519PrivateKey::generate();
        QVERIFY(l.recordStatement(test::signedStatement(coord2, pk, 1, 1, 1, 50), pk)->stored);
        QCOMPARE(l.totals()->creditedNano, 1150);
        QVERIFY(l.totals()->creditedExceedsEarned); // no receipts in this ledger
    }

    /// Statement v2: the coordinator's paid total next to what arrived on chain from its payout
    /// wallet, the threshold, and an overdue payment flagged after a day.
    void paidIsCheckedAgainstTheChainAndOverdueFlagged()
    {
        test::ManualClock clock; // this test's own time: it moves a day on
        auto l = *Ledger::open(m_dir->filePath("paid.sqlite"), clock);
        const auto pk = m_node.publicKey();
        const QString wallet = QStringLiteral("0:") + QString(64, u'c');
        const auto statement = [&](std::uint64_t seq, std::uint64_t nano, std::uint64_t paid) {
            return test::signedPaidStatement(m_coord, pk, seq, nano, paid, wallet, 1000);
        };
        QVERIFY(l.recordStatement(statement(1, 1500, 0), pk)->stored);
        QCOMPARE(*l.payoutWallets(), QStringList {wallet});
        QCOMPARE(l.totals()->overdueNano, 0); // due, but not for a day yet
        clock.advance(std::chrono::hours(25));
        QCOMPARE(l.totals()->overdueNano, 1500);
        QVERIFY(l.totals()->overdueSinceMs > 0);
        // Paid: the statement says so, and the chain shows it (fees apart).
        QVERIFY(l.recordStatement(statement(2, 1500, 1500), pk)->stored);
        QCOMPARE(l.totals()->claimedPaidNano, 1500);
        QCOMPARE(l.totals()->paidNano, 0); // not seen on chain yet: still overdue, by the chain
        QCOMPARE(l.totals()->overdueNano, 1500);
        QVERIFY(l.recordPayout(Payout {"tx", 1, 1767269000, "0:aa", wallet, 1500, 3, "Cocoon payout"}));
        QCOMPARE(l.totals()->paidNano, 1500);
        QCOMPARE(l.totals()->overdueNano, 0);
        // A paid total that goes down is refused like any other decrease.
        auto down = l.recordStatement(statement(3, 1600, 1000), pk);
        QVERIFY(!down);
        QCOMPARE(down.error().code, LedgerErrc::Decrease);
        // Paid above credited, or a payout wallet that is not an address: malformed.
        QCOMPARE(l.recordStatement(statement(4, 1600, 1700), pk).error().code, LedgerErrc::Malformed);
        QCOMPARE(
            l.recordStatement(test::signedPaidStatement(m_coord, pk, 5, 1600, 0, "not an address", 0), pk).error().code,
            LedgerErrc::Malformed);
    }

    void statementV1StillVerifies()
    {
        // A v1 body (8 keys, as the previous release signed them) verifies with nothing paid.
        QCborMap m;
        m.insert(QStringLiteral("v"), 1);
        m.insert(QStringLiteral("coordinator"), toByteArray(m_coord.publicKey()));
        m.insert(QStringLiteral("node"), toByteArray(m_node.publicKey()));
        m.insert(QStringLiteral("seq"), 2);
        m.insert(QStringLiteral("jobs"), 1);
        m.insert(QStringLiteral("units"), 10);
        m.insert(QStringLiteral("nano"), 100);
        m.insert(QStringLiteral("issued_ms"), 5);
        auto v = CreditStatement::verify(cbor::signBody("cocoon/v1 credit", cbor::encode(m), m_coord));
        QVERIFY2(v, v ? "" : qPrintable(v.error().message));
        QCOMPARE(v->nano, 100u);
        QCOMPARE(v->paid, 0u);
        QVERIFY(v->payoutWallet.isEmpty());
        m.insert(QStringLiteral("paid"), 1); // v1 with a v2 field: not what anyone signed as v1
        QVERIFY(!CreditStatement::verify(cbor::signBody("cocoon/v1 credit", cbor::encode(m), m_coord)));
    }

    void parsesTonExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("nano");
        QTest::newRow("whole") << "2" << qint64(2'000'000'000);
        QTest::newRow("fraction") << "0.25" << qint64(250'000'000);
        QTest::newRow("no leading digit") << ".5" << qint64(500'000'000);
        QTest::newRow("nine decimals") << "1.000000001" << qint64(1'000'000'001);
        QTest::newRow("ten decimals") << "1.0000000001" << qint64(-1);
        QTest::newRow("negative") << "-1" << qint64(-1);
        QTest::newRow("exponent") << "1e9" << qint64(-1);
        QTest::newRow("trailing dot") << "1." << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("too large") << "1234567890" << qint64(-1);
    }
    void parsesTonExactly()
    {
        QFETCH(QString, text);
        QFETCH(qint64, nano);
        QCOMPARE(parseTon(text).value_or(-1), nano);
    }

    void totalsNeverOverflow()
    {
        // Signed amounts stop at INT64_MAX (nodes refuse jobs worth more: test_job). A receipt at
        // INT64_MAX is kept; one more nanoTON would carry SUM past it and is refused, not clamped.
        auto l = open();
        QVERIFY(l.recordReceipt(test::signedReceipt(m_node, 1, "matmul", "cpu", INT64_MAX, ms(0))));
        const auto more = l.recordReceipt(test::signedReceipt(m_node, 2, "matmul", "cpu", 1, ms(1)));
        QVERIFY(!more);
        QCOMPARE(more.error().code, LedgerErrc::Overflow);
        QCOMPARE(l.totals()->earnedNano, INT64_MAX); // every read still works
        QVERIFY(l.earnings(Grouping::Kernel, 0, INT64_MAX));
    }

    void refusedResultsAreNotIncome()
    {
        auto l = open();
        QVERIFY(l.recordReceipt(test::signedReceipt(m_node, 1, "matmul", "cpu", 100, ms(0))));
        QVERIFY(l.recordReceipt(test::signedReceipt(m_node, 2, "matmul", "cpu", 200, ms(1))));
        QVERIFY(l.markRefused(toByteArray(test::jobIdFor(2)), QStringLiteral("the receipt claims 5 units")));
        QCOMPARE(l.totals()->earnedNano, 100);
        QCOMPARE(*l.unackedJobs(), QList<QByteArray> {toByteArray(test::jobIdFor(1))});
        const auto rows = l.receipts(0, INT64_MAX, 10);
        QCOMPARE(rows->size(), std::size_t(2));
        QCOMPARE(rows->front().refused, QStringLiteral("the receipt claims 5 units")); // kept, with why
        // Results never acknowledged in time are given up the same way.
        const auto old = l.giveUpUnacked(ms(1), QStringLiteral("not acknowledged"));
        QCOMPARE(*old, QList<QByteArray> {toByteArray(test::jobIdFor(1))});
        QCOMPARE(l.totals()->earnedNano, 0);
        QVERIFY(l.unackedJobs()->isEmpty());
    }

    void coordinatorKeysArePinnedPerEndpoint()
    {
        auto l = open();
        QCOMPARE(*l.coordinatorKey("coord.example:443"), std::nullopt);
        QVERIFY(l.pinCoordinatorKey("coord.example:443", QByteArray(32, '\x01')));
        QCOMPARE(**l.coordinatorKey("coord.example:443"), QByteArray(32, '\x01'));
        QCOMPARE(*l.coordinatorKey("other:443"), std::nullopt);
        QCOMPARE(l.coordinatorKeys()->size(), std::size_t(1));
        QVERIFY(*l.forgetCoordinatorKey("coord.example:443"));
        QVERIFY(!*l.forgetCoordinatorKey("coord.example:443"));
        QCOMPARE(*l.coordinatorKey("coord.example:443"), std::nullopt);
    }

    void aggregatesAndCsv()
    {
        auto l = open();
        // Two days, two kernels, two devices (UTC).
        QVERIFY(l.recordReceipt(test::signedReceipt(m_node, 1, "matmul", "cpu", 1'000'000'000, ms(0))));
        QVERIFY(l.recordReceipt(test::signedReceipt(m_node, 2, "blur", "cuda:0", 500'000'000, ms(1))));
        QVERIFY(l.recordReceipt(test::signedReceipt(m_node, 3, "matmul", "cuda:0", 250'000'000, ms(0) + 86400000)));
        QVERIFY(l.recordStatement(
            test::signedStatement(m_coord, m_node.publicKey(), 1, 2, 2, 1'500'000'000), m_node.publicKey()));
        QVERIFY(l.recordPayout({"h", 1, ms(0) / 1000 + 86400, "0:aa", "0:bb", 1'000'000'000, 1, ""}));
        const QTimeZone utc = QTimeZone::utc();
        auto days = l.earnings(Grouping::Day, 0, ms(0) + 10 * 86400000, utc);
        QVERIFY(days);
        QCOMPARE(days->size(), std::size_t(2));
        QCOMPARE(days->at(0).key, QStringLiteral("2026-01-01"));
        QCOMPARE(days->at(0).earnedNano, 1'500'000'000);
        QCOMPARE(days->at(0).creditedNano, 1'500'000'000); // statement received "now" = day 1
        QCOMPARE(days->at(1).earnedNano, 250'000'000);
        QCOMPARE(days->at(1).paidNano, 1'000'000'000);
        auto weeks = l.earnings(Grouping::Week, 0, ms(0) + 10 * 86400000, utc);
        QCOMPARE(weeks->at(0).key, QStringLiteral("2026-W01"));
        QCOMPARE(l.earnings(Grouping::Month, 0, ms(0) + 10 * 86400000, utc)->at(0).key, QStringLiteral("2026-01"));
        QCOMPARE(
            l.earnings(Grouping::Hour, 0, ms(0) + 10 * 86400000, utc)->at(0).key, QStringLiteral("2026-01-01 12:00"));
        auto kernels = l.earnings(Grouping::Kernel, 0, ms(0) + 10 * 86400000, utc);
        QCOMPARE(kernels->size(), std::size_t(2));
        QCOMPARE(kernels->at(0).key, QStringLiteral("matmul"));
        QCOMPARE(kernels->at(0).earnedNano, 1'250'000'000);
        auto devices = l.earnings(Grouping::Device, 0, ms(0) + 10 * 86400000, utc);
        QCOMPARE(devices->at(0).key, QStringLiteral("cpu"));
        auto csv = l.earningsCsv(Grouping::Day, 0, ms(0) + 10 * 86400000, utc);
        QVERIFY(csv);
        const QList<QByteArray> lines = csv->split('\n');
        QVERIFY(lines[0].startsWith("period,start_utc,jobs,units,earned_nano,earned_ton"));
        QCOMPARE(lines[1].trimmed(),
            QByteArray("\"2026-01-01\",2026-01-01T00:00:00Z,2,2000,1500000000,1.500000000,1500000000,1.500000000,0,0."
                       "000000000"));
        // A time zone moves the day boundary.
        auto tokyo = l.earnings(Grouping::Day, 0, ms(0) + 10 * 86400000, QTimeZone("Asia/Tokyo"));
        QCOMPARE(tokyo->at(0).key, QStringLiteral("2026-01-01"));
        QCOMPARE(tokyo->back().key, QStringLiteral("2026-01-02"));
    }

    void formatsTonExactly_data()
    {
        QTest::addColumn<qint64>("nano");
        QTest::addColumn<QString>("ton");
        QTest::newRow("zero") << qint64(0) << "0.000000000";
        QTest::newRow("one nano") << qint64(1) << "0.000000001";
        QTest::newRow("max") << qint64(INT64_MAX) << "9223372036.854775807";
        QTest::newRow("negative") << qint64(-1'500'000'000) << "-1.500000000";
    }
    void formatsTonExactly()
    {
        QFETCH(qint64, nano);
        QFETCH(QString, ton);
        QCOMPARE(formatTon(nano), ton);
    }

    void telemetryRollsUpPerMinuteAndIsBounded()
    {
        auto l = open();
        QVERIFY(l.recordTelemetry({"cuda:0", 50, 10, 60, 100000, 1000}, 1));
        QVERIFY(l.recordTelemetry({"cuda:0", 70, 30, 70, 200000, 3000}, 1));
        QVERIFY(l.recordTelemetry({"cuda:0", {}, {}, {}, {}, {}}, 1)); // unavailable readings
        auto s = l.database().prepare(
            "SELECT samples, util_n, util_ours_sum, temp_max, power_n, vram_max FROM telemetry_minutes");
        QVERIFY(s && *s->step());
        QCOMPARE(s->int64(0), 3);
        QCOMPARE(s->int64(1), 2);
        QCOMPARE(s->int64(2), 120);
        QCOMPARE(s->int64(3), 70);
        QCOMPARE(s->int64(4), 2);
        QCOMPARE(s->int64(5), 3000);
        m_clock.advance(std::chrono::hours(49));
        QVERIFY(l.recordTelemetry({"cuda:0", 1, 1, 1, 1, 1}, 1));
        QCOMPARE(*l.database().scalar("SELECT count(*) FROM telemetry_minutes"), 1);
    }

    void walletSnapshot()
    {
        auto l = open();
        QVERIFY(!l.walletSnapshot("0:aa")->has_value());
        QVERIFY(l.saveWalletSnapshot("0:aa", "{\"balance\":\"5\"}", 1234));
        QVERIFY(l.saveWalletSnapshot("0:aa", "{\"balance\":\"6\"}", 1235));
        auto s = l.walletSnapshot("0:aa");
        QCOMPARE((*s)->first, QByteArray("{\"balance\":\"6\"}"));
        QCOMPARE((*s)->second, 1235);
    }

    void upgradesStepwiseKeepingData()
    {
        const QString path = m_dir->filePath("ledger.sqlite");
        {
            auto v1 = Ledger::open(path, m_clock, 1);
            QVERIFY(v1);
            QCOMPARE(*v1->schemaVersion(), 1);
            QVERIFY(v1->recordReceipt(test::signedReceipt(m_node, 1, "matmul", "cpu", 7, ms(0))));
            QVERIFY(!v1->database().prepare("SELECT * FROM wallet_cache")); // not there yet
        }
        auto v2 = Ledger::open(path, m_clock);
        QVERIFY(v2);
        QCOMPARE(*v2->schemaVersion(), Ledger::kSchemaVersion);
        QCOMPARE(*v2->database().scalar("SELECT count(*) FROM schema_version"),
            Ledger::kSchemaVersion); // every step recorded
        QCOMPARE(v2->totals()->earnedNano, 7);
        QVERIFY(v2->saveWalletSnapshot("0:aa", "{}", 1));
    }

    void refusesNewerSchemaAndDamagedFiles()
    {
        const QString path = m_dir->filePath("ledger.sqlite");
        {
            auto l = Ledger::open(path, m_clock);
            QVERIFY(l);
            QVERIFY(l->database().exec("INSERT INTO schema_version VALUES (99, 0)"));
        }
        auto newer = Ledger::open(path, m_clock);
        QVERIFY(!newer);
        QCOMPARE(newer.error().code, LedgerErrc::NewerSchema);
        QVERIFY(newer.error().message.contains("update Cocoon"));

        const QString junk = m_dir->filePath("junk.sqlite");
        test::writeFile(junk, QByteArray(8192, 'x'));
        auto damaged = Ledger::open(junk, m_clock);
        QVERIFY(!damaged);
        QCOMPARE(damaged.error().code, LedgerErrc::Corrupt);
        QCOMPARE(test::readFile(junk), QByteArray(8192, 'x')); // untouched

        auto noDir = Ledger::open(m_dir->filePath("missing/dir/ledger.sqlite"), m_clock);
        QVERIFY(!noDir);
        QCOMPARE(noDir.error().code, LedgerErrc::Open);
    }

    // A window watching a headless instance reads the instance's ledger while it is written, never
    // creates, upgrades or writes one.
    void readOnlyReaderSeesTheWritersData()
    {
        const QString path = m_dir->filePath("ledger.sqlite");
        auto none = Ledger::openReadOnly(path, m_clock);
        QVERIFY(!none);
        QCOMPARE(none.error().code, LedgerErrc::Open);
        QVERIFY(!QFile::exists(path));

        auto writer = open();
        QVERIFY(writer.recordReceipt(test::signedReceipt(m_node, 1, "matmul", "cpu", 700, ms(0))));
        auto reader = Ledger::openReadOnly(path, m_clock);
        QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().message));
        QCOMPARE(reader->totals()->earnedNano, 700);
        QVERIFY(writer.recordReceipt(test::signedReceipt(m_node, 2, "matmul", "cpu", 300, ms(1))));
        QCOMPARE(reader->totals()->earnedNano, 1000); // the writer's commit is visible at once
        QVERIFY(!reader->recordReceipt(test::signedReceipt(m_node, 3, "matmul", "cpu", 5, ms(2))));
        QCOMPARE(writer.totals()->earnedNano, 1000);

        const QString old = m_dir->filePath("old.sqlite");
        QVERIFY(Ledger::open(old, m_clock, 1));
        auto older = Ledger::openReadOnly(old, m_clock);
        QVERIFY(!older);
        QVERIFY(older.error().message.contains("schema 1"));
    }

private:
    Ledger open()
    {
        auto l = Ledger::open(m_dir->filePath("ledger.sqlite"), m_clock);
        if (!l) {
            qFatal("%s", qPrintable(l.error().message));
        }
        return std::move(*l);
    }
    std::int64_t ms(int offset) const { return m_clock.nowUtc().toMSecsSinceEpoch() + offset; }

    std::optional<QTemporaryDir> m_dir;
    test::ManualClock m_clock;
    Ed25519PrivateKey m_node = *Ed25519PrivateKey::generate();
    Ed25519PrivateKey m_coord = *Ed25519PrivateKey::generate();
};

QTEST_GUILESS_MAIN(TestLedger)
#include "TestLedger.moc"
