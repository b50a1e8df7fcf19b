#pragma once
// Every piece of time-dependent code takes a Clock& so that tests drive time
// with tests/support/ManualClock.h instead of sleeping.
#include <QDateTime>

#include <chrono>

namespace cocoon {

class Clock
{
public:
    using Monotonic = std::chrono::steady_clock::time_point;

    virtual ~Clock() = default;
    /// Wall-clock time in UTC (for records people read and for time stamps sent over the wire).
    virtual QDateTime nowUtc() const = 0;
    /// Monotonic time (for durations, deadlines and timeouts).
    virtual Monotonic monotonic() const = 0;
};

/// The real clock. Entry points create one and pass it down; core code never reads the time itself.
class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
    Monotonic monotonic() const override { return std::chrono::steady_clock::now(); }
};

} // namespace cocoon
