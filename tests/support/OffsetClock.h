#pragma once
// A clock whose wall time a test can move forward (a day passing in a second) while durations and
// timeouts keep real time, so live connections are not timed out by the jump; or whose monotonic
// time alone jumps (a minute's pause for the scheduler, while the wall time evidence is stamped
// with stays true).
#include "common/Clock.h"

#include <atomic>

namespace cocoon::test {

class OffsetClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs.load()); }
    Monotonic monotonic() const override
    {
        return std::chrono::steady_clock::now() + std::chrono::milliseconds(m_monotonicOffsetMs.load());
    }
    void advance(std::chrono::milliseconds d) { m_offsetMs += d.count(); }
    void advanceMonotonic(std::chrono::milliseconds d) { m_monotonicOffsetMs += d.count(); }

private:
    std::atomic<qint64> m_offsetMs {0};
    std::atomic<qint64> m_monotonicOffsetMs {0};
};

} // namespace cocoon::test
