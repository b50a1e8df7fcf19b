// Linux: processes from /proc/<pid>/comm, power from /sys/class/power_supply.
// Idle time and full-screen detection (XScreenSaver, Mutter IdleMonitor, ext-idle-notify,
// logind IdleHint; _NET_WM_STATE_FULLSCREEN) are not implemented yet: they report "unavailable",
// which the policy treats as "no user session".
#include "sched/SystemProbe.h"

#include <QDir>
#include <QFile>

namespace cocoon::sched {
namespace {

QByteArray readSmall(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(256).trimmed() : QByteArray();
}

class LinuxProbe final : public SystemProbe
{
public:
    explicit LinuxProbe(QString root)
        : m_proc(root + QStringLiteral("/proc"))
        , m_power(root + QStringLiteral("/sys/class/power_supply"))
    {
        m_sources.idle = QStringLiteral("unavailable: idle detection is not implemented for Linux yet");
        m_sources.fullscreen = QStringLiteral("unavailable: full-screen detection is not implemented for Linux yet");
    }

    void read(Snapshot& s) override
    {
        readProcesses(s);
        readPower(s);
    }
    ProbeSources sources() const override { return m_sources; }

private:
    void readProcesses(Snapshot& s)
    {
        s.runningProcesses.clear();
        const QDir proc(m_proc);
        if (!proc.exists()) {
            m_sources.processes = QStringLiteral("unavailable: %1 is missing").arg(m_proc);
            return;
        }
        for (const QString& pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            bool numeric = false;
            pid.toLongLong(&numeric);
            if (!numeric)
                continue;
            const QByteArray comm = readSmall(proc.filePath(pid + QStringLiteral("/comm")));
            if (!comm.isEmpty() && !s.runningProcesses.contains(QString::fromUtf8(comm))) {
                s.runningProcesses << QString::fromUtf8(comm);
            }
        }
        m_sources.processes = m_proc;
    }

    void readPower(Snapshot& s)
    {
        s.onBattery.reset();
        s.batteryPercent.reset();
        const QDir dir(m_power);
        bool mainsOnline = false, sawMains = false;
        QStringList batteries;
        for (const QString& supply : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
            const QString type = QString::fromUtf8(readSmall(dir.filePath(supply + QStringLiteral("/type"))));
            if (type == u"Mains" || type == u"USB") {
                sawMains = true;
                mainsOnline = mainsOnline || readSmall(dir.filePath(supply + QStringLiteral("/online"))) == "1";
            } else if (type == u"Battery" && readSmall(dir.filePath(supply + QStringLiteral("/scope"))) != "Device") {
                batteries << supply;
                bool ok = false;
                const int capacity = readSmall(dir.filePath(supply + QStringLiteral("/capacity"))).toInt(&ok);
                if (ok)
                    s.batteryPercent = std::min(s.batteryPercent.value_or(100), capacity);
                if (readSmall(dir.filePath(supply + QStringLiteral("/status"))) == "Discharging")
                    s.onBattery = true;
            }
        }
        if (batteries.isEmpty()) {
            s.onBattery = false; // a desktop: always on mains
            m_sources.power = QStringLiteral("no battery in %1").arg(m_power);
            return;
        }
        if (!s.onBattery)
            s.onBattery = sawMains ? !mainsOnline : false;
        m_sources.power = QStringLiteral("%1 (%2)").arg(m_power, batteries.join(QStringLiteral(", ")));
    }

    QString m_proc;
    QString m_power;
    ProbeSources m_sources;
};

} // namespace

std::unique_ptr<SystemProbe> makeSystemProbe(const QString& root)
{
    return std::make_unique<LinuxProbe>(root);
}

} // namespace cocoon::sched
