#pragma once
// The governor ties scheduling together at run time: it samples the system probe (input state
// every sched.pollMilliseconds, processes and power every 2 s) and each device's telemetry, asks
// the Policy for every device, hands each decision to that device's PolicyThrottle, records every
// state change in the history, and after sched.releaseVramAfterSeconds of pause asks the worker to
// give the GPU's memory back. Time comes from the injected clock; tests call tick() themselves.
#include "Backend.h"
#include "common/Clock.h"
#include "sched/Policy.h"
#include "sched/PolicyThrottle.h"
#include "sched/Scheduler.h"
#include "sched/StateHistory.h"
#include "sched/SystemProbe.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace cocoon {
class Settings;
}

namespace cocoon::sched {

/// Telemetry for one device (GPU discovery fills it from NVML; the CPU has none yet).
class DeviceSampler
{
public:
    virtual ~DeviceSampler() = default;
    virtual DeviceSample sample(const QString& device) = 0;
};

class Governor : public Scheduler
{
    Q_OBJECT
public:
    Governor(const Clock& clock, SystemProbe& probe, const Settings& settings, QObject* parent = nullptr);
    ~Governor() override;

    /// A device to govern: "cpu" or "gpu<N>", with its UUID when known (for per-device overrides).
    void addDevice(const QString& key, const QString& uuid = {});
    /// The key a probed device is governed under ("cpu", "gpu0"); empty for one that is not usable.
    static QString deviceKey(const kernels::DeviceInfo& device);
    QStringList devices() const override;
    void setDeviceSampler(DeviceSampler* sampler) { m_sampler = sampler; }

    /// The throttle the worker running on `device` consults (created by addDevice).
    PolicyThrottle* throttle(const QString& device);

    void pause() override;
    void resume() override;
    void snoozeUntil(const QDateTime& untilUtc);
    /// 15 min, 1 h, or until the next local midnight, from now.
    void snooze(SnoozeLength length) override;
    void snoozeFor(std::chrono::minutes length) override;
    std::optional<QDateTime> snoozedUntil() const override { return m_policy.snoozedUntil(); }

    /// While every device is paused by the owner (pause, snooze, mode "paused") the poll slows to this.
    static constexpr int kHeldPollMs = 1000;
    /// The current poll interval (sched.pollMilliseconds, or kHeldPollMs while held).
    int pollInterval() const { return m_timer.interval(); }

    /// Starts sampling on a timer (sched.pollMilliseconds); the first tick runs at once.
    void start();
    void stop();
    /// One round: sample, decide, enforce, record.
    void tick();

    Decision decision(const QString& device) const override;
    Limits limits(const QString& device) const;
    const Snapshot& snapshot() const { return m_snapshot; }
    ProbeSources sources() const { return m_probe.sources(); }
    const StateHistory& history() const override { return m_history; }
    QStringList runningProcesses() const override { return m_snapshot.runningProcesses; }
    QJsonObject statusJson() const override;

signals:
    /// The device has been paused for sched.releaseVramAfterSeconds; its job gives memory back.
    void deviceMemoryReleased(const QString& device);

private:
    struct Device
    {
        QString uuid;
        Limits limits;
        std::unique_ptr<PolicyThrottle> throttle = std::make_unique<PolicyThrottle>();
        Decision decision;
        QList<Reason> recordedReasons; ///< of the last recorded state change
        bool decided = false;
        std::optional<Clock::Monotonic> pausedSince;
        bool released = false;
    };

    void reloadLimits();

    const Clock& m_clock;
    SystemProbe& m_probe;
    const Settings& m_settings;
    DeviceSampler* m_sampler = nullptr;
    Policy m_policy;
    std::map<QString, Device> m_devices;
    Snapshot m_snapshot;
    std::optional<Clock::Monotonic> m_systemReadAt;
    StateHistory m_history;
    QTimer m_timer;
};

} // namespace cocoon::sched
