#pragma once
// The worker loop — the one production runs (net::NodeClient) and the tests cover: runs one job
// under its device's throttle until it is done, failed or cancelled. A pause stops the job at the
// next step boundary and keeps its state (and GPU memory) for a quick resume; when the pause has
// lasted long enough (the throttle says Release) the job gives the memory back and re-acquires it
// on resume; the job always continues from the step where it stopped.
#include "jobs/Job.h"
#include "jobs/Throttle.h"

namespace cocoon::sched {

struct GovernedRunReport
{
    jobs::Job::State state = jobs::Job::State::Ready; ///< Done, Failed, or Stopped when cancelled
    bool cancelled = false; ///< stopped for good: the cancel flag was set, or the throttle cancelled
    int pauses = 0;
    int releases = 0;
};

GovernedRunReport runGoverned(jobs::Job& job, jobs::Throttle& throttle, const std::atomic<bool>* cancel = nullptr);

} // namespace cocoon::sched
