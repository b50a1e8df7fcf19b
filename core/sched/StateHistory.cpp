#include "sched/StateHistory.h"

#include <QJsonArray>

namespace cocoon::sched {

namespace {

constexpr Reason kAllReasons[] = {Reason::UserPaused, Reason::Snoozed, Reason::ModePaused, Reason::UserActive,
    Reason::OutsideSchedule, Reason::Fullscreen, Reason::ExclusiveApp, Reason::OtherGpuLoad, Reason::VramReserved,
    Reason::TooHot, Reason::OnBattery, Reason::BatteryLow, Reason::Settling};

/// Reasons by name; names this version does not know (a newer instance) are left out.
QList<Reason> reasonsFrom(const QJsonValue& names)
{
    QList<Reason> reasons;
    for (const QJsonValue& n : names.toArray()) {
        if (const auto r = reasonFromName(n.toString()))
            reasons.append(*r);
    }
    return reasons;
}

QStringList stringsFrom(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& s : v.toArray()) {
        if (s.isString())
            out.append(s.toString());
    }
    return out;
}

} // namespace

QString reasonName(Reason reason)
{
    switch (reason) {
    case Reason::UserPaused:
        return QStringLiteral("user-paused");
    case Reason::Snoozed:
        return QStringLiteral("snoozed");
    case Reason::ModePaused:
        return QStringLiteral("mode-paused");
    case Reason::UserActive:
        return QStringLiteral("user-active");
    case Reason::OutsideSchedule:
        return QStringLiteral("outside-schedule");
    case Reason::Fullscreen:
        return QStringLiteral("fullscreen");
    case Reason::ExclusiveApp:
        return QStringLiteral("exclusive-app");
    case Reason::OtherGpuLoad:
        return QStringLiteral("other-gpu-load");
    case Reason::VramReserved:
        return QStringLiteral("vram-reserved");
    case Reason::TooHot:
        return QStringLiteral("too-hot");
    case Reason::OnBattery:
        return QStringLiteral("on-battery");
    case Reason::BatteryLow:
        return QStringLiteral("battery-low");
    case Reason::Settling:
        return QStringLiteral("settling");
    }
    return QStringLiteral("unknown");
}

static QJsonArray reasonNames(const QList<Reason>& reasons)
{
    QJsonArray a;
    for (Reason r : reasons)
        a.append(reasonName(r));
    return a;
}

QJsonObject toJson(const StateChange& c)
{
    return QJsonObject {{QStringLiteral("at"), c.at.toString(Qt::ISODateWithMs)}, {QStringLiteral("device"), c.device},
        {QStringLiteral("run"), c.run}, {QStringLiteral("duty_percent"), c.dutyPercent},
        {QStringLiteral("reasons"), reasonNames(c.reasons)},
        {QStringLiteral("explanations"), QJsonArray::fromStringList(c.explanations)}};
}

std::optional<Reason> reasonFromName(QStringView name)
{
    for (Reason r : kAllReasons) {
        if (reasonName(r) == name)
            return r;
    }
    return std::nullopt;
}

QJsonObject toJson(const Decision& d)
{
    return QJsonObject {{QStringLiteral("run"), d.run}, {QStringLiteral("duty_percent"), d.dutyPercent},
        {QStringLiteral("vram_budget_bytes"), qint64(d.vramBudgetBytes)},
        {QStringLiteral("reasons"), reasonNames(d.reasons)},
        {QStringLiteral("explanations"), QJsonArray::fromStringList(d.explanations)}};
}

Decision decisionFromJson(const QJsonObject& o)
{
    Decision d;
    d.run = o.value(QStringLiteral("run")).toBool();
    d.dutyPercent = std::clamp(o.value(QStringLiteral("duty_percent")).toInt(), 0, 100);
    d.vramBudgetBytes = std::uint64_t(std::max<qint64>(0, o.value(QStringLiteral("vram_budget_bytes")).toInteger()));
    d.reasons = reasonsFrom(o.value(QStringLiteral("reasons")));
    d.explanations = stringsFrom(o.value(QStringLiteral("explanations")));
    return d;
}

std::optional<StateChange> stateChangeFromJson(const QJsonObject& o)
{
    StateChange c;
    c.at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    c.device = o.value(QStringLiteral("device")).toString();
    if (!c.at.isValid() || c.device.isEmpty() || !o.value(QStringLiteral("run")).isBool())
        return std::nullopt;
    c.at = c.at.toUTC();
    c.run = o.value(QStringLiteral("run")).toBool();
    c.dutyPercent = std::clamp(o.value(QStringLiteral("duty_percent")).toInt(), 0, 100);
    c.reasons = reasonsFrom(o.value(QStringLiteral("reasons")));
    c.explanations = stringsFrom(o.value(QStringLiteral("explanations")));
    return c;
}

} // namespace cocoon::sched
