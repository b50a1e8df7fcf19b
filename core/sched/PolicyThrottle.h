#pragma once
// Enforcement: the Throttle the worker consults between steps, fed with the policy's latest
// Decision from any thread. Paused -> the worker stops at the next step boundary (progress kept)
// and waits in waitWhilePaused(); after a long pause the governor asks it to give the GPU's memory
// back. Running at duty d% -> after a step that took t, wait t·(100−d)/d before the next one.
#include "jobs/Throttle.h"
#include "sched/Policy.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace cocoon::sched {

class PolicyThrottle final : public jobs::Throttle
{
public:
    void apply(const Decision& decision)
    {
        {
            std::lock_guard lock(m_mutex);
            m_run = decision.run;
            m_duty = std::clamp(decision.dutyPercent, 1, 100);
            m_reason = decision.explanations.join(QStringLiteral("; "));
            if (m_run)
                m_releaseRequested = false;
        }
        m_wake.notify_all();
    }

    jobs::ThrottleDecision next(const jobs::ThrottleQuery& q) override
    {
        std::lock_guard lock(m_mutex);
        m_busy += q.lastStepTime;
        if (!m_run || m_cancelled) {
            return jobs::ThrottleDecision::stop(m_reason);
        }
        if (m_duty < 100 && q.lastStepTime.count() > 0) {
            return jobs::ThrottleDecision::pause(q.lastStepTime * (100 - m_duty) / m_duty);
        }
        return jobs::ThrottleDecision::proceed();
    }

    /// Blocks the worker while paused (see jobs::Throttle): woken by the governor's decisions.
    Wake waitWhilePaused(const std::atomic<bool>* stop = nullptr) override
    {
        std::unique_lock lock(m_mutex);
        ++m_parked;
        m_wake.notify_all();
        const auto stopped = [stop] { return stop && stop->load(); };
        m_wake.wait(
            lock, [&] { return m_run || m_cancelled || stopped() || (m_releaseRequested && !m_releaseDelivered); });
        if (m_cancelled || stopped())
            return Wake::Cancelled;
        if (m_run)
            return Wake::Run;
        m_releaseDelivered = true;
        return Wake::Release;
    }

    /// The governor: the device has been paused long enough to give its memory back.
    void requestRelease()
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_run || m_releaseRequested)
                return;
            m_releaseRequested = true;
            m_releaseDelivered = false;
        }
        m_wake.notify_all();
    }

    /// Stops the worker at its next step boundary or wait, for good (shutdown, job cancelled).
    void cancel() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_cancelled = true;
        }
        m_wake.notify_all();
    }

    /// Re-checks every parked worker's own stop flag (one job was cancelled; the others stay).
    void wakeWaiters() override
    {
        {
            std::lock_guard lock(m_mutex);
        } // a waiter is either before its check or already waiting
        m_wake.notify_all();
    }

    /// Blocks until workers have entered waitWhilePaused() `count` times in all (no work of ours
    /// in flight at that moment); returns at once when they already have.
    void waitForParked(std::size_t count)
    {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_parked >= count; });
    }

    bool running() const
    {
        std::lock_guard lock(m_mutex);
        return m_run;
    }
    QString reason() const
    {
        std::lock_guard lock(m_mutex);
        return m_reason;
    }

    /// Time spent in steps so far (for measuring the achieved duty cycle).
    std::chrono::microseconds busyTime() const
    {
        std::lock_guard lock(m_mutex);
        return m_busy;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_run = true;
    bool m_cancelled = false;
    bool m_releaseRequested = false;
    bool m_releaseDelivered = false;
    std::size_t m_parked = 0;
    int m_duty = 100;
    QString m_reason;
    std::chrono::microseconds m_busy {0};
};

} // namespace cocoon::sched
