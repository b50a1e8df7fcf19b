#pragma once
// Test double for cocoon::Clock: time moves only when the test says so.
#include "common/Clock.h"

namespace cocoon::test {

class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC))
        : m_wall(std::move(start))
    { }
    QDateTime nowUtc() const override { return m_wall; }
    Monotonic monotonic() const override { return m_mono; }
    void advance(std::chrono::milliseconds d)
    {
        m_wall = m_wall.addMSecs(d.count());
        m_mono += d;
    }

private:
    QDateTime m_wall;
    Monotonic m_mono {};
};

} // namespace cocoon::test
