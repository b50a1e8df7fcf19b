#pragma once
// What the operating system tells the policy: user input, full-screen apps, running processes,
// power. One implementation per OS (core/sched/platform/SystemProbe_<os>.cpp), chosen by CMake.
// Every reading says where it came from, and a missing source is "unknown" with the reason —
// never an error that stops the app.
#include "sched/Policy.h"

#include <memory>

namespace cocoon::sched {

struct ProbeSources
{
    QString idle; ///< e.g. "unavailable: no idle source on this system yet"
    QString fullscreen;
    QString processes; ///< e.g. "/proc"
    QString power; ///< e.g. "/sys/class/power_supply (BAT0)"
};

class SystemProbe
{
public:
    virtual ~SystemProbe() = default;
    /// Fills the OS-dependent fields of `snapshot` (localTime is set by the caller).
    virtual void read(Snapshot& snapshot) = 0;
    virtual ProbeSources sources() const = 0;
};

/// The probe for this OS. `root` prefixes /proc and /sys (tests point it at a fake tree).
std::unique_ptr<SystemProbe> makeSystemProbe(const QString& root = {});

} // namespace cocoon::sched
