// Crash safety: a child process writing receipts and statements is killed with SIGKILL at random
// points, many times; after every kill the ledger reopens and its invariants hold: the file passes
// SQLite's integrity check, no half-written row exists, every commit the writer reported is
// there, receipts have no gaps, totals add up and statements only grow.
#include "ManualClock.h"
#include "TestSupport.h"
#include "jobs/Receipt.h"
#include "ledger/Ledger.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::ledger;

class TestLedgerCrash : public QObject
{
    Q_OBJECT
private slots:
    void survivesSigkill()
    {
        const QString writer = qEnvironmentVariable("COCOON_LEDGER_WRITER");
        QVERIFY2(QFile::exists(writer), "COCOON_LEDGER_WRITER must name the ledger_writer helper");
        QTemporaryDir dir;
        const QString path = dir.filePath("ledger.sqlite");
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator rng(seed);
        qInfo("random seed %u", seed);
        std::int64_t lastReceipt = -1, lastStatement = -1, next = 0;
        const int rounds = 100;
        for (int round = 0; round < rounds; ++round) {
            QProcess p;
            p.start(writer, {path, QString::number(next)});
            QVERIFY(p.waitForStarted(10000));
            // Let it commit a random number of records, then kill it wherever it is.
            const int lines = int(rng.bounded(1, 40));
            int seen = 0;
            QByteArray pending;
            while (seen < lines) {
                if (!p.canReadLine() && !p.waitForReadyRead(10000)) {
                    QFAIL(qPrintable("writer stopped: " + p.readAllStandardError()));
                }
                while (p.canReadLine()) {
                    const QByteArray line = p.readLine().trimmed();
                    const std::int64_t n = line.mid(2).toLongLong();
                    (line.startsWith('r') ? lastReceipt : lastStatement) = n;
                    ++seen;
                }
            }
            p.kill(); // SIGKILL
            p.waitForFinished(10000);
            // Lines written just before the kill still count: the commit happened before the print.
            while (p.canReadLine()) {
                const QByteArray line = p.readLine().trimmed();
                if (line.size() > 2) {
                    (line.startsWith('r') ? lastReceipt : lastStatement) = line.mid(2).toLongLong();
                }
            }
            next = checkInvariants(path, lastReceipt, lastStatement, seed);
            if (QTest::currentTestFailed()) {
                return;
            }
        }
        QVERIFY(next > rounds); // it did real work
    }

private:
    /// Checks the file and returns the number of receipts in it (where the writer resumes).
    std::int64_t checkInvariants(
        const QString& path, std::int64_t lastReceipt, std::int64_t lastStatement, quint32 seed)
    {
        test::ManualClock clock;
        auto l = Ledger::open(path, clock);
        [&] {
            QVERIFY2(l, qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(l ? QString() : l.error().message)));
        }();
        if (!l) {
            return 0;
        }
        auto integrity = l->database().prepare("PRAGMA integrity_check");
        [&] {
            QVERIFY(integrity && *integrity->step());
            QCOMPARE(integrity->text(0), QStringLiteral("ok"));
        }();
        auto t = l->totals();
        const std::int64_t count = t ? t->jobs : 0;
        [&] {
            QVERIFY(t);
            // Every acknowledged receipt is there, and nothing beyond one more in-flight one.
            QVERIFY2(count >= lastReceipt + 1,
                qPrintable(
                    QStringLiteral("seed %1: %2 receipts, writer reported %3").arg(seed).arg(count).arg(lastReceipt)));
            QCOMPARE(t->earnedNano, 1000 * count);
            // Job ids are exactly 0..count-1: no gaps, no half rows; each stored receipt verifies.
            auto s = l->database().prepare("SELECT job_id, signed, price_nano FROM receipts ORDER BY job_id");
            QVERIFY(s);
            std::int64_t expect = 0;
            for (auto row = s->step(); row && *row; row = s->step(), ++expect) {
                auto r = jobs::Receipt::verify(s->blob(1));
                QVERIFY(r);
                QCOMPARE(s->int64(2), 1000);
                std::int64_t id = 0;
                for (int i = 8; i < 16; ++i) {
                    id = (id << 8) | r->jobId[std::size_t(i)];
                }
                QCOMPARE(id, expect);
            }
            QCOMPARE(expect, count);
            // Statements: the newest acknowledged one is held, totals only grow, never above earned.
            QVERIFY(t->creditedNano >= (lastStatement >= 0 ? 1000 * (lastStatement + 1) : 0));
            QVERIFY(t->creditedNano <= t->earnedNano);
            QCOMPARE(t->alarms, 0);
            auto st = l->database().prepare("SELECT seq, nano FROM statements ORDER BY seq");
            std::int64_t prev = -1;
            for (auto row = st->step(); row && *row; row = st->step()) {
                QVERIFY(st->int64(1) > prev);
                QCOMPARE(st->int64(1), 1000 * st->int64(0));
                prev = st->int64(1);
            }
        }();
        return count;
    }
};

QTEST_GUILESS_MAIN(TestLedgerCrash)
#include "TestLedgerCrash.moc"
