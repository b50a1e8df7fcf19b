#pragma once
// The worker side of enforcement: runs one job under its device's PolicyThrottle until it is done.
// A pause stops the job at the next step boundary and keeps its state (and GPU memory) for a quick
// resume; when the governor says the pause has lasted long enough the job gives the memory back
// and re-acquires it on resume; the job always continues from the step where it stopped.
#include "jobs/Job.h"
#include "sched/PolicyThrottle.h"

namespace cocoon::sched {

struct GovernedRunReport
{
    jobs::Job::State state = jobs::Job::State::Ready; ///< Done, Failed, or Stopped when cancelled
    int pauses = 0;
    int releases = 0;
};

GovernedRunReport runGoverned(jobs::Job& job, PolicyThrottle& throttle, const std::atomic<bool>* cancel = nullptr);

} // namespace cocoon::sched
