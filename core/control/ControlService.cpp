#include "control/ControlService.h"

#include "common/Logging.h"
#include "common/Version.h"
#include "config/Settings.h"
#include "jobs/Receipt.h"
#include "ledger/Ledger.h"
#include "sched/Scheduler.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cocoon::control {
namespace {

ControlError badArgument(QString message)
{
    return {ControlErrc::BadArgument, std::move(message)};
}

constexpr int kMaxSnoozeMinutes = 7 * 24 * 60;

} // namespace

Service::Service(Parts parts)
    : m_parts(std::move(parts))
{ }

QJsonObject Service::status() const
{
    QJsonObject o = m_parts.extraStatus ? m_parts.extraStatus() : QJsonObject {};
    o[QStringLiteral("version")] = QStringLiteral(COCOON_VERSION);
    o[QStringLiteral("pid")] = QCoreApplication::applicationPid();
    o[QStringLiteral("scheduler")] = m_parts.scheduler.statusJson();
    o[QStringLiteral("mode")] = m_parts.settings.stringValue(QString::fromLatin1(keys::schedMode));
    if (ledger::Ledger* book = m_parts.ledger ? m_parts.ledger() : nullptr) {
        if (auto t = book->totals()) {
            o[QStringLiteral("earnings")] = QJsonObject {{QStringLiteral("jobs"), qint64(t->jobs)},
                {QStringLiteral("pendingNano"), QString::number(t->pendingNano)},
                {QStringLiteral("creditedNano"), QString::number(t->creditedNano)},
                {QStringLiteral("paidNano"), QString::number(t->paidNano)}};
        }
    }
    return o;
}

Expected<QJsonValue, ControlError> Service::handle(const Request& r)
{
    sched::Scheduler& g = m_parts.scheduler;
    if (r.command == u"status")
        return QJsonValue(status());
    if (r.command == u"pause") {
        g.pause();
        return QJsonValue(status());
    }
    if (r.command == u"resume") {
        g.resume();
        return QJsonValue(status());
    }
    if (r.command == u"snooze") {
        if (r.args.value(QStringLiteral("until")).toString() == u"tomorrow") {
            g.snooze(sched::SnoozeLength::UntilTomorrow);
        } else {
            const QJsonValue m = r.args.value(QStringLiteral("minutes"));
            const double minutes = m.toDouble(-1);
            if (!m.isDouble() || minutes < 1 || minutes > kMaxSnoozeMinutes || minutes != double(qint64(minutes)))
                return unexpected(
                    badArgument(QStringLiteral("snooze takes whole minutes from 1 to %1, or until tomorrow")
                                    .arg(kMaxSnoozeMinutes)));
            g.snoozeFor(std::chrono::minutes(qint64(minutes)));
        }
        return QJsonValue(status());
    }
    if (r.command == u"limits.get") {
        QJsonArray limits;
        for (const SettingSpec& spec : m_parts.settings.table()) {
            if (!spec.key.startsWith(u"sched."))
                continue;
            QJsonObject o {{QStringLiteral("key"), spec.key},
                {QStringLiteral("value"), QJsonValue::fromVariant(m_parts.settings.value(spec.key))},
                {QStringLiteral("default"), QJsonValue::fromVariant(spec.defaultValue)},
                {QStringLiteral("description"), spec.description}};
            if (!spec.unit.isEmpty())
                o[QStringLiteral("unit")] = spec.unit;
            limits.append(o);
        }
        return QJsonValue(limits);
    }
    if (r.command == u"limits.set" || r.command == u"settings.set") {
        const bool limit = r.command == u"limits.set";
        const QString key = r.args.value(QStringLiteral("key")).toString();
        if (!m_parts.settings.spec(key) || (limit && !key.startsWith(u"sched.")))
            return unexpected(badArgument(limit
                    ? QStringLiteral("'%1' is not a limit; 'cocoonctl limits get' lists them").arg(key)
                    : QStringLiteral("there is no setting called '%1'; 'cocoonctl settings list' lists them")
                          .arg(key)));
        // limits.set and "text": what a person typed; "value": a JSON value; "reset": the default.
        const QJsonValue text = r.args.value(limit ? QStringLiteral("value") : QStringLiteral("text"));
        const QJsonValue value = r.args.value(QStringLiteral("value"));
        Expected<void, SettingsError> ok;
        if (!limit && r.args.value(QStringLiteral("reset")).toBool())
            ok = m_parts.settings.reset(key);
        else if (text.isString())
            ok = m_parts.settings.setFromText(key, text.toString());
        else if (limit || value.isUndefined() || value.isNull())
            return unexpected(badArgument(limit ? QStringLiteral("the value must be given as text")
                                                : QStringLiteral("give the new value as \"text\" or \"value\"")));
        else
            ok = m_parts.settings.set(key, value.toVariant());
        if (!ok)
            return unexpected(
                ControlError {ok.error().code == SettingsErrc::Io || ok.error().code == SettingsErrc::ReadOnly
                        ? ControlErrc::Unavailable
                        : ControlErrc::BadArgument,
                    ok.error().message});
        return QJsonValue(QJsonObject {{QStringLiteral("key"), key},
            {QStringLiteral("value"), QJsonValue::fromVariant(m_parts.settings.value(key))}});
    }
    if (r.command == u"history") {
        // Entries carry sequence numbers (the n-th change ever recorded); "after" is the next
        // sequence the reader wants, "next" what to ask for the next time.
        const sched::StateHistory& h = g.history();
        const QJsonValue a = r.args.value(QStringLiteral("after"));
        const qint64 after = a.isUndefined() ? 0 : a.toInteger(-1);
        if (after < 0)
            return unexpected(badArgument(QStringLiteral("after must be a sequence number (0 or more)")));
        const std::uint64_t first = h.added() - h.entries().size();
        QJsonArray entries;
        for (std::uint64_t seq = std::max<std::uint64_t>(first, std::uint64_t(after)); seq < h.added(); ++seq)
            entries.append(sched::toJson(h.entries()[std::size_t(seq - first)]));
        return QJsonValue(
            QJsonObject {{QStringLiteral("next"), qint64(h.added())}, {QStringLiteral("entries"), entries}});
    }
    if (r.command == u"log") {
        // The newest lines of the instance's log (the same "after"/"next" scheme as history).
        const QJsonValue a = r.args.value(QStringLiteral("after"));
        const qint64 after = a.isUndefined() ? 0 : a.toInteger(-1);
        if (after < 0)
            return unexpected(badArgument(QStringLiteral("after must be a sequence number (0 or more)")));
        const std::vector<log::LogLine> lines = log::recent();
        const std::uint64_t count = log::recentCount();
        const std::uint64_t first = count - std::min<std::uint64_t>(count, lines.size());
        QJsonArray out;
        for (std::uint64_t seq = std::max<std::uint64_t>(first, std::uint64_t(after)); seq < count; ++seq) {
            if (seq - first < lines.size())
                out.append(log::toJson(lines[std::size_t(seq - first)]));
        }
        return QJsonValue(QJsonObject {{QStringLiteral("next"), qint64(count)}, {QStringLiteral("lines"), out}});
    }
    if (r.command == u"processes")
        return QJsonValue(QJsonArray::fromStringList(g.runningProcesses()));
    ledger::Ledger* book = m_parts.ledger ? m_parts.ledger() : nullptr;
    if (r.command == u"jobs" || r.command == u"earnings") {
        if (!book)
            return unexpected(ControlError {
                ControlErrc::Unavailable, QStringLiteral("this instance has no ledger open (see its log for why)")});
    }
    if (r.command == u"jobs") {
        const QJsonValue l = r.args.value(QStringLiteral("limit"));
        const int limit = l.isUndefined() ? 20 : l.toInt(-1);
        if (limit < 1 || limit > 1000)
            return unexpected(badArgument(QStringLiteral("limit must be 1 to 1000")));
        auto rows = book->receipts(0, INT64_MAX, limit);
        if (!rows)
            return unexpected(ControlError {ControlErrc::Unavailable, rows.error().message});
        QJsonArray jobs;
        for (const auto& row : *rows) {
            jobs.append(QJsonObject {{QStringLiteral("job"), QString::fromLatin1(row.jobId.toHex())},
                {QStringLiteral("kernel"), row.kernel}, {QStringLiteral("device"), row.device},
                {QStringLiteral("units"), qint64(row.units)},
                {QStringLiteral("priceNano"), QString::number(row.priceNano)},
                {QStringLiteral("startMs"), qint64(row.startMs)}, {QStringLiteral("endMs"), qint64(row.endMs)},
                {QStringLiteral("acked"), row.acked}});
        }
        const bool testTon = m_parts.extraStatus && m_parts.extraStatus().value(QStringLiteral("testTon")).toBool();
        return QJsonValue(QJsonObject {{QStringLiteral("testTon"), testTon}, {QStringLiteral("jobs"), jobs}});
    }
    if (r.command == u"earnings") {
        const auto grouping
            = ledger::groupingFromName(r.args.value(QStringLiteral("by")).toString(QStringLiteral("day")));
        if (!grouping)
            return unexpected(badArgument(QStringLiteral("by must be hour, day, week, month, kernel or gpu")));
        const qint64 from = r.args.value(QStringLiteral("fromMs")).toInteger(0);
        const qint64 to = r.args.value(QStringLiteral("toMs")).toInteger(INT64_MAX);
        auto json = ledger::earningsJson(*book, *grouping, from, to);
        if (!json)
            return unexpected(ControlError {ControlErrc::Unavailable, json.error().message});
        return QJsonValue(*json);
    }
    return unexpected(ControlError {ControlErrc::UnknownCommand,
        QStringLiteral("unknown command '%1' (status, pause, resume, snooze, limits.get, limits.set, settings.set, "
                       "history, log, processes, jobs, earnings)")
            .arg(r.command)});
}

} // namespace cocoon::control
