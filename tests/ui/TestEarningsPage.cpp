// The Earnings page over a real ledger file, on the offscreen platform: the chart's bars and
// cumulative lines carry exactly the ledger's amounts, the totals show the three stages apart,
// the breakdowns per kernel and device, a rollback alarm, the range selector, test-TON labelling
// and the CSV export (byte for byte what the ledger exports).
#include "EarningsPage.h"
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "ledger/Ledger.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocoon;

namespace {
constexpr std::int64_t kDay = 24LL * 3600 * 1000;
}

class TestEarningsPage : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir.emplace();
        m_clock.emplace(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
        m_ledger.emplace(std::move(*ledger::Ledger::open(m_dir->filePath("ledger.sqlite"), *m_clock)));
        const std::int64_t now = m_clock->nowUtc().toMSecsSinceEpoch();
        // Two days of work: 3 jobs yesterday (2 kernels), 1 today; the coordinator credited 3 jobs.
        QVERIFY(*m_ledger->recordReceipt(test::signedReceipt(m_node, 1, "ai.mlp", "cpu", 1000, now - kDay)));
        QVERIFY(*m_ledger->recordReceipt(test::signedReceipt(m_node, 2, "ai.mlp", "cpu", 2000, now - kDay + 5)));
        QVERIFY(
            *m_ledger->recordReceipt(test::signedReceipt(m_node, 3, "media.resize", "cuda:0", 4000, now - kDay + 9)));
        QVERIFY(*m_ledger->recordReceipt(test::signedReceipt(m_node, 4, "media.resize", "cuda:0", 8000, now - 1000)));
        QVERIFY(m_ledger->recordStatement(
            test::signedStatement(m_coordinator, m_node.publicKey(), 1, 3, 3000, 7000, std::uint64_t(now)),
            m_node.publicKey()));
    }
    void cleanup()
    {
        m_ledger.reset();
        m_dir.reset();
    }

    void chartAndTotalsMatchTheLedger()
    {
        ui::EarningsPage page(*m_clock);
        page.setLedger(&*m_ledger, false);
        page.resize(1000, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY2(
            page.totalsLabel()->text().contains("Pending 0.000008000 · Credited 0.000007000 · Paid 0.000000000 TON"),
            qPrintable(page.totalsLabel()->text()));

        const auto series = page.chart()->series();
        QCOMPARE(series.size(), 4); // bars + three cumulative lines
        auto* bars = qobject_cast<QBarSeries*>(series[0]);
        QVERIFY(bars);
        QCOMPARE(bars->count(), 3);
        const QBarSet* earned = bars->barSets()[0];
        QCOMPARE(earned->count(), 2); // two days with work
        QCOMPARE(earned->at(0), 7000 / 1e9);
        QCOMPARE(earned->at(1), 8000 / 1e9);
        auto* cumEarned = qobject_cast<QLineSeries*>(series[1]);
        QVERIFY(cumEarned);
        QCOMPARE(cumEarned->at(1).y(), 15000 / 1e9);

        QCOMPARE(page.byKernel()->rowCount(), 2);
        QStringList kernels {page.byKernel()->item(0, 0)->text(), page.byKernel()->item(1, 0)->text()};
        kernels.sort();
        QCOMPARE(kernels, (QStringList {"ai.mlp", "media.resize"}));
        QCOMPARE(page.byDevice()->rowCount(), 2);
        QVERIFY(!page.grab().toImage().isNull());
    }

    void rangeSelectorAndTestTon()
    {
        ui::EarningsPage page(*m_clock);
        page.setLedger(&*m_ledger, true);
        QVERIFY(page.totalsLabel()->text().contains("test TON"));
        QVERIFY(page.chart()->title().contains("test TON"));
        page.rangeBox()->setCurrentIndex(3); // 12 months, by month
        auto* bars = qobject_cast<QBarSeries*>(page.chart()->series()[0]);
        QCOMPARE(bars->barSets()[0]->count(), 1); // one month
        QCOMPARE(bars->barSets()[0]->at(0), 15000 / 1e9);
        QVERIFY(page.chart()->title().contains("month"));
    }

    void rollbackAlarmIsShown()
    {
        QVERIFY(!m_ledger->recordStatement(
            test::signedStatement(m_coordinator, m_node.publicKey(), 2, 1, 1000, 1000), m_node.publicKey()));
        ui::EarningsPage page(*m_clock);
        page.setLedger(&*m_ledger, false);
        QVERIFY2(page.totalsLabel()->text().contains("lower total"), qPrintable(page.totalsLabel()->text()));
    }

    void csvExportIsTheLedgersExport()
    {
        ui::EarningsPage page(*m_clock);
        page.setLedger(&*m_ledger, false);
        const QString path = m_dir->filePath("out.csv");
        QCOMPARE(page.exportCsv(path), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const std::int64_t now = m_clock->nowUtc().toMSecsSinceEpoch();
        QCOMPARE(f.readAll(), *m_ledger->earningsCsv(ledger::Grouping::Day, now - 7 * kDay, now + 1));
        QVERIFY(page.exportCsv(m_dir->filePath("no/such/dir/out.csv")).startsWith("Could not write"));
    }

    void withoutALedgerItSaysWhy()
    {
        ui::EarningsPage page(*m_clock);
        page.setLedger(nullptr, false);
        QVERIFY(page.totalsLabel()->text().contains("could not be opened"));
        QVERIFY(!page.exportCsv(m_dir->filePath("x.csv")).isEmpty());
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::optional<test::ManualClock> m_clock;
    std::optional<ledger::Ledger> m_ledger;
    Ed25519PrivateKey m_node = *Ed25519PrivateKey::generate();
    Ed25519PrivateKey m_coordinator = *Ed25519PrivateKey::generate();
};

QTEST_MAIN(TestEarningsPage)
#include "TestEarningsPage.moc"
