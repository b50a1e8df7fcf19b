#include "sched/PreemptBench.h"

#include "crypto/Ed25519.h"
#include "jobs/Job.h"
#include "jobs/Owner.h"
#include "sched/PolicyThrottle.h"

#include <QJsonArray>
#include <QTemporaryDir>

#include <algorithm>
#include <random>
#include <thread>

namespace cocoon::sched {
namespace {

using SteadyClock = std::chrono::steady_clock;

Decision runAt(int duty)
{
    Decision d;
    d.run = true;
    d.dutyPercent = duty;
    return d;
}

Decision paused()
{
    Decision d;
    d.reasons << Reason::UserActive;
    d.explanations << QStringLiteral("benchmark: user became active");
    return d;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

} // namespace

Expected<QJsonObject, jobs::JobError> runPreemptBench(const PreemptOptions& o, const Clock& clock)
{
    using namespace jobs;
    // A long real job: bench.probe with enough lanes for many runs; a fresh job when one finishes.
    const QCborMap params {{QStringLiteral("lanes"), 1 << 22}, {QStringLiteral("rounds"), 256}};
    auto session = X25519PrivateKey::generate();
    auto owner = X25519PrivateKey::generate();
    auto identity = Ed25519PrivateKey::generate();
    if (!session || !owner || !identity)
        return unexpected(jobError(JobErrc::DeviceFailed, QStringLiteral("key generation failed")));
    JobContext ctx;
    ctx.sessionKey = &*session;
    ctx.identity = &*identity;
    ctx.clock = &clock;
    ctx.backend = o.backend;
    ctx.limits.vramBytes = 1ull << 40;
    const auto newJob = [&]() -> Expected<std::unique_ptr<Job>, JobError> {
        auto pj = prepareJob(QStringLiteral("bench.probe"), params, {}, session->publicKey(), owner->publicKey(),
            std::uint64_t(clock.nowUtc().toSecsSinceEpoch()) + 3600);
        if (!pj)
            return unexpected(pj.error());
        return Job::prepare(pj->manifestBytes, pj->sealedInput, ctx);
    };
    auto job = newJob();
    if (!job)
        return unexpected(job.error());
    QJsonObject report;
    report[QStringLiteral("device")] = (*job)->device();
    // The worker: runs jobs back to back (a finished one is replaced) until the throttle stops it.
    const auto work = [&](Throttle& throttle) {
        while (job && (*job)->run(throttle) == Job::State::Done) {
            job = newJob();
        }
    };

    // 1. Stop latency: run, signal "user active" at a random moment, time until run() returns.
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<int> delayMs(5, 60);
    std::vector<double> latencies;
    PolicyThrottle throttle;
    for (int i = 0; i < o.runs; ++i) {
        throttle.apply(runAt(100));
        SteadyClock::time_point stoppedAt;
        std::thread worker([&] {
            work(throttle);
            stoppedAt = SteadyClock::now();
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(rng)));
        const auto signalAt = SteadyClock::now();
        throttle.apply(paused());
        worker.join();
        if (!job)
            return unexpected(job.error());
        latencies.push_back(std::chrono::duration<double, std::milli>(stoppedAt - signalAt).count());
    }
    report[QStringLiteral("stop_latency_ms")] = QJsonObject {{QStringLiteral("p50"), percentile(latencies, 0.5)},
        {QStringLiteral("p99"), percentile(latencies, 0.99)}, {QStringLiteral("max"), percentile(latencies, 1.0)},
        {QStringLiteral("runs"), int(latencies.size())}};

    // 2. Duty cycle: run for a second at each requested duty; achieved = time in steps / wall time.
    QJsonArray duty;
    for (int requested : {25, 50, 75}) {
        if (!o.measureDuty)
            break;
        PolicyThrottle dutyThrottle;
        dutyThrottle.apply(runAt(requested));
        const auto t0 = SteadyClock::now();
        std::thread worker([&] { work(dutyThrottle); });
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        dutyThrottle.apply(paused());
        worker.join();
        if (!job)
            return unexpected(job.error());
        const double wall = std::chrono::duration<double>(SteadyClock::now() - t0).count();
        const double busy = std::chrono::duration<double>(dutyThrottle.busyTime()).count();
        duty.append(
            QJsonObject {{QStringLiteral("requested"), requested}, {QStringLiteral("achieved"), 100.0 * busy / wall}});
    }
    if (o.measureDuty)
        report[QStringLiteral("duty")] = duty;

    // 3. Slicing loss at 100%: the same kernel in its normal steps vs as one step (CPU backend).
    if (o.backend == kernels::Backend::Cpu) {
        const kernels::ProbeParams p {1u << 21, 256};
        const auto fp = kernels::footprint(p);
        std::vector<std::uint8_t> out(fp->outputBytes), scratch(fp->scratchBytes);
        const auto timeRun = [&](std::uint64_t stepWork) {
            double best = 1e30;
            for (int r = 0; r < 3; ++r) {
                auto task = kernels::makeCpuTask(p, {}, out, scratch, stepWork);
                AlwaysRun always;
                const auto t0 = SteadyClock::now();
                std::string error;
                for (std::size_t s = 0; s < task->stepCount(); ++s) {
                    always.next({s, task->stepCount(), {}});
                    task->runStep(s, error);
                }
                best = std::min(best, std::chrono::duration<double>(SteadyClock::now() - t0).count());
            }
            return best;
        };
        const double oneShot = timeRun(~0ull), sliced = timeRun(0);
        report[QStringLiteral("slicing_loss_percent")] = 100.0 * (sliced - oneShot) / oneShot;
        report[QStringLiteral("score")] = double(p.lanes) * double(p.rounds) / oneShot / 1e6;
    }
    report[QStringLiteral("goals")] = QJsonObject {{QStringLiteral("stop_p99_ms"), 20},
        {QStringLiteral("duty_within_points"), 5}, {QStringLiteral("slicing_loss_percent"), 5}};
    return report;
}

} // namespace cocoon::sched
