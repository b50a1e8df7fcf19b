#pragma once
// Between two steps of a job the worker asks a Throttle what to do. The scheduling policy
// (idle detection, duty cycles, temperature caps, ...) implements this interface in core/sched;
// AlwaysRun is the trivial policy.
#include <QString>

#include <chrono>
#include <cstddef>

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
    virtual ~Throttle() = default;
    virtual ThrottleDecision next(const ThrottleQuery& query) = 0;
};

class AlwaysRun final : public Throttle
{
public:
    ThrottleDecision next(const ThrottleQuery&) override { return ThrottleDecision::proceed(); }
};

} // namespace cocoon::jobs
