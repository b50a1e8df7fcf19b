#pragma once
// Between two steps of a job the worker asks a Throttle what to do. The scheduling policy
// (idle detection, duty cycles, temperature caps, ...) implements this interface in core/sched;
// AlwaysRun is the trivial policy.
#include <QString>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

namespace cocoon::jobs {

struct ThrottleQuery
{
    std::size_t nextStep = 0;
    std::size_t stepCount = 0;
    std::chrono::microseconds lastStepTime {0};
};

struct ThrottleDecision
{
    enum class Kind { Continue, Sleep, Stop };
    Kind kind = Kind::Continue;
    std::chrono::microseconds sleep {0}; ///< for Sleep: how long to wait before the next step
    QString reason; ///< for Sleep/Stop: plain words for people ("you are playing a game")

    static ThrottleDecision proceed() { return {}; }
    static ThrottleDecision pause(std::chrono::microseconds d, QString why = {})
    {
        return {Kind::Sleep, d, std::move(why)};
    }
    static ThrottleDecision stop(QString why = {}) { return {Kind::Stop, {}, std::move(why)}; }
};

class Throttle
{
public:
    enum class Wake { Run, Release, Cancelled };

    virtual ~Throttle() = default;
    virtual ThrottleDecision next(const ThrottleQuery& query) = 0;
    /// After next() said Stop: blocks the worker until the job may go on. Returns Run when it may,
    /// Release (once per pause) when it should give its device memory back and keep waiting, and
    /// Cancelled after cancel() or once `stop` (one job's own flag, set before wakeWaiters()) is
    /// true. A throttle without a pause signal waits a short while and says Run.
    virtual Wake waitWhilePaused(const std::atomic<bool>* stop = nullptr)
    {
        if (stop && stop->load()) {
            return Wake::Cancelled;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return stop && stop->load() ? Wake::Cancelled : Wake::Run;
    }
    /// Makes every waiting worker re-check its own stop flag (one job was cancelled).
    virtual void wakeWaiters() { }
    /// Stops every worker at its next step boundary or wait, for good (shutdown).
    virtual void cancel() { }
};

class AlwaysRun final : public Throttle
{
public:
    ThrottleDecision next(const ThrottleQuery&) override { return ThrottleDecision::proceed(); }
};

} // namespace cocoon::jobs
