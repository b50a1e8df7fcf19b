// The Linux system probe against fake /proc and /sys trees made of real files, and once against
// this machine's real /proc.
#include "TestSupport.h"
#include "sched/SystemProbe.h"

#include <QDir>
#include <QTemporaryDir>

using namespace cocoon::sched;

namespace {

void put(const QString& root, const QString& rel, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(root + "/" + rel).absolutePath());
    cocoon::test::writeFile(root + "/" + rel, content + "\n");
}

} // namespace

class TestSystemProbe : public QObject
{
    Q_OBJECT
private slots:
    void processesFromProc()
    {
        QTemporaryDir root;
        put(root.path(), "proc/1/comm", "systemd");
        put(root.path(), "proc/42/comm", "Blender");
        put(root.path(), "proc/77/comm", "Blender");
        put(root.path(), "proc/self/comm", "ignored");
        QDir().mkpath(root.filePath("proc/99")); // a process that exited while reading: no comm
        auto probe = makeSystemProbe(root.path());
        Snapshot s;
        probe->read(s);
        s.runningProcesses.sort();
        QCOMPARE(s.runningProcesses, (QStringList {"Blender", "systemd"}));
        QVERIFY(probe->sources().processes.endsWith("/proc"));
    }

    void power_data()
    {
        QTest::addColumn<QStringList>("files"); // path=content
        QTest::addColumn<int>("onBattery"); // -1 unknown, 0, 1
        QTest::addColumn<int>("percent"); // -1 unknown
        QTest::newRow("desktop, no supplies") << QStringList {} << 0 << -1;
        QTest::newRow("laptop on mains") << QStringList {"AC/type=Mains", "AC/online=1", "BAT0/type=Battery",
            "BAT0/capacity=80", "BAT0/status=Charging"}
                                         << 0 << 80;
        QTest::newRow("laptop on battery") << QStringList {"AC/type=Mains", "AC/online=0", "BAT0/type=Battery",
            "BAT0/capacity=35", "BAT0/status=Discharging"}
                                           << 1 << 35;
        QTest::newRow("two batteries: lowest charge") << QStringList {"BAT0/type=Battery", "BAT0/capacity=90",
            "BAT1/type=Battery", "BAT1/capacity=20", "BAT1/status=Discharging"}
                                                      << 1 << 20;
        QTest::newRow("mouse battery ignored")
            << QStringList {"hid-mouse/type=Battery", "hid-mouse/scope=Device", "hid-mouse/capacity=5"} << 0 << -1;
        QTest::newRow("unreadable capacity")
            << QStringList {"AC/type=Mains", "AC/online=1", "BAT0/type=Battery", "BAT0/capacity=n/a"} << 0 << -1;
    }
    void power()
    {
        QFETCH(QStringList, files);
        QFETCH(int, onBattery);
        QFETCH(int, percent);
        QTemporaryDir root;
        QDir().mkpath(root.filePath("sys/class/power_supply"));
        for (const QString& f : files)
            put(root.path(), "sys/class/power_supply/" + f.section('=', 0, 0), f.section('=', 1).toUtf8());
        auto probe = makeSystemProbe(root.path());
        Snapshot s;
        probe->read(s);
        QCOMPARE(s.onBattery ? int(*s.onBattery) : -1, onBattery);
        QCOMPARE(s.batteryPercent.value_or(-1), percent);
        QVERIFY(!probe->sources().power.isEmpty());
    }

    void missingTreesAreUnknownNotErrors()
    {
        QTemporaryDir root;
        auto probe = makeSystemProbe(root.filePath("nowhere"));
        Snapshot s;
        probe->read(s);
        QVERIFY(s.runningProcesses.isEmpty());
        QVERIFY(probe->sources().processes.startsWith("unavailable"));
        QVERIFY(probe->sources().idle.startsWith("unavailable"));
        QVERIFY(!s.idleFor); // the policy treats this as "no user session"
    }

    void thisMachine()
    {
        auto probe = makeSystemProbe();
        Snapshot s;
        probe->read(s);
        QVERIFY2(!s.runningProcesses.isEmpty(), qPrintable(probe->sources().processes));
        QVERIFY(s.runningProcesses.contains(QStringLiteral("test_system_pro"))); // comm: 15 characters
    }
};

QTEST_GUILESS_MAIN(TestSystemProbe)
#include "TestSystemProbe.moc"
