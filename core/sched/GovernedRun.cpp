#include "sched/GovernedRun.h"

namespace cocoon::sched {

GovernedRunReport runGoverned(jobs::Job& job, jobs::Throttle& throttle, const std::atomic<bool>* cancel)
{
    using State = jobs::Job::State;
    using Wake = jobs::Throttle::Wake;
    GovernedRunReport report;
    for (;;) {
        report.state = job.run(throttle, cancel);
        if (report.state != State::Stopped)
            return report;
        if (cancel && cancel->load()) {
            report.cancelled = true;
            return report;
        }
        ++report.pauses;
        for (;;) {
            const auto wake = throttle.waitWhilePaused(cancel);
            if (wake == Wake::Cancelled) {
                report.cancelled = true;
                return report;
            }
            if (wake == Wake::Run)
                break;
            job.releaseDevice();
            ++report.releases;
        }
    }
}

} // namespace cocoon::sched
