#include "gpu/Telemetry.h"

#include <QDir>
#include <QFile>

namespace cocoon::gpu {
namespace {

QByteArray readSmall(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(4096).trimmed() : QByteArray();
}

} // namespace

std::optional<int> gpuIndex(const QString& device)
{
    if (!device.startsWith(u"gpu"))
        return std::nullopt;
    bool ok = false;
    const int i = device.mid(3).toInt(&ok);
    return ok && i >= 0 ? std::optional(i) : std::nullopt;
}

CpuTelemetry CpuMonitor::sample()
{
    CpuTelemetry t;
    // /proc/stat "cpu  user nice system idle iowait irq softirq steal ...": busy = all − idle − iowait.
    const QList<QByteArray> fields
        = readSmall(m_root + QStringLiteral("/proc/stat")).split('\n').value(0).simplified().split(' ');
    if (fields.size() >= 5 && fields[0] == "cpu") {
        std::uint64_t total = 0, idle = 0;
        for (qsizetype i = 1; i < fields.size() && i <= 8; ++i) {
            const std::uint64_t v = fields[i].toULongLong();
            total += v;
            if (i == 4 || i == 5)
                idle += v;
        }
        const std::pair now {total - idle, total};
        // /proc/self/stat: fields 14 and 15 (utime, stime) after the ")" closing the process name.
        const QByteArray self = readSmall(m_root + QStringLiteral("/proc/self/stat"));
        const QList<QByteArray> own = self.mid(self.lastIndexOf(')') + 2).split(' ');
        std::optional<std::uint64_t> ownNow;
        if (own.size() > 12)
            ownNow = own[11].toULongLong() + own[12].toULongLong();
        if (m_last && now.second > m_last->second) {
            const double span = double(now.second - m_last->second);
            const double busy = double(now.first - m_last->first) / span;
            t.loadPercent = int(100.0 * std::clamp(busy, 0.0, 1.0) + 0.5);
            if (ownNow && m_lastOwn && *ownNow >= *m_lastOwn)
                t.ownPercent = std::min(*t.loadPercent, int(100.0 * double(*ownNow - *m_lastOwn) / span + 0.5));
        }
        m_last = now;
        m_lastOwn = ownNow;
    }
    // The package sensor: hwmon drivers for Intel (coretemp) and AMD (k10temp, zenpower), ARM
    // boards (cpu_thermal); else the x86 package thermal zone.
    const QDir hwmon(m_root + QStringLiteral("/sys/class/hwmon"));
    for (const QString& h : hwmon.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
        const QByteArray name = readSmall(hwmon.filePath(h + QStringLiteral("/name")));
        if (name != "coretemp" && name != "k10temp" && name != "zenpower" && name != "cpu_thermal")
            continue;
        bool ok = false;
        const int milli = readSmall(hwmon.filePath(h + QStringLiteral("/temp1_input"))).toInt(&ok);
        if (ok) {
            t.temperatureC = (milli + 500) / 1000;
            t.temperatureSource = QStringLiteral("hwmon %1").arg(QString::fromLatin1(name));
            return t;
        }
    }
    const QDir thermal(m_root + QStringLiteral("/sys/class/thermal"));
    for (const QString& z : thermal.entryList({QStringLiteral("thermal_zone*")}, QDir::Dirs | QDir::System)) {
        if (readSmall(thermal.filePath(z + QStringLiteral("/type"))) != "x86_pkg_temp")
            continue;
        bool ok = false;
        const int milli = readSmall(thermal.filePath(z + QStringLiteral("/temp"))).toInt(&ok);
        if (ok) {
            t.temperatureC = (milli + 500) / 1000;
            t.temperatureSource = QStringLiteral("thermal zone x86_pkg_temp");
            return t;
        }
    }
    t.temperatureSource = QStringLiteral("unavailable: no CPU temperature sensor is readable (virtual machine?)");
    return t;
}

std::optional<GpuTelemetry> TelemetrySampler::telemetry(int index)
{
    if (!m_nvml || index < 0 || index >= m_nvml->deviceCount())
        return std::nullopt;
    const auto now = m_clock.monotonic();
    auto it = m_cache.find(index);
    if (it == m_cache.end() || now - it->second.at >= m_period) {
        ++m_taken;
        it = m_cache.insert_or_assign(index, Cached {m_nvml->telemetry(index, m_ourPids), now}).first;
    }
    return it->second.t;
}

sched::DeviceSample TelemetrySampler::sample(const QString& device)
{
    sched::DeviceSample s;
    const auto index = gpuIndex(device);
    const auto t = index ? telemetry(*index) : std::nullopt;
    if (!t)
        return s;
    s.otherUtilizationPercent = t->otherUtilizationPercent;
    s.vramTotalBytes = t->vramTotalBytes;
    // Others' memory: the per-process figure, else everything in use that is not ours.
    if (t->vramUsedByOthersBytes)
        s.vramUsedByOthersBytes = t->vramUsedByOthersBytes;
    else if (t->vramUsedBytes)
        s.vramUsedByOthersBytes = *t->vramUsedBytes - std::min(*t->vramUsedBytes, t->vramUsedByUsBytes.value_or(0));
    s.temperatureC = t->temperatureC;
    s.powerW = t->powerW;
    return s;
}

} // namespace cocoon::gpu
