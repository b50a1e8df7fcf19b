#pragma once
// The weekly schedule of allowed hours: a 7×24 grid, written by people as
//   "mon-fri 22-7; sat-sun 0-24"
// (days mon..sun, single or ranges, comma lists; hours 0..24; a window whose end is not after its
// start runs across midnight into the next day). Empty text = no hour allowed.
#include "common/Expected.h"

#include <QDateTime>
#include <QString>

#include <bitset>

namespace cocoon::sched {

class WeeklySchedule
{
public:
    static Expected<WeeklySchedule, QString> parse(const QString& text);
    static WeeklySchedule always();

    /// Hour `hour` (0..23) of ISO weekday `day` (1 = Monday .. 7 = Sunday).
    bool allows(int day, int hour) const { return m_hours.test(std::size_t((day - 1) * 24 + hour)); }
    bool allows(const QDateTime& localTime) const;
    void set(int day, int hour, bool on) { m_hours.set(std::size_t((day - 1) * 24 + hour), on); }
    /// The canonical text for the grid (what the limits editor writes back).
    QString toText() const;
    bool operator==(const WeeklySchedule&) const = default;

private:
    std::bitset<168> m_hours;
};

} // namespace cocoon::sched
