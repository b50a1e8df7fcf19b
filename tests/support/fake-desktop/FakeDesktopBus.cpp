// A stand-in for the parts of a desktop session the idle probe talks to over D-Bus, for tests on a
// machine that has no desktop: GNOME Mutter's IdleMonitor and logind's Manager/Session, served
// on a private bus (argv[1]) by this real child process. The test steers the values through
// org.cocoon.TestDesktop. Prints "ready" once every name is owned.
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusObjectPath>
#include <QTextStream>

namespace {

const QString kMutter = QStringLiteral("org.gnome.Mutter.IdleMonitor");
const QString kMutterPath = QStringLiteral("/org/gnome/Mutter/IdleMonitor/Core");
const QString kSessionPath = QStringLiteral("/org/freedesktop/login1/session/_31");

} // namespace

class MutterIdleMonitor : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.gnome.Mutter.IdleMonitor")
public:
    quint64 idleMs = 0;
public slots:
    quint64 GetIdletime() { return idleMs; }
};

class LoginManager : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Manager")
public slots:
    QDBusObjectPath GetSessionByPID(uint) { return QDBusObjectPath(kSessionPath); }
};

class LoginSession : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Session")
    Q_PROPERTY(bool IdleHint MEMBER idle)
    Q_PROPERTY(quint64 IdleSinceHint MEMBER idleSinceUs)
    Q_PROPERTY(bool LockedHint MEMBER locked)
public:
    bool idle = false;
    quint64 idleSinceUs = 0;
    bool locked = false;
};

class Control : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.cocoon.TestDesktop")
public:
    Control(QDBusConnection bus, MutterIdleMonitor& mutter, LoginSession& session)
        : m_bus(std::move(bus))
        , m_mutter(mutter)
        , m_session(session)
    { }
public slots:
    void SetIdleMs(quint64 ms) { m_mutter.idleMs = ms; }
    void SetLogin(bool idle, quint64 idleSinceUs, bool locked)
    {
        m_session.idle = idle;
        m_session.idleSinceUs = idleSinceUs;
        m_session.locked = locked;
    }
    void StopMutter()
    {
        m_bus.unregisterObject(kMutterPath);
        m_bus.unregisterService(kMutter);
    }

private:
    QDBusConnection m_bus;
    MutterIdleMonitor& m_mutter;
    LoginSession& m_session;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        QTextStream(stderr) << "usage: fake_desktop_bus BUS-ADDRESS\n";
        return 2;
    }
    QDBusConnection bus = QDBusConnection::connectToBus(QString::fromLocal8Bit(argv[1]), QStringLiteral("fake"));
    MutterIdleMonitor mutter;
    LoginManager manager;
    LoginSession session;
    Control control(bus, mutter, session);
    const auto exportAll = QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllProperties;
    const bool ok = bus.isConnected() && bus.registerObject(kMutterPath, &mutter, exportAll)
        && bus.registerObject(QStringLiteral("/org/freedesktop/login1"), &manager, exportAll)
        && bus.registerObject(kSessionPath, &session, exportAll)
        && bus.registerObject(QStringLiteral("/control"), &control, exportAll) && bus.registerService(kMutter)
        && bus.registerService(QStringLiteral("org.freedesktop.login1"))
        && bus.registerService(QStringLiteral("org.cocoon.TestDesktop"));
    if (!ok) {
        QTextStream(stderr) << "fake_desktop_bus: cannot serve on " << argv[1] << ": " << bus.lastError().message()
                            << "\n";
        return 1;
    }
    QTextStream(stdout) << "ready" << Qt::endl;
    return app.exec();
}

#include "FakeDesktopBus.moc"
