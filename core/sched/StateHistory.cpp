#include "sched/StateHistory.h"

#include <QJsonArray>

#include <algorithm>

namespace cocoon::sched {

namespace {

constexpr Reason kAllReasons[] = {Reason::UserPaused, Reason::Snoozed, Reason::ModePaused, Reason::UserActive,
    Reason::OutsideSchedule, Reason::Fullscreen, Reason::ExclusiveApp, Reason::OtherGpuLoad, Reason::VramReserved,
    Reason::TooHot, Reason::OnBattery, Reason::BatteryLow, Reason::Settling};

QStringList stringsFrom(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& s : v.toArray()) {
        if (s.isString())
            out.append(s.toString());
    }
    return out;
}

struct Reasons
{
    QList<Reason> reasons;
    QList<QStringList> arguments;
    QStringList explanations;
};

/// Reasons, their arguments and explanations, index by index. A known reason sent with its
/// arguments is put into words here, in the reader's language; without them (an older instance,
/// or arguments that do not match the reasons one for one) the sent words stay. A name this version
/// does not know (a newer instance) is left out and its explanation kept, after the known ones, as
/// are explanations beyond the reasons — so explanations[i] belongs to reasons[i] and reading
/// what toJson() writes gives back the same decision.
Reasons reasonsFrom(const QJsonObject& o)
{
    const QJsonArray names = o.value(QStringLiteral("reasons")).toArray();
    const QJsonArray arguments = o.value(QStringLiteral("arguments")).toArray();
    const QJsonArray sent = o.value(QStringLiteral("explanations")).toArray();
    const bool useArguments = arguments.size() == names.size()
        && std::all_of(arguments.begin(), arguments.end(), [](const QJsonValue& a) { return a.isArray(); });
    Reasons out;
    QStringList unpaired;
    for (qsizetype i = 0; i < std::max(names.size(), sent.size()); ++i) {
        const auto reason = i < names.size() ? reasonFromName(names.at(i).toString()) : std::nullopt;
        if (!reason) {
            if (sent.at(i).isString())
                unpaired.append(sent.at(i).toString());
            continue;
        }
        out.reasons.append(*reason);
        if (useArguments) {
            out.arguments.append(stringsFrom(arguments.at(i)));
            out.explanations.append(explain(*reason, out.arguments.back()));
        } else {
            out.explanations.append(sent.at(i).isString() ? sent.at(i).toString() : explain(*reason, {}));
        }
    }
    out.explanations += unpaired;
    return out;
}

/// Written only when there is one list per reason (what reasonsFrom() reads back as arguments).
QJsonValue argumentsJson(const QList<Reason>& reasons, const QList<QStringList>& arguments)
{
    if (arguments.size() != reasons.size())
        return QJsonValue::Undefined;
    QJsonArray a;
    for (const QStringList& list : arguments)
        a.append(QJsonArray::fromStringList(list));
    return a;
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
        {QStringLiteral("arguments"), argumentsJson(c.reasons, c.arguments)},
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
        {QStringLiteral("arguments"), argumentsJson(d.reasons, d.arguments)},
        {QStringLiteral("explanations"), QJsonArray::fromStringList(d.explanations)}};
}

Decision decisionFromJson(const QJsonObject& o)
{
    Decision d;
    d.run = o.value(QStringLiteral("run")).toBool();
    d.dutyPercent = std::clamp(o.value(QStringLiteral("duty_percent")).toInt(), 0, 100);
    d.vramBudgetBytes = std::uint64_t(std::max<qint64>(0, o.value(QStringLiteral("vram_budget_bytes")).toInteger()));
    Reasons r = reasonsFrom(o);
    d.reasons = std::move(r.reasons);
    d.arguments = std::move(r.arguments);
    d.explanations = std::move(r.explanations);
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
    Reasons r = reasonsFrom(o);
    c.reasons = std::move(r.reasons);
    c.arguments = std::move(r.arguments);
    c.explanations = std::move(r.explanations);
    return c;
}

} // namespace cocoon::sched
