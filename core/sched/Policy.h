#pragma once
// The scheduling policy: from one snapshot of the machine (user input, full-screen and exclusive
// apps, other processes' GPU use, temperature, power, battery, time) and the user's limits, decide
// per device whether our work may run, at what duty cycle and VRAM budget — or why it must pause,
// in plain words. Pure logic over an injected clock; the probes that fill the snapshot and the
// Throttle that enforces decisions live elsewhere.
//
// Yielding is immediate; resuming waits until the reasons to pause have been gone for
// `resumeDwell`, and temperature has hysteresis, so decisions do not flap.
#include "common/Clock.h"
#include "sched/Schedule.h"

#include <QDateTime>
#include <QStringList>

#include <chrono>
#include <map>
#include <optional>

namespace cocoon {
class Settings;
}

namespace cocoon::sched {

enum class Mode { Always, WhenIdle, OnSchedule, Paused };

struct Limits
{
    Mode mode = Mode::WhenIdle;
    std::chrono::seconds idleThreshold {180};
    int dutyWhileActive = 30; ///< percent of time our work may run while the user is active (0: pause)
    int dutyWhileIdle = 100;
    WeeklySchedule schedule = WeeklySchedule::always();
    bool pauseOnFullscreen = true;
    QStringList exclusiveApps; ///< process names; our work pauses while any runs
    int maxOtherGpuPercent = 20; ///< pause when other processes use more of the GPU (100: never)
    std::uint64_t reserveVramBytes = 1ull << 30;
    int temperatureCapC = 83;
    int temperatureHysteresisC = 5;
    int powerCapW = 0; ///< 0: no cap
    bool pauseOnBattery = true;
    int minBatteryPercent = 50;
    std::chrono::seconds resumeDwell {10};
    std::chrono::seconds releaseVramAfter {60}; ///< paused this long: the job gives its GPU memory back

    /// The limits in the settings store (validated there), with the sched.deviceOverrides entry
    /// for the device `key` ("cpu", "gpu0") or `uuid` applied when there is one.
    static Limits fromSettings(const Settings& settings, const QString& key = {}, const QString& uuid = {});
};

/// What the probes saw about the machine.
struct Snapshot
{
    QDateTime localTime;
    std::optional<std::chrono::seconds> idleFor; ///< since the last keyboard/mouse input; unknown: no user session
    bool sessionLocked = false;
    QString fullscreenApp; ///< empty: none in front
    QStringList runningProcesses; ///< process names
    std::optional<bool> onBattery;
    std::optional<int> batteryPercent;
};

/// What the probes saw about one device.
struct DeviceSample
{
    std::optional<int> otherUtilizationPercent;
    std::optional<std::uint64_t> vramTotalBytes;
    std::optional<std::uint64_t> vramUsedByOthersBytes;
    std::optional<int> temperatureC;
    std::optional<int> powerW;
};

enum class Reason {
    UserPaused,
    Snoozed,
    ModePaused,
    UserActive,
    OutsideSchedule,
    Fullscreen,
    ExclusiveApp,
    OtherGpuLoad,
    VramReserved,
    TooHot,
    OnBattery,
    BatteryLow,
    Settling,
};

struct Decision
{
    bool run = false;
    int dutyPercent = 0;
    std::uint64_t vramBudgetBytes = 0; ///< 0 with run: unknown (no VRAM figures for this device)
    QList<Reason> reasons; ///< why not running (empty when running)
    /// Per reason, the values its explanation shows (explain()); empty when read from an instance
    /// that did not send them.
    QList<QStringList> arguments;
    QStringList explanations; ///< the same, in plain words for people
};

/// A reason in plain words, in the language installed now, with the values it shows (a time in
/// ISO 8601 UTC, numbers, an app's name; see Policy::decide). A window attached to a headless
/// instance puts the instance's reasons into its own language with it; missing values read "?".
QString explain(Reason reason, const QStringList& arguments);

enum class SnoozeLength { Minutes15, Hour1, UntilTomorrow };
/// When a snooze chosen at `localNow` ends ("until tomorrow": the next local midnight).
QDateTime snoozeEnd(SnoozeLength length, const QDateTime& localNow);

class Policy
{
public:
    explicit Policy(const Clock& clock)
        : m_clock(clock)
    { }

    void pause() { m_userPaused = true; }
    /// Clears a pause and a snooze.
    void resume()
    {
        m_userPaused = false;
        m_snoozeUntilUtc.reset();
    }
    /// Pauses until `untilUtc`; always resumes by itself.
    void snoozeUntil(const QDateTime& untilUtc) { m_snoozeUntilUtc = untilUtc.toUTC(); }
    std::optional<QDateTime> snoozedUntil() const { return m_snoozeUntilUtc; }

    Decision decide(const QString& device, const Snapshot& snapshot, const DeviceSample& sample, const Limits& limits);

private:
    struct DeviceState
    {
        bool seen = false;
        bool running = false;
        bool hot = false;
        std::optional<Clock::Monotonic> clearSince; ///< when the reasons to pause were last found gone
    };

    const Clock& m_clock;
    bool m_userPaused = false;
    std::optional<QDateTime> m_snoozeUntilUtc;
    std::map<QString, DeviceState> m_devices;
};

} // namespace cocoon::sched
