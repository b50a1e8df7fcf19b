#pragma once
// Enforcement: the Throttle the worker consults between steps, fed with the policy's latest
// Decision from any thread. Paused -> the worker stops at the next step boundary (progress kept).
// Running at duty d% -> after a step that took t, wait t·(100−d)/d before the next one.
#include "jobs/Throttle.h"
#include "sched/Policy.h"

#include <mutex>

namespace cocoon::sched {

class PolicyThrottle final : public jobs::Throttle
{
public:
    void apply(const Decision& decision)
    {
        std::lock_guard lock(m_mutex);
        m_run = decision.run;
        m_duty = std::clamp(decision.dutyPercent, 1, 100);
        m_reason = decision.explanations.join(QStringLiteral("; "));
    }

    jobs::ThrottleDecision next(const jobs::ThrottleQuery& q) override
    {
        std::lock_guard lock(m_mutex);
        m_busy += q.lastStepTime;
        if (!m_run) {
            return jobs::ThrottleDecision::stop(m_reason);
        }
        if (m_duty < 100 && q.lastStepTime.count() > 0) {
            return jobs::ThrottleDecision::pause(q.lastStepTime * (100 - m_duty) / m_duty);
        }
        return jobs::ThrottleDecision::proceed();
    }

    /// Time spent in steps so far (for measuring the achieved duty cycle).
    std::chrono::microseconds busyTime() const
    {
        std::lock_guard lock(m_mutex);
        return m_busy;
    }

private:
    mutable std::mutex m_mutex;
    bool m_run = true;
    int m_duty = 100;
    QString m_reason;
    std::chrono::microseconds m_busy {0};
};

} // namespace cocoon::sched
