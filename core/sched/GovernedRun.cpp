#include "sched/GovernedRun.h"

namespace cocoon::sched {

GovernedRunReport runGoverned(jobs::Job& job, PolicyThrottle& throttle, const std::atomic<bool>* cancel)
{
    using State = jobs::Job::State;
    GovernedRunReport report;
    for (;;) {
        report.state = job.run(throttle, cancel);
        if (report.state != State::Stopped)
            return report;
        ++report.pauses;
        for (;;) {
            const auto wake = throttle.waitWhilePaused();
            if (wake == PolicyThrottle::Wake::Cancelled)
                return report;
            if (wake == PolicyThrottle::Wake::Run)
                break;
            job.releaseDevice();
            ++report.releases;
        }
    }
}

} // namespace cocoon::sched
