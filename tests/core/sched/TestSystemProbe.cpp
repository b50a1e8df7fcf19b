// The Linux system probe against fake /proc and /sys trees made of real files; against a real X
// server (Xvfb, a child process) for idle time and full-screen windows; against a real D-Bus
// daemon on a private bus with a helper process playing GNOME Mutter and logind; and once against
// this machine's real /proc.
#include "ManualClock.h"
#include "TestSupport.h"
#include "sched/SystemProbe.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#ifdef COCOON_TEST_HAVE_XCB
#include <xcb/xcb.h>
#endif

#include <unistd.h>

using namespace cocoon::sched;
using namespace std::chrono_literals;

namespace {

ProbeOptions treeOnly(const QString& root)
{
    ProbeOptions o;
    o.root = root;
    return o;
}

/// Calls the fake desktop's control interface.
void control(const QString& busAddress, const QString& method, const QVariantList& args)
{
    QDBusConnection bus = QDBusConnection::connectToBus(busAddress, QStringLiteral("control"));
    QDBusMessage msg = QDBusMessage::createMethodCall(QStringLiteral("org.cocoon.TestDesktop"),
        QStringLiteral("/control"), QStringLiteral("org.cocoon.TestDesktop"), method);
    msg.setArguments(args);
    const QDBusMessage reply = bus.call(msg, QDBus::Block, 5000);
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
}

#ifdef COCOON_TEST_HAVE_XCB
/// A client of the test X server that plays a window manager and an application: creates a
/// window and sets the EWMH properties a real window manager would.
class XClient
{
public:
    explicit XClient(const QByteArray& display)
    {
        int screen = 0;
        m_c = xcb_connect(display.constData(), &screen);
        m_root = xcb_setup_roots_iterator(xcb_get_setup(m_c)).data->root;
        m_window = xcb_generate_id(m_c);
        xcb_create_window(m_c, XCB_COPY_FROM_PARENT, m_window, m_root, 0, 0, 64, 64, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT,
            XCB_COPY_FROM_PARENT, 0, nullptr);
    }
    ~XClient() { xcb_disconnect(m_c); }
    bool ok() const { return !xcb_connection_has_error(m_c); }

    void setActive(bool active) { set32(m_root, "_NET_ACTIVE_WINDOW", XCB_ATOM_WINDOW, active ? m_window : 0); }
    void setFullscreen(bool on)
    {
        if (on)
            set32(m_window, "_NET_WM_STATE", XCB_ATOM_ATOM, atom("_NET_WM_STATE_FULLSCREEN"));
        else
            xcb_delete_property(m_c, m_window, atom("_NET_WM_STATE"));
        sync();
    }
    void setPid(quint32 pid) { set32(m_window, "_NET_WM_PID", XCB_ATOM_CARDINAL, pid); }
    void clearPid()
    {
        xcb_delete_property(m_c, m_window, atom("_NET_WM_PID"));
        sync();
    }
    void setClass(const QByteArray& instanceAndClass)
    {
        xcb_change_property(m_c, XCB_PROP_MODE_REPLACE, m_window, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8,
            quint32(instanceAndClass.size()), instanceAndClass.constData());
        sync();
    }

private:
    xcb_atom_t atom(const char* name)
    {
        auto* r = xcb_intern_atom_reply(m_c, xcb_intern_atom(m_c, 0, quint16(strlen(name)), name), nullptr);
        const xcb_atom_t a = r->atom;
        free(r);
        return a;
    }
    void set32(xcb_window_t w, const char* name, xcb_atom_t type, quint32 value)
    {
        xcb_change_property(m_c, XCB_PROP_MODE_REPLACE, w, atom(name), type, 32, 1, &value);
        sync();
    }
    /// A round trip: everything sent before is applied when it returns.
    void sync() { free(xcb_get_input_focus_reply(m_c, xcb_get_input_focus(m_c), nullptr)); }

    xcb_connection_t* m_c = nullptr;
    xcb_window_t m_root = 0;
    xcb_window_t m_window = 0;
};
#endif

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
        auto probe = makeSystemProbe(m_clock, treeOnly(root.path()));
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
        auto probe = makeSystemProbe(m_clock, treeOnly(root.path()));
        Snapshot s;
        probe->read(s);
        QCOMPARE(s.onBattery ? int(*s.onBattery) : -1, onBattery);
        QCOMPARE(s.batteryPercent.value_or(-1), percent);
        QVERIFY(!probe->sources().power.isEmpty());
    }

    void missingTreesAreUnknownNotErrors()
    {
        QTemporaryDir root;
        auto probe = makeSystemProbe(m_clock, treeOnly(root.filePath("nowhere")));
        Snapshot s;
        probe->read(s);
        QVERIFY(s.runningProcesses.isEmpty());
        QVERIFY(probe->sources().processes.startsWith("unavailable"));
        QVERIFY(probe->sources().idle.startsWith("unavailable"));
        QVERIFY(!s.idleFor); // the policy treats this as "no user session"
    }

    void x11IdleAndFullscreen()
    {
#ifndef COCOON_TEST_HAVE_XCB
        COCOON_SKIP_OR_FAIL("built without libxcb headers (libxcb1-dev)");
#else
        QByteArray displayNumber;
        QString why;
        auto xvfb = cocoon::test::startService(QStringLiteral("Xvfb"),
            {"-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "320x240x24"}, &displayNumber, &why);
        if (!xvfb)
            COCOON_SKIP_OR_FAIL(why);
        const QByteArray display = ":" + displayNumber;
        ProbeOptions o;
        o.x11Display = QString::fromLatin1(display);
        auto probe = makeSystemProbe(m_clock, o);

        Snapshot s;
        probe->readInput(s);
        QVERIFY2(s.idleFor.has_value(), qPrintable(probe->sources().idle));
        QVERIFY(*s.idleFor < 24h);
        QCOMPARE(probe->sources().idle, "X11 XScreenSaver on " + display);
        QCOMPARE(s.fullscreenApp, QString()); // no window manager: nothing active
        QVERIFY2(probe->sources().fullscreen.startsWith("X11 _NET_WM_STATE_FULLSCREEN"),
            qPrintable(probe->sources().fullscreen));

        XClient app(display);
        QVERIFY(app.ok());
        app.setPid(quint32(getpid()));
        app.setActive(true);
        probe->readInput(s);
        QCOMPARE(s.fullscreenApp, QString()); // active but windowed
        app.setFullscreen(true);
        probe->readInput(s);
        QCOMPARE(s.fullscreenApp, QString::fromUtf8(cocoon::test::readFile("/proc/self/comm").trimmed()));
        app.clearPid(); // no _NET_WM_PID: the window class names it
        app.setClass(QByteArray("cyberpunk") + '\0' + "Cyberpunk 2077" + '\0');
        probe->readInput(s);
        QCOMPARE(s.fullscreenApp, QStringLiteral("Cyberpunk 2077"));
        app.setFullscreen(false);
        probe->readInput(s);
        QCOMPARE(s.fullscreenApp, QString());
        app.setFullscreen(true);
        app.setActive(false);
        probe->readInput(s);
        QCOMPARE(s.fullscreenApp, QString()); // full screen but not in front

        // In a Wayland session X11 idle time only sees X11 apps: not used; full screen still is.
        ProbeOptions wayland = o;
        wayland.waylandDisplay = QStringLiteral("/nonexistent/wayland-9");
        auto onWayland = makeSystemProbe(m_clock, wayland);
        app.setActive(true);
        onWayland->readInput(s);
        QVERIFY(!s.idleFor);
        QVERIFY2(onWayland->sources().idle.contains("Wayland"), qPrintable(onWayland->sources().idle));
        QCOMPARE(s.fullscreenApp, QStringLiteral("Cyberpunk 2077"));
        QVERIFY(onWayland->sources().fullscreen.endsWith("(X11 apps only)"));

        // The X server goes away: unknown with the reason, no crash, and no retry for a while.
        xvfb->terminate();
        QVERIFY(xvfb->waitForFinished(10000));
        probe->readInput(s);
        QVERIFY(!s.idleFor);
        QCOMPARE(s.fullscreenApp, QString());
        QVERIFY2(probe->sources().idle.contains("X server"), qPrintable(probe->sources().idle));
        m_clock.advance(1s);
        probe->readInput(s);
        QVERIFY(probe->sources().idle.contains("X server"));
#endif
    }

    void waylandIdleNotify()
    {
        const QString compositor = qEnvironmentVariable("COCOON_FAKE_WAYLAND");
        if (compositor.isEmpty())
            COCOON_SKIP_OR_FAIL(
                "built without the test compositor (libwayland-dev, libwayland-bin, wayland-protocols)");
        QTemporaryDir runtime;
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
        QByteArray socket;
        QString why;
        auto wl = cocoon::test::startService(compositor, {}, &socket, &why);
        QVERIFY2(wl, qPrintable(why));
        const auto command = [&wl](const QByteArray& c) {
            wl->write(c + "\n");
            while (!wl->canReadLine())
                QVERIFY(wl->waitForReadyRead(10000));
            QCOMPARE(wl->readLine().trimmed(), QByteArray("ok"));
        };
        ProbeOptions o;
        o.waylandDisplay = QString::fromLocal8Bit(socket);
        auto probe = makeSystemProbe(m_clock, o);
        Snapshot s;
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(0s)); // input within the last second
        QCOMPARE(probe->sources().idle, "Wayland ext-idle-notify-v1 on " + o.waylandDisplay);

        command("idle"); // the compositor saw no input for the notification's 1 s
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(1s));
        m_clock.advance(30s);
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(31s));
        command("active");
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(0s));

        // The compositor goes away: unknown with the reason, and the next source is asked.
        wl.reset();
        probe->readInput(s);
        QVERIFY(!s.idleFor);
        QVERIFY2(probe->sources().idle.contains("Wayland: lost the connection"), qPrintable(probe->sources().idle));

        // A compositor without the protocol says so.
        auto plain = cocoon::test::startService(compositor, {"--no-idle-notify"}, &socket, &why);
        QVERIFY2(plain, qPrintable(why));
        o.waylandDisplay = QString::fromLocal8Bit(socket);
        auto probe2 = makeSystemProbe(m_clock, o);
        probe2->readInput(s);
        QVERIFY(!s.idleFor);
        QVERIFY2(
            probe2->sources().idle.contains("does not offer ext-idle-notify-v1"), qPrintable(probe2->sources().idle));
    }

    void dbusIdleAndLock()
    {
        QByteArray address;
        QString why;
        auto bus = cocoon::test::startService(QStringLiteral("dbus-daemon"),
            {"--nofork", "--print-address=1",
                "--config-file=" + qEnvironmentVariable("COCOON_SOURCE_DIR")
                    + "/tests/support/fake-desktop/test-bus.conf"},
            &address, &why);
        if (!bus)
            COCOON_SKIP_OR_FAIL(why + " (install dbus-daemon)");
        QByteArray ready;
        auto desktop = cocoon::test::startService(
            qEnvironmentVariable("COCOON_FAKE_DESKTOP"), {QString::fromUtf8(address)}, &ready, &why);
        QVERIFY2(desktop && ready == "ready", qPrintable(why));
        const QString addr = QString::fromUtf8(address);
        ProbeOptions o;
        o.sessionBus = addr;
        o.systemBus = addr;
        auto probe = makeSystemProbe(m_clock, o);
        Snapshot s;

        // GNOME: Mutter's idle time, logind's lock state.
        control(addr, "SetIdleMs", {quint64(42500)});
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(42s));
        QCOMPARE(probe->sources().idle, QStringLiteral("GNOME Mutter IdleMonitor"));
        QVERIFY(!s.sessionLocked);
        QVERIFY2(probe->sources().locked.startsWith("logind LockedHint (/org/freedesktop/login1/session/_31)"),
            qPrintable(probe->sources().locked));

        control(addr, "SetLogin", {false, quint64(0), true});
        m_clock.advance(300ms); // logind is read at most every 250 ms
        probe->readInput(s);
        QVERIFY(s.sessionLocked);

        // Not GNOME (or Mutter gone): logind's IdleHint, coarse but everywhere.
        control(addr, "StopMutter", {});
        control(addr, "SetLogin", {false, quint64(0), false});
        m_clock.advance(300ms);
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(0s)); // not idle yet in logind's eyes
        QVERIFY2(probe->sources().idle.startsWith("logind IdleHint"), qPrintable(probe->sources().idle));
        const quint64 tenMinutesAgoUs = quint64(m_clock.nowUtc().addSecs(-600).toMSecsSinceEpoch()) * 1000;
        control(addr, "SetLogin", {true, tenMinutesAgoUs, false});
        m_clock.advance(300ms);
        probe->readInput(s);
        QCOMPARE(s.idleFor, std::optional(600s));

        // The session and system services go away: unknown with the reasons, no crash.
        desktop.reset();
        m_clock.advance(300ms);
        probe->readInput(s);
        QVERIFY(!s.idleFor);
        QVERIFY(!s.sessionLocked);
        QVERIFY2(probe->sources().idle.startsWith("unavailable:") && probe->sources().idle.contains("logind"),
            qPrintable(probe->sources().idle));
        QVERIFY(probe->sources().locked.startsWith("unavailable:"));
    }

    void noDisplayNoBus()
    {
        auto probe = makeSystemProbe(m_clock, ProbeOptions {});
        Snapshot s;
        probe->readInput(s);
        QVERIFY(!s.idleFor);
        QVERIFY2(probe->sources().idle.contains("headless"), qPrintable(probe->sources().idle));
        QVERIFY(probe->sources().fullscreen.startsWith("unavailable"));
    }

    void thisMachine()
    {
        auto probe = makeSystemProbe(m_clock);
        Snapshot s;
        probe->read(s);
        QVERIFY2(!s.runningProcesses.isEmpty(), qPrintable(probe->sources().processes));
        QVERIFY(s.runningProcesses.contains(QStringLiteral("test_system_pro"))); // comm: 15 characters
    }

private:
    cocoon::test::ManualClock m_clock;
};

QTEST_GUILESS_MAIN(TestSystemProbe)
#include "TestSystemProbe.moc"
