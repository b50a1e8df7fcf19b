#pragma once
// What a running instance answers on its control channel (control/Control.h), over the same objects
// its window uses: the scheduler (status, pause, resume, snooze), the settings (the sched.* limits,
// applied at once), and the ledger (jobs, earnings).
#include "common/Clock.h"
#include "control/Control.h"

#include <functional>

namespace cocoon {
class Settings;
}
namespace cocoon::ledger {
class Ledger;
}
namespace cocoon::sched {
class Scheduler;
}

namespace cocoon::control {

class Service final : public Handler
{
public:
    struct Parts
    {
        const Clock& clock;
        sched::Scheduler& scheduler;
        Settings& settings;
        /// The ledger of the network in use (null: it could not be opened).
        std::function<ledger::Ledger*()> ledger;
        /// More status from the app: mode, network line, tier, data directory.
        std::function<QJsonObject()> extraStatus;
    };
    explicit Service(Parts parts);

    /// Commands: status, pause, resume, snooze {minutes | until:"tomorrow"}, limits.get,
    /// limits.set {key, value}, settings.set {key, text | value | reset}, history {after}, log {after},
    /// processes, jobs {limit}, earnings {by, fromMs, toMs} (docs/protocol.md#control-channel).
    Expected<QJsonValue, ControlError> handle(const Request& request) override;

private:
    QJsonObject status() const;
    Parts m_parts;
};

} // namespace cocoon::control
