#include "sched/Schedule.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace cocoon::sched {
namespace {

const QStringList kDays = {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
    QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};

int dayIndex(const QString& d)
{
    return int(kDays.indexOf(d.left(3).toLower())) + 1; // 0 when unknown
}

} // namespace

WeeklySchedule WeeklySchedule::always()
{
    WeeklySchedule s;
    s.m_hours.set();
    return s;
}

bool WeeklySchedule::allows(const QDateTime& t) const
{
    return allows(t.date().dayOfWeek(), t.time().hour());
}

Expected<WeeklySchedule, QString> WeeklySchedule::parse(const QString& text)
{
    WeeklySchedule s;
    static const QRegularExpression entry(QStringLiteral(R"(^\s*([a-z,\- ]+?)\s+(\d{1,2})\s*-\s*(\d{1,2})\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    for (const QString& part : text.split(u';', Qt::SkipEmptyParts)) {
        if (part.trimmed().isEmpty())
            continue;
        const auto m = entry.match(part);
        if (!m.hasMatch()) {
            return unexpected(QCoreApplication::translate(
                "cocoon::sched::Schedule", "'%1' is not \"DAYS FROM-TO\" (for example \"mon-fri 22-7\")")
                                  .arg(part.trimmed()));
        }
        const int from = m.captured(2).toInt(), to = m.captured(3).toInt();
        if (from > 23 || to > 24) {
            return unexpected(QCoreApplication::translate("cocoon::sched::Schedule", "'%1': hours go from 0 to 24")
                                  .arg(part.trimmed()));
        }
        std::bitset<7> days;
        for (const QString& group : m.captured(1).split(u',', Qt::SkipEmptyParts)) {
            const QStringList range = group.trimmed().split(u'-');
            const int a = dayIndex(range.value(0).trimmed()),
                      b = range.size() > 1 ? dayIndex(range.value(1).trimmed()) : a;
            if (a == 0 || b == 0 || range.size() > 2) {
                return unexpected(QCoreApplication::translate("cocoon::sched::Schedule",
                    "'%1': days are mon, tue, wed, thu, fri, sat, sun (or ranges like mon-fri)")
                                      .arg(group.trimmed()));
            }
            for (int d = a;; d = d % 7 + 1) { // ranges may wrap: sat-mon
                days.set(std::size_t(d - 1));
                if (d == b)
                    break;
            }
        }
        for (int d = 1; d <= 7; ++d) {
            if (!days.test(std::size_t(d - 1)))
                continue;
            if (to > from) {
                for (int h = from; h < to; ++h)
                    s.set(d, h, true);
            } else { // across midnight: from..24 today, 0..to tomorrow
                for (int h = from; h < 24; ++h)
                    s.set(d, h, true);
                for (int h = 0; h < to; ++h)
                    s.set(d % 7 + 1, h, true);
            }
        }
    }
    return s;
}

QString WeeklySchedule::toText() const
{
    // One entry per day and run of allowed hours ("mon 22-24; tue 0-7"); the parser reads it back.
    QStringList parts;
    for (int d = 1; d <= 7; ++d) {
        for (int h = 0; h < 24;) {
            if (!allows(d, h)) {
                ++h;
                continue;
            }
            int e = h;
            while (e < 24 && allows(d, e))
                ++e;
            parts << QStringLiteral("%1 %2-%3").arg(kDays[d - 1]).arg(h).arg(e);
            h = e;
        }
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace cocoon::sched
