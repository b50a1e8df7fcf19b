// The Dashboard on the offscreen platform: it shows what the core reports — the governor's
// decisions in plain words, telemetry readings and their chart, the current job, today's earnings
// from a real ledger, the benchmark's stop latency — and samples only while visible.
#include "DashboardPage.h"
#include "GovernorRig.h"
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "config/Settings.h"
#include "crypto/Ed25519.h"
#include "ledger/Ledger.h"
#include "sched/Governor.h"

#include <QApplication>
#include <QChartView>
#include <QLabel>
#include <QTemporaryDir>
#include <QtTest>

using namespace std::chrono_literals;
using namespace cocoon;
using namespace cocoon::ui;

class TestDashboardPage : public QObject
{
    Q_OBJECT
private slots:
    void showsWhatTheCoreReports()
    {
        test::ManualClock clock;
        test::GovernorRig rig(clock, {{"sched.mode", "always"}}, {"cpu", "gpu0"});
        sched::Governor& governor = rig.governor;
        test::ScriptedProbe& probe = rig.probe;

        DashboardPage page(clock, {{"cpu", "CPU (2 threads)"}, {"gpu0", "NVIDIA RTX 4070"}});
        page.attachScheduler(&governor);
        QVERIFY2(page.stateText("gpu0").contains("Running"), qPrintable(page.stateText("gpu0")));
        probe.script.idleFor = 5s;
        governor.tick();
        QVERIFY(page.stateText("gpu0").contains("Throttled"));
        QVERIFY(page.stateText("gpu0").contains("30%"));
        probe.script.fullscreenApp = "Elden Ring";
        governor.tick();
        QVERIFY(page.stateText("gpu0").contains("Paused"));
        QVERIFY2(page.stateText("gpu0").contains("Elden Ring"), qPrintable(page.stateText("gpu0")));

        page.setReadings([](const QString& device) {
            DeviceReading r;
            if (device == "gpu0") {
                r.oursPercent = 61;
                r.othersPercent = 7;
                r.temperatureC = 66;
                r.powerW = 180;
                r.vramUsedBytes = 3ull << 30;
                r.vramTotalBytes = 12ull << 30;
            }
            return r;
        });
        page.sample();
        page.sample();
        const QString gpu = page.readingText("gpu0");
        QVERIFY2(gpu.contains("ours 61%") && gpu.contains("others 7%") && gpu.contains("66 °C") && gpu.contains("180 W")
                && gpu.contains("VRAM 3.0 / 12.0 GiB"),
            qPrintable(gpu));
        QVERIFY(page.readingText("cpu").contains("ours –")); // unknown is said, not invented
        QCOMPARE(page.chartPoints("gpu0"), 2);
        for (int i = 0; i < 200; ++i)
            page.sample();
        QCOMPARE(page.chartPoints("gpu0"), 150); // five minutes, bounded

        page.setJob("gpu0", "matmul.f32");
        QVERIFY(page.jobText("gpu0").contains("matmul.f32"));
        page.setJob("gpu0", {});
        QCOMPARE(page.jobText("gpu0"), QStringLiteral("No job"));

        page.setTier(false, "no confidential VM");
        page.setBenchmark(QJsonObject {{"device", "cpu"},
                              {"stop_latency_ms", QJsonObject {{"p50", 1.25}, {"p99", 4.5}, {"runs", 10}}}},
            clock.nowUtc());
        QVERIFY2(page.latencyLabel()->text().contains("1.2 ms typical")
                || page.latencyLabel()->text().contains("1.3 ms typical"),
            qPrintable(page.latencyLabel()->text()));
        QVERIFY(page.latencyLabel()->text().contains("4.5 ms worst of 10"));
    }

    void todaysEarningsFromTheLedger()
    {
        test::ManualClock clock(QDateTime(QDate(2026, 11, 20), QTime(12, 0)).toUTC()); // local noon
        QTemporaryDir dir;
        auto book = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(book);
        DashboardPage page(clock, {{"cpu", "CPU"}});
        page.setLedger(&*book, true);
        QVERIFY2(page.earningsLabel()->text().contains("0.000000000 test TON from 0 job"),
            qPrintable(page.earningsLabel()->text()));
        const auto node = Ed25519PrivateKey::generate();
        const std::uint64_t now = std::uint64_t(clock.nowUtc().toMSecsSinceEpoch());
        QVERIFY(*book->recordReceipt(test::signedReceipt(*node, 1, "matmul.f32", "cpu", 2'500'000'000, now - 1000)));
        QVERIFY(
            *book->recordReceipt(test::signedReceipt(*node, 2, "matmul.f32", "cpu", 7, now - 86'400'000))); // yesterday
        page.sample();
        QVERIFY2(page.earningsLabel()->text().contains("2.500000000 test TON from 1 job"),
            qPrintable(page.earningsLabel()->text()));
    }

    void forecastAndItsError()
    {
        test::ManualClock clock;
        DashboardPage page(clock, {{"cpu", "CPU"}});
        QVERIFY(page.forecastLabel()->text().contains("run the benchmark"));
        page.setForecast(std::nullopt, false, "waiting for the coordinator's prices.");
        QCOMPARE(page.forecastLabel()->text(), QStringLiteral("Forecast: waiting for the coordinator's prices."));
        node::EarningsForecast f;
        f.nanoPerDay = 86'400'000;
        page.setForecast(f, true, {});
        QVERIFY2(page.forecastLabel()->text().contains("about 0.086400000 test TON a day"),
            qPrintable(page.forecastLabel()->text()));
        QVERIFY(page.forecastLabel()->text().contains("compared after an hour"));
        f.actualNanoPerDay = 43'200'000;
        f.daysMeasured = 2;
        f.errorPercent = -50;
        page.setForecast(f, false, {});
        QVERIFY2(page.forecastLabel()->text().contains(
                     "Actually earned over the last 2.0 day(s): 0.043200000 TON a day (-50% against the forecast)"),
            qPrintable(page.forecastLabel()->text()));
    }

    void chartsFollowALightOrDarkPalette()
    {
        test::ManualClock clock;
        const QPalette original = QApplication::palette();
        QPalette dark = original;
        dark.setColor(QPalette::Window, QColor(30, 30, 30));
        dark.setColor(QPalette::WindowText, Qt::white);
        QApplication::setPalette(dark);
        DashboardPage darkPage(clock, {{"cpu", "CPU"}});
        QCOMPARE(darkPage.findChild<QChartView*>()->chart()->theme(), QChart::ChartThemeDark);
        QApplication::setPalette(original);
        DashboardPage lightPage(clock, {{"cpu", "CPU"}});
        QCOMPARE(lightPage.findChild<QChartView*>()->chart()->theme(), QChart::ChartThemeLight);
    }

    void samplesOnlyWhileVisible()
    {
        test::ManualClock clock;
        DashboardPage page(clock, {{"cpu", "CPU"}});
        int reads = 0;
        page.setReadings([&](const QString&) {
            ++reads;
            return DeviceReading {};
        });
        QCOMPARE(reads, 0);
        page.show();
        QCOMPARE(reads, 1); // at once when shown
        QVERIFY(page.isSampling());
        page.hide();
        QVERIFY(!page.isSampling()); // hidden (e.g. in the tray): no reads at all
        QCOMPARE(reads, 1);
    }
};

QTEST_MAIN(TestDashboardPage)
#include "TestDashboardPage.moc"
