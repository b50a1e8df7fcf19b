// NVML through the same run-time loading the real driver gets, against a fake libnvidia-ml built
// from the app's own ABI declarations (tests/support/fake-nvml): discovery, confidential-computing
// state, telemetry with ours-vs-others accounting, the fallbacks of old drivers, and the failures
// a user can meet (no driver, driver not loaded, no GPU). Plus the CPU's own readings from fake
// /proc and /sys trees, and the sampler that feeds the governor.
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "TestSupport.h"
#include "config/Settings.h"
#include "gpu/Telemetry.h"
#include "node/SettingChecks.h"

#include <QDir>
#include <QTemporaryDir>

#include <unistd.h>

using namespace cocoon;
using namespace cocoon::gpu;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t GiB = 1ull << 30;

QString fake(const char* variable)
{
    return qEnvironmentVariable(variable);
}

void put(const QString& root, const QString& rel, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(root + "/" + rel).absolutePath());
    test::writeFile(root + "/" + rel, content + "\n");
}

} // namespace

class TestNvml : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(!fake("COCOON_FAKE_NVML").isEmpty(), "COCOON_FAKE_NVML is set by CMake");
        qputenv("FAKE_NVML_OUR_PID", QByteArray::number(getpid()));
    }
    void init() { qunsetenv("FAKE_NVML_SCENARIO"); }

    void discovery()
    {
        auto nvml = Nvml::open(fake("COCOON_FAKE_NVML"));
        QVERIFY2(nvml, qPrintable(nvml ? QString() : nvml.error()));
        QCOMPARE((*nvml)->driverVersion(), QStringLiteral("580.95.05"));
        QCOMPARE((*nvml)->cudaDriverVersion(), std::optional(13000));
        QCOMPARE((*nvml)->deviceCount(), 2);
        auto h100 = (*nvml)->device(0);
        QVERIFY(h100);
        QCOMPARE(h100->name, QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(h100->uuid, QStringLiteral("GPU-0e0f1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b"));
        QCOMPARE(h100->pciBusId, QStringLiteral("00000000:17:00.0"));
        QCOMPARE(h100->vramTotalBytes, std::optional(80 * GiB));
        QCOMPARE(h100->computeMajor, std::optional(9));
        QCOMPARE(h100->migEnabled, std::optional(false));
        auto rtx = (*nvml)->device(1);
        QVERIFY(rtx);
        QCOMPARE(rtx->computeMinor, std::optional(9));
        QVERIFY(!rtx->migEnabled);
        QCOMPARE(rtx->unavailable, QStringList {"MIG mode: Not Supported"});
        QVERIFY(!(*nvml)->device(7));
    }

    void confidentialComputing()
    {
        auto nvml = Nvml::open(fake("COCOON_FAKE_NVML"));
        QVERIFY(nvml);
        const CcState cc = (*nvml)->confidentialComputing();
        QVERIFY(cc.known);
        QCOMPARE(cc.cpuTee, QStringLiteral("Intel TDX"));
        QVERIFY(cc.gpusCapable && cc.enabled && cc.gpusReady && !cc.devToolsMode);
        QCOMPARE(cc.reason, QString());
    }

    void telemetryOursAndOthers()
    {
        auto nvml = Nvml::open(fake("COCOON_FAKE_NVML"));
        QVERIFY(nvml);
        const QSet<std::uint32_t> ours {std::uint32_t(getpid())};
        const GpuTelemetry h100 = (*nvml)->telemetry(0, ours);
        QCOMPARE(h100.utilizationPercent, std::optional(40));
        QCOMPARE(h100.ownUtilizationPercent, std::optional(30));
        QCOMPARE(h100.otherUtilizationPercent, std::optional(10));
        QCOMPARE(h100.vramUsedByUsBytes, std::optional(1 * GiB));
        QCOMPARE(h100.vramUsedByOthersBytes, std::optional(2 * GiB));
        QCOMPARE(h100.powerW, std::optional(310));
        QCOMPARE(h100.powerLimitW, std::optional(700));
        QCOMPARE(h100.smClockMHz, std::optional(1980));
        QVERIFY(!h100.fanPercent);
        QCOMPARE(h100.unavailable, QStringList {"fan: Not Supported"}); // missing data is named, not fatal
        const GpuTelemetry rtx = (*nvml)->telemetry(1, ours);
        QCOMPARE(rtx.otherUtilizationPercent, std::optional(85)); // the game
        QCOMPARE(rtx.ownUtilizationPercent, std::optional(0));
        QCOMPARE(rtx.vramUsedByOthersBytes, std::optional(8 * GiB));
        QCOMPARE(rtx.temperatureC, std::optional(71));
        QCOMPARE(rtx.fanPercent, std::optional(60));
        // Another process's view of the same GPU: ours becomes theirs.
        const GpuTelemetry stranger = (*nvml)->telemetry(0, {});
        QCOMPARE(stranger.otherUtilizationPercent, std::optional(40));
        QCOMPARE(stranger.vramUsedByOthersBytes, std::optional(3 * GiB));
    }

    void oldDriverFallbacks()
    {
        auto nvml = Nvml::open(fake("COCOON_FAKE_NVML_LEGACY"));
        QVERIFY2(nvml, qPrintable(nvml ? QString() : nvml.error()));
        QCOMPARE((*nvml)->deviceCount(), 2); // nvmlInit / nvmlDeviceGetCount without _v2
        QVERIFY(!(*nvml)->cudaDriverVersion());
        const CcState cc = (*nvml)->confidentialComputing();
        QVERIFY(!cc.known);
        QVERIFY2(cc.reason.contains("driver 535"), qPrintable(cc.reason));
        const QSet<std::uint32_t> ours {std::uint32_t(getpid())};
        const GpuTelemetry rtx = (*nvml)->telemetry(1, ours); // v1 process list, no per-process load
        QCOMPARE(rtx.vramUsedByOthersBytes, std::optional(8 * GiB));
        QCOMPARE(rtx.otherUtilizationPercent, std::optional(85)); // none of ours there: all load is theirs
        const GpuTelemetry h100 = (*nvml)->telemetry(0, ours);
        QVERIFY(!h100.otherUtilizationPercent); // we run there: their share cannot be told apart
        QVERIFY(h100.unavailable.join(";").contains("others' load unknown while we run"));
        QCOMPARE(h100.vramUsedByUsBytes, std::optional(1 * GiB));
        QVERIFY((*nvml)->device(0)->pciBusId.isEmpty());
    }

    void failuresAPersonCanActOn_data()
    {
        QTest::addColumn<QString>("library");
        QTest::addColumn<QByteArray>("scenario");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no driver installed")
            << "/nonexistent/libnvidia-ml.so.1" << QByteArray() << "install the NVIDIA driver";
        QTest::newRow("kernel module not loaded")
            << "COCOON_FAKE_NVML" << QByteArray("driver-not-loaded") << "kernel driver is not loaded";
        QTest::newRow("not NVML at all") << "COCOON_NOT_NVML" << QByteArray() << "not a usable NVML library";
    }
    void failuresAPersonCanActOn()
    {
        QFETCH(QString, library);
        QFETCH(QByteArray, scenario);
        QFETCH(QString, reason);
        if (library.startsWith("COCOON_"))
            library = fake(library.toLatin1().constData());
        if (!scenario.isEmpty())
            qputenv("FAKE_NVML_SCENARIO", scenario);
        auto nvml = Nvml::open(library);
        QVERIFY(!nvml);
        QVERIFY2(nvml.error().contains(reason), qPrintable(nvml.error()));
    }

    void noGpus()
    {
        qputenv("FAKE_NVML_SCENARIO", "no-gpus");
        auto nvml = Nvml::open(fake("COCOON_FAKE_NVML"));
        QVERIFY(nvml);
        QCOMPARE((*nvml)->deviceCount(), 0);
        QCOMPARE((*nvml)->driverVersion(), QStringLiteral("580.95.05")); // NO_GPUS: the driver still reports
        QVERIFY(!(*nvml)->device(0));
    }

    void thisMachine()
    {
        auto nvml = Nvml::open();
        if (!nvml) {
            QVERIFY(!nvml.error().isEmpty()); // no driver here: a reason, no crash
            return;
        }
        for (int i = 0; i < (*nvml)->deviceCount(); ++i) {
            auto d = (*nvml)->device(i);
            QVERIFY(d);
            qInfo("GPU %d: %s %s", i, qPrintable(d->name), qPrintable(d->uuid));
            (*nvml)->telemetry(i, {std::uint32_t(getpid())});
        }
    }

    void samplerCachesAndFeedsTheGovernor()
    {
        auto nvml = Nvml::open(fake("COCOON_FAKE_NVML"));
        QVERIFY(nvml);
        test::ManualClock clock;
        TelemetrySampler sampler(clock, nvml->get(), 1000ms, {std::uint32_t(getpid())});
        for (int i = 0; i < 20; ++i) { // the governor asks every 50 ms
            sampler.sample("gpu0");
            clock.advance(50ms);
        }
        QCOMPARE(sampler.samplesTaken(), 1);
        sampler.sample("gpu0");
        QCOMPARE(sampler.samplesTaken(), 2);
        QCOMPARE(sampler.sample("cpu").temperatureC, std::nullopt);
        QCOMPARE(sampler.sample("gpu9").vramTotalBytes, std::nullopt);

        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        test::ScriptedProbe probe;
        probe.script.idleFor = 600s;
        sched::Governor governor(clock, probe, settings);
        governor.setDeviceSampler(&sampler);
        governor.addDevice("gpu0");
        governor.addDevice("gpu1");
        governor.tick();
        QVERIFY(governor.decision("gpu0").run);
        QCOMPARE(governor.decision("gpu0").vramBudgetBytes, 80 * GiB - 2 * GiB - 1 * GiB);
        QCOMPARE(governor.decision("gpu1").reasons, QList {sched::Reason::OtherGpuLoad});
        QVERIFY(governor.decision("gpu1").explanations.first().contains("85%"));
    }

    void cpuReadings()
    {
        QTemporaryDir root;
        put(root.path(), "proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4");
        // This process: a name with a space and a ')' in it; utime 10, stime 5.
        const QByteArray selfStat = "42 (my (odd) app) S 1 42 42 0 -1 4194304 100 0 0 0 %1 %2 0 0 20 0 3 0 1 2 3";
        put(root.path(), "proc/self/stat", QByteArray(selfStat).replace("%1", "10").replace("%2", "5"));
        put(root.path(), "sys/class/hwmon/hwmon0/name", "acpitz");
        put(root.path(), "sys/class/hwmon/hwmon0/temp1_input", "30000");
        put(root.path(), "sys/class/hwmon/hwmon3/name", "k10temp");
        put(root.path(), "sys/class/hwmon/hwmon3/temp1_input", "61625");
        CpuMonitor cpu(root.path());
        CpuTelemetry t = cpu.sample();
        QVERIFY(!t.loadPercent); // a load needs two samples
        QCOMPARE(t.temperatureC, std::optional(62));
        QCOMPARE(t.temperatureSource, QStringLiteral("hwmon k10temp"));
        put(root.path(), "proc/stat", "cpu  400 0 100 900 100 0 0 0 0 0"); // +300 busy of +500
        put(root.path(), "proc/self/stat", QByteArray(selfStat).replace("%1", "60").replace("%2", "55")); // +100 ours
        t = cpu.sample();
        QCOMPARE(t.loadPercent, std::optional(60));
        QCOMPARE(t.ownPercent, std::optional(20));

        QTemporaryDir empty;
        CpuMonitor none(empty.path());
        t = none.sample();
        QVERIFY(!t.loadPercent && !t.temperatureC);
        QVERIFY(t.temperatureSource.startsWith("unavailable"));
        CpuMonitor real; // this machine: a reading or a reason, never a crash
        QVERIFY(!real.sample().temperatureSource.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNvml)
#include "TestNvml.moc"
