#pragma once
// What the operating system tells the policy: user input, a locked session, full-screen apps,
// running processes, power. One implementation per OS (core/sched/platform/SystemProbe_<os>.cpp),
// chosen by CMake. Every reading says where it came from, and a missing source is "unknown" with
// the reason — never an error that stops the app.
//
// Two rates: readInput() is cheap (a few round trips to the display server or session bus) and is
// called every sched.pollMilliseconds (default 50 ms) so that a returning user is noticed fast;
// readSystem() walks the process list and power supplies and is called about every 2 s.
#include "common/Clock.h"
#include "sched/Policy.h"

#include <memory>

namespace cocoon::sched {

struct ProbeSources
{
    QString idle; ///< e.g. "X11 XScreenSaver on :0", or "unavailable: <why>"
    QString locked; ///< e.g. "logind LockedHint (session 3)"
    QString fullscreen; ///< e.g. "X11 _NET_WM_STATE_FULLSCREEN on :0"
    QString processes; ///< e.g. "/proc"
    QString power; ///< e.g. "/sys/class/power_supply (BAT0)"
};

/// Where the probe looks. fromEnvironment() is what the app uses; tests point each part at a
/// fake tree, a private X server or a private message bus. An empty field disables that source.
struct ProbeOptions
{
    QString root; ///< prefixes /proc and /sys
    QString x11Display; ///< Linux: e.g. ":0"
    /// Linux: the Wayland display (name in $XDG_RUNTIME_DIR, or a path) of a Wayland session;
    /// X11 idle time only sees X11 apps there, so it is not used for idle time then.
    QString waylandDisplay;
    QString sessionBus; ///< Linux: D-Bus address of the user's session bus (GNOME Mutter IdleMonitor)
    QString systemBus; ///< Linux: D-Bus address of the system bus (logind)

    static ProbeOptions fromEnvironment();
};

class SystemProbe
{
public:
    virtual ~SystemProbe() = default;
    /// Fills idleFor, sessionLocked and fullscreenApp.
    virtual void readInput(Snapshot& snapshot) = 0;
    /// Fills runningProcesses, onBattery and batteryPercent.
    virtual void readSystem(Snapshot& snapshot) = 0;
    /// Both (localTime is set by the caller).
    void read(Snapshot& snapshot)
    {
        readInput(snapshot);
        readSystem(snapshot);
    }
    virtual ProbeSources sources() const = 0;
};

/// The probe for this OS. `clock` turns "idle since <time>" readings into durations.
std::unique_ptr<SystemProbe> makeSystemProbe(
    const Clock& clock, const ProbeOptions& options = ProbeOptions::fromEnvironment());

} // namespace cocoon::sched
