#include "sched/Policy.h"

#include "config/Settings.h"
#include "sched/DeviceOverrides.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace cocoon::sched {
namespace {

/// Process names compare without case and without Windows' ".exe", so one list serves every OS.
bool sameProcess(QStringView a, QStringView b)
{
    const auto strip = [](QStringView n) { return n.endsWith(u".exe", Qt::CaseInsensitive) ? n.chopped(4) : n; };
    return strip(a).compare(strip(b), Qt::CaseInsensitive) == 0;
}

QString minutesText(std::chrono::seconds s)
{
    const auto m = s.count() / 60;
    return m >= 1 ? QCoreApplication::translate("cocoon::sched::Policy", "%1 min").arg(m)
                  : QCoreApplication::translate("cocoon::sched::Policy", "%1 s").arg(s.count());
}

} // namespace

Limits Limits::fromSettings(const Settings& st, const QString& key, const QString& uuid)
{
    QMap<QString, QVariant> overrides;
    if (!key.isEmpty() || !uuid.isEmpty()) {
        // The store only holds text that parses; a hand-edited bad entry is ignored as a whole.
        for (const DeviceOverride& o : parseDeviceOverrides(st.stringValue(keys::schedDeviceOverrides)).value_or({})) {
            if (selectsDevice(o.device, key, uuid))
                overrides.insert(o.values);
        }
    }
    const auto value = [&](const char* k) { return overrides.value(QLatin1String(k), st.value(QLatin1String(k))); };
    Limits l;
    const QString mode = value(keys::schedMode).toString();
    l.mode = mode == u"always" ? Mode::Always
        : mode == u"schedule"  ? Mode::OnSchedule
        : mode == u"paused"    ? Mode::Paused
                               : Mode::WhenIdle;
    l.idleThreshold = std::chrono::seconds(value(keys::schedIdleSeconds).toInt());
    l.dutyWhileActive = value(keys::schedDutyActive).toInt();
    l.dutyWhileIdle = value(keys::schedDutyIdle).toInt();
    // The store only holds schedules that parse; the full grid guards against a hand-edited file.
    const auto schedule = WeeklySchedule::parse(value(keys::schedSchedule).toString());
    l.schedule = schedule ? *schedule : WeeklySchedule::always();
    l.pauseOnFullscreen = value(keys::schedPauseFullscreen).toBool();
    for (const QString& app : value(keys::schedExclusiveApps).toString().split(u',', Qt::SkipEmptyParts)) {
        l.exclusiveApps << app.trimmed();
    }
    l.maxOtherGpuPercent = value(keys::schedMaxOtherGpu).toInt();
    l.reserveVramBytes = std::uint64_t(value(keys::schedReserveVramMiB).toInt()) << 20;
    l.temperatureCapC = value(keys::schedTempCap).toInt();
    l.temperatureHysteresisC = value(keys::schedTempHysteresis).toInt();
    l.powerCapW = value(keys::schedPowerCap).toInt();
    l.pauseOnBattery = value(keys::schedPauseOnBattery).toBool();
    l.minBatteryPercent = value(keys::schedMinBattery).toInt();
    l.resumeDwell = std::chrono::seconds(value(keys::schedResumeDwell).toInt());
    l.releaseVramAfter = std::chrono::seconds(value(keys::schedReleaseVram).toInt());
    return l;
}

QDateTime snoozeEnd(SnoozeLength length, const QDateTime& localNow)
{
    switch (length) {
    case SnoozeLength::Minutes15:
        return localNow.addSecs(15 * 60);
    case SnoozeLength::Hour1:
        return localNow.addSecs(3600);
    case SnoozeLength::UntilTomorrow:
        return QDateTime(localNow.date().addDays(1), QTime(0, 0), localNow.timeSpec());
    }
    return localNow;
}

QString explain(Reason reason, const QStringList& a)
{
    const auto arg = [&a](qsizetype i) { return a.value(i, QStringLiteral("?")); };
    switch (reason) {
    case Reason::UserPaused:
        return QCoreApplication::translate("cocoon::sched::Policy", "you paused it");
    case Reason::Snoozed: {
        const QDateTime until = QDateTime::fromString(arg(0), Qt::ISODate);
        return QCoreApplication::translate("cocoon::sched::Policy", "snoozed until %1")
            .arg(until.isValid() ? until.toLocalTime().toString(QStringLiteral("ddd HH:mm")) : arg(0));
    }
    case Reason::ModePaused:
        return QCoreApplication::translate("cocoon::sched::Policy", "the mode is set to paused");
    case Reason::OutsideSchedule:
        return QCoreApplication::translate("cocoon::sched::Policy", "outside the hours you allowed");
    case Reason::UserActive: {
        bool ok = false;
        const qint64 seconds = arg(0).toLongLong(&ok);
        return QCoreApplication::translate(
            "cocoon::sched::Policy", "you are using the computer (waits until %1 without input)")
            .arg(ok ? minutesText(std::chrono::seconds(seconds)) : arg(0));
    }
    case Reason::Fullscreen:
        return QCoreApplication::translate("cocoon::sched::Policy", "%1 is running full screen").arg(arg(0));
    case Reason::ExclusiveApp:
        return QCoreApplication::translate("cocoon::sched::Policy", "%1 is running").arg(arg(0));
    case Reason::OtherGpuLoad:
        return QCoreApplication::translate("cocoon::sched::Policy", "other programs are using %1% of the GPU")
            .arg(arg(0));
    case Reason::VramReserved:
        return QCoreApplication::translate(
            "cocoon::sched::Policy", "the GPU memory you keep free for yourself is in use");
    case Reason::TooHot:
        return QCoreApplication::translate(
            "cocoon::sched::Policy", "the GPU is at %1 °C (limit %2 °C; resumes at %3 °C)")
            .arg(arg(0), arg(1), arg(2));
    case Reason::OnBattery:
        return QCoreApplication::translate("cocoon::sched::Policy", "the computer is on battery");
    case Reason::BatteryLow:
        return QCoreApplication::translate("cocoon::sched::Policy", "the battery is at %1% (limit %2%)")
            .arg(arg(0), arg(1));
    case Reason::Settling:
        return QCoreApplication::translate("cocoon::sched::Policy", "resuming in %1 s").arg(arg(0));
    }
    return arg(0);
}

Decision Policy::decide(const QString& device, const Snapshot& s, const DeviceSample& g, const Limits& l)
{
    Decision d;
    const auto add = [&d](Reason r, QStringList arguments) {
        d.reasons << r;
        d.explanations << explain(r, arguments);
        d.arguments << std::move(arguments);
    };
    const QDateTime nowUtc = m_clock.nowUtc();
    DeviceState& st = m_devices[device];

    if (m_userPaused)
        add(Reason::UserPaused, {});
    if (m_snoozeUntilUtc) {
        if (nowUtc < *m_snoozeUntilUtc) {
            add(Reason::Snoozed, {m_snoozeUntilUtc->toString(Qt::ISODate)});
        } else {
            m_snoozeUntilUtc.reset(); // a snooze always ends by itself
        }
    }
    if (l.mode == Mode::Paused)
        add(Reason::ModePaused, {});
    if (l.mode == Mode::OnSchedule && !l.schedule.allows(s.localTime))
        add(Reason::OutsideSchedule, {});
    // With no user session (a headless rig) there is nobody to yield to: count as idle.
    const bool userActive = s.idleFor && *s.idleFor < l.idleThreshold && !s.sessionLocked;
    if (userActive && (l.mode == Mode::WhenIdle || l.dutyWhileActive == 0))
        add(Reason::UserActive, {QString::number(l.idleThreshold.count())});
    if (l.pauseOnFullscreen && !s.fullscreenApp.isEmpty() && !s.sessionLocked)
        add(Reason::Fullscreen, {s.fullscreenApp});
    for (const QString& app : l.exclusiveApps) {
        const auto it = std::find_if(s.runningProcesses.begin(), s.runningProcesses.end(),
            [&app](const QString& p) { return sameProcess(p, app); });
        if (it != s.runningProcesses.end()) {
            add(Reason::ExclusiveApp, {*it});
            break;
        }
    }
    if (l.maxOtherGpuPercent < 100 && g.otherUtilizationPercent && *g.otherUtilizationPercent > l.maxOtherGpuPercent)
        add(Reason::OtherGpuLoad, {QString::number(*g.otherUtilizationPercent)});
    if (g.vramTotalBytes) {
        const std::uint64_t used = g.vramUsedByOthersBytes.value_or(0) + l.reserveVramBytes;
        d.vramBudgetBytes = *g.vramTotalBytes > used ? *g.vramTotalBytes - used : 0;
        if (d.vramBudgetBytes == 0)
            add(Reason::VramReserved, {});
    }
    if (g.temperatureC) {
        st.hot = st.hot ? *g.temperatureC > l.temperatureCapC - l.temperatureHysteresisC
                        : *g.temperatureC >= l.temperatureCapC;
        if (st.hot) {
            add(Reason::TooHot,
                {QString::number(*g.temperatureC), QString::number(l.temperatureCapC),
                    QString::number(l.temperatureCapC - l.temperatureHysteresisC)});
        }
    }
    if (s.onBattery.value_or(false)) {
        if (l.pauseOnBattery) {
            add(Reason::OnBattery, {});
        } else if (s.batteryPercent && *s.batteryPercent < l.minBatteryPercent) {
            add(Reason::BatteryLow, {QString::number(*s.batteryPercent), QString::number(l.minBatteryPercent)});
        }
    }

    const auto now = m_clock.monotonic();
    if (!d.reasons.isEmpty()) { // yield at once
        st.running = false;
        st.clearSince.reset();
        st.seen = true;
        return d;
    }
    if (st.seen && !st.running) { // resume only after the reasons stayed gone for the dwell time
        if (!st.clearSince)
            st.clearSince = now;
        const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - *st.clearSince);
        if (waited < l.resumeDwell) {
            add(Reason::Settling, {QString::number((l.resumeDwell - waited).count())});
            return d;
        }
    }
    st.seen = true;
    st.running = true;
    d.run = true;
    d.dutyPercent = userActive ? l.dutyWhileActive : l.dutyWhileIdle;
    if (l.powerCapW > 0 && g.powerW && *g.powerW > l.powerCapW) {
        d.dutyPercent = std::max(5, d.dutyPercent * l.powerCapW / *g.powerW); // throttle to stay under the cap
    }
    return d;
}

} // namespace cocoon::sched
