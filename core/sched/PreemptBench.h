#pragma once
// `cocoonctl bench preempt`: runs a real sealed job through the worker and measures how fast and
// how precisely it gets out of the way: stop latency (signal -> no work of ours in flight),
// achieved vs requested duty cycle, and throughput lost to slicing at 100%.
#include "Kernels.h"
#include "common/Clock.h"
#include "jobs/JobError.h"

#include <QJsonObject>

namespace cocoon::sched {

struct PreemptOptions
{
    kernels::Backend backend = kernels::Backend::Cpu;
    int runs = 50;
    std::uint64_t seed = 1;
    bool measureDuty = true; ///< false: skip the 3 s duty-cycle part (the enrolment wizard's quick run)
};

/// Measures and returns the JSON report (keys: device, stop_latency_ms{p50,p99,max,runs},
/// duty[{requested,achieved}], slicing_loss_percent, score, goals). `score` (CPU backend) is the
/// probe kernel's throughput in millions of lane-rounds per second, run in one piece.
Expected<QJsonObject, jobs::JobError> runPreemptBench(const PreemptOptions& options, const Clock& clock);

} // namespace cocoon::sched
