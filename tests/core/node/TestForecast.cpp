// The earnings forecast: speed x price x the hours the schedule allows x duty, in nanoTON a day;
// its inputs read from real settings and a benchmark report; and its error against what a real
// ledger's receipts show was earned.
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "TestSupport.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "node/Forecast.h"
#include "node/SettingChecks.h"

#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::node;

class TestForecast : public QObject
{
    Q_OBJECT
private slots:
    void forecastPerDay_data()
    {
        QTest::addColumn<double>("unitsPerSecond");
        QTest::addColumn<double>("price");
        QTest::addColumn<double>("hoursPerWeek");
        QTest::addColumn<double>("duty");
        QTest::addColumn<qint64>("nanoPerDay");
        QTest::newRow("around the clock") << 1000.0 << 2.0 << 168.0 << 1.0 << qint64(172'800'000);
        QTest::newRow("office hours at half duty") << 1000.0 << 2.0 << 40.0 << 0.5 << qint64(20'571'429);
        QTest::newRow("no hours allowed") << 1000.0 << 2.0 << 0.0 << 1.0 << qint64(0);
        QTest::newRow("free work earns nothing") << 1000.0 << 0.0 << 168.0 << 1.0 << qint64(0);
        QTest::newRow("nonsense clamps") << -5.0 << 2.0 << 500.0 << 3.0 << qint64(0);
        QTest::newRow("saturates") << 1e18 << 1e9 << 168.0 << 1.0 << qint64(INT64_MAX);
    }
    void forecastPerDay()
    {
        QFETCH(double, unitsPerSecond);
        QFETCH(double, price);
        QFETCH(double, hoursPerWeek);
        QFETCH(double, duty);
        QFETCH(qint64, nanoPerDay);
        const auto f = forecastEarnings({unitsPerSecond, price, hoursPerWeek, duty}, nullptr, 0);
        QCOMPARE(f.nanoPerDay, nanoPerDay);
        QVERIFY(!f.actualNanoPerDay);
        QVERIFY(!f.errorPercent);
    }

    void inputsFromSettingsAndBenchmark()
    {
        QTemporaryDir dir;
        test::ManualClock clock;
        Settings settings(dir.filePath("settings.json"), clock, settingChecks());
        QVERIFY(settings.set(QString::fromLatin1(keys::schedSchedule), QStringLiteral("mon-fri 9-17")));
        QVERIFY(settings.set(QString::fromLatin1(keys::schedDutyIdle), 50));
        const auto in = forecastInputs(settings, QJsonObject {{"score", 12.5}}, 3);
        QVERIFY(in);
        QCOMPARE(in->unitsPerSecond, 12.5e6);
        QCOMPARE(in->priceNanoPerUnit, 3.0);
        QCOMPARE(in->hoursPerWeek, 40.0);
        QCOMPARE(in->duty, 0.5);
        QVERIFY(!forecastInputs(settings, QJsonObject {}, 3)); // no benchmark, no forecast
    }

    void comparedWithWhatWasEarned()
    {
        QTemporaryDir dir;
        test::ManualClock clock;
        auto book = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(book);
        const ForecastInputs in {1000, 1, 168, 1}; // 86,400,000 nanoTON a day
        const std::int64_t start = clock.nowUtc().toMSecsSinceEpoch();
        // Nothing earned yet: a forecast, no comparison.
        QVERIFY(!forecastEarnings(in, &*book, start).actualNanoPerDay);
        // Two days, 43,200,000 nanoTON a day: half the forecast.
        const auto node = *Ed25519PrivateKey::generate();
        for (int i = 0; i < 48; ++i) {
            QVERIFY(book->recordReceipt(test::signedReceipt(
                node, std::uint64_t(i), "bench.probe", "cpu", 1'800'000, start + i * 3'600'000 + 20)));
        }
        // One refused result is not income.
        QVERIFY(book->recordReceipt(test::signedReceipt(node, 99, "bench.probe", "cpu", 50'000'000, start + 7200000)));
        QVERIFY(book->markRefused(QByteArray(reinterpret_cast<const char*>(test::jobIdFor(99).data()), 16), "test"));
        clock.advance(std::chrono::hours(48));
        const auto f = forecastEarnings(in, &*book, clock.nowUtc().toMSecsSinceEpoch());
        QCOMPARE(f.nanoPerDay, 86'400'000);
        QVERIFY(f.actualNanoPerDay);
        QVERIFY2(std::abs(*f.actualNanoPerDay - 43'200'000) < 10, qPrintable(QString::number(*f.actualNanoPerDay)));
        QVERIFY(f.errorPercent);
        QVERIFY2(std::abs(*f.errorPercent + 50.0) < 0.01, qPrintable(QString::number(*f.errorPercent)));
        QVERIFY(std::abs(f.daysMeasured - 2.0) < 0.001);
    }
};

QTEST_GUILESS_MAIN(TestForecast)
#include "TestForecast.moc"
