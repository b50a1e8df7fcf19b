#include "sched/Governor.h"

#include "common/Logging.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"

#include <QJsonArray>

namespace cocoon::sched {

using namespace std::chrono_literals;

QString Governor::deviceKey(const kernels::DeviceInfo& d)
{
    if (!d.usable)
        return {};
    return d.backend == "cpu" ? QStringLiteral("cpu") : QStringLiteral("gpu%1").arg(d.index);
}

QJsonObject Governor::statusJson() const
{
    const ProbeSources src = m_probe.sources();
    const auto orNull = [](const auto& opt) { return opt ? QJsonValue(qint64(*opt)) : QJsonValue(QJsonValue::Null); };
    QJsonObject snapshot {{QStringLiteral("idle_seconds"),
                              m_snapshot.idleFor ? QJsonValue(qint64(m_snapshot.idleFor->count())) : QJsonValue()},
        {QStringLiteral("locked"), m_snapshot.sessionLocked},
        {QStringLiteral("fullscreen_app"),
            m_snapshot.fullscreenApp.isEmpty() ? QJsonValue() : QJsonValue(m_snapshot.fullscreenApp)},
        {QStringLiteral("on_battery"), m_snapshot.onBattery ? QJsonValue(*m_snapshot.onBattery) : QJsonValue()},
        {QStringLiteral("battery_percent"), orNull(m_snapshot.batteryPercent)},
        {QStringLiteral("processes"), int(m_snapshot.runningProcesses.size())}};
    QJsonArray devices;
    for (const auto& [key, d] : m_devices) {
        QJsonObject o = toJson(d.decision);
        o.insert(QStringLiteral("device"), key);
        devices.append(o);
    }
    const auto snooze = m_policy.snoozedUntil();
    return QJsonObject {{QStringLiteral("sources"),
                            QJsonObject {{QStringLiteral("idle"), src.idle}, {QStringLiteral("locked"), src.locked},
                                {QStringLiteral("fullscreen"), src.fullscreen},
                                {QStringLiteral("processes"), src.processes}, {QStringLiteral("power"), src.power}}},
        {QStringLiteral("snapshot"), snapshot},
        {QStringLiteral("snoozed_until"), snooze ? QJsonValue(snooze->toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("devices"), devices}};
}

Governor::Governor(const Clock& clock, SystemProbe& probe, const Settings& settings, QObject* parent)
    : Scheduler(parent)
    , m_clock(clock)
    , m_probe(probe)
    , m_settings(settings)
    , m_policy(clock)
{
    connect(&m_settings, &Settings::changed, this, [this](const QString& key) {
        if (key.startsWith(QStringLiteral("sched.")))
            reloadLimits();
        if (key.startsWith(QStringLiteral("sched.")) && m_timer.isActive())
            tick(); // a new mode or poll rate applies now (and sets the poll interval)
    });
    connect(&m_timer, &QTimer::timeout, this, &Governor::tick);
}

Governor::~Governor()
{
    for (auto& [key, d] : m_devices)
        d.throttle->cancel(); // a worker still waiting must not wait for a governor that is gone
}

void Governor::addDevice(const QString& key, const QString& uuid)
{
    Device& d = m_devices[key];
    d.uuid = uuid;
    d.limits = Limits::fromSettings(m_settings, key, uuid);
}

QStringList Governor::devices() const
{
    QStringList out;
    for (const auto& [key, d] : m_devices)
        out << key;
    return out;
}

PolicyThrottle* Governor::throttle(const QString& device)
{
    auto it = m_devices.find(device);
    return it == m_devices.end() ? nullptr : it->second.throttle.get();
}

void Governor::reloadLimits()
{
    for (auto& [key, d] : m_devices)
        d.limits = Limits::fromSettings(m_settings, key, d.uuid);
}

void Governor::pause()
{
    m_policy.pause();
    tick();
}

void Governor::resume()
{
    m_policy.resume();
    tick();
}

void Governor::snoozeUntil(const QDateTime& untilUtc)
{
    m_policy.snoozeUntil(untilUtc);
    tick();
}

void Governor::snooze(SnoozeLength length)
{
    snoozeUntil(snoozeEnd(length, m_clock.nowUtc().toLocalTime()).toUTC());
}

void Governor::snoozeFor(std::chrono::minutes length)
{
    snoozeUntil(m_clock.nowUtc().addSecs(std::chrono::duration_cast<std::chrono::seconds>(length).count()));
}

void Governor::start()
{
    m_timer.start(m_settings.intValue(keys::schedPollMs));
    tick();
}

void Governor::stop()
{
    m_timer.stop();
}

Decision Governor::decision(const QString& device) const
{
    auto it = m_devices.find(device);
    return it == m_devices.end() ? Decision {} : it->second.decision;
}

Limits Governor::limits(const QString& device) const
{
    auto it = m_devices.find(device);
    return it == m_devices.end() ? Limits {} : it->second.limits;
}

void Governor::tick()
{
    const auto now = m_clock.monotonic();
    m_snapshot.localTime = m_clock.nowUtc().toLocalTime();
    m_probe.readInput(m_snapshot);
    if (!m_systemReadAt || now - *m_systemReadAt >= 2s) {
        m_probe.readSystem(m_snapshot);
        m_systemReadAt = now;
    }
    for (auto& [key, d] : m_devices) {
        const DeviceSample sample = m_sampler ? m_sampler->sample(key) : DeviceSample {};
        Decision next = m_policy.decide(key, m_snapshot, sample, d.limits);
        d.throttle->apply(next); // first: a returning user must not wait for the bookkeeping below

        // A state change: run/pause, duty, or a new set of reasons to pause. "Settling" (the
        // reasons are gone, waiting out the dwell time) is part of the pause, not a new state.
        QList<Reason> reasons = next.reasons;
        reasons.removeAll(Reason::Settling);
        const bool changed = !d.decided || next.run != d.decision.run || next.dutyPercent != d.decision.dutyPercent
            || (!reasons.isEmpty() && reasons != d.recordedReasons);
        if (changed)
            d.recordedReasons = reasons;
        const bool textChanged = next.explanations != d.decision.explanations;
        if (next.run) {
            d.pausedSince.reset();
            d.released = false;
        } else if (!d.pausedSince) {
            d.pausedSince = now;
        }
        d.decision = next;
        d.decided = true;
        if (changed) {
            const StateChange c {
                m_clock.nowUtc(), key, next.run, next.dutyPercent, next.reasons, next.explanations, next.arguments};
            log::get("sched")->info("{}: {}", key.toStdString(),
                next.run ? QStringLiteral("running at %1%").arg(next.dutyPercent).toStdString()
                         : ("paused: " + next.explanations.join(QStringLiteral("; "))).toStdString());
            m_history.add(c);
            emit stateChanged(c);
        }
        if (changed || textChanged)
            emit decisionChanged(key, next); // also "resuming in N s" counting down
        if (!next.run && !d.released && now - *d.pausedSince >= d.limits.releaseVramAfter) {
            d.released = true;
            d.throttle->requestRelease();
            emit deviceMemoryReleased(key);
        }
    }
    // Paused by the owner (pause, snooze, mode "paused"): only the owner or the clock can end it,
    // not the keyboard or a game, so the 50 ms input poll slows to once a second while it lasts.
    const bool held = !m_devices.empty() && std::all_of(m_devices.begin(), m_devices.end(), [](const auto& e) {
        const Decision& d = e.second.decision;
        return !d.run && !d.reasons.isEmpty() && std::all_of(d.reasons.begin(), d.reasons.end(), [](Reason r) {
            return r == Reason::UserPaused || r == Reason::Snoozed || r == Reason::ModePaused;
        });
    });
    const int interval
        = held ? std::max(kHeldPollMs, m_settings.intValue(keys::schedPollMs)) : m_settings.intValue(keys::schedPollMs);
    if (m_timer.isActive() && m_timer.interval() != interval)
        m_timer.setInterval(interval);
}

} // namespace cocoon::sched
