// cocoonctl status | pause | resume | snooze DURATION | limits get|set | jobs: talk to the running
// cocoon-contributor (desktop or --headless) of this data directory over its control channel.
#include "VerbSupport.h"
#include "control/Control.h"
#include "ledger/Ledger.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon;

namespace {

/// "15m", "1h", "2h30m", "90" (minutes), "tomorrow" -> the request's args; nullopt if unreadable.
std::optional<QJsonObject> snoozeArgs(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"tomorrow")
        return QJsonObject {{QStringLiteral("until"), QStringLiteral("tomorrow")}};
    static const QRegularExpression re(QStringLiteral(R"(^(?:(\d+)h)?(?:(\d+)m?)?$)"));
    const auto m = re.match(t);
    if (t.isEmpty() || !m.hasMatch() || (m.captured(1).isEmpty() && m.captured(2).isEmpty()))
        return std::nullopt;
    const qint64 minutes = m.captured(1).toLongLong() * 60 + m.captured(2).toLongLong();
    return QJsonObject {{QStringLiteral("minutes"), minutes}};
}

void printStatus(const QJsonObject& s)
{
    QTextStream out(stdout);
    out << "Cocoon Contributor " << s[QStringLiteral("version")].toString() << " ("
        << s[QStringLiteral("ui")].toString() << "), data in " << s[QStringLiteral("dataDir")].toString() << "\n";
    out << "Network:  " << s[QStringLiteral("network")].toString() << "\n";
    out << "Privacy:  " << s[QStringLiteral("tier")].toString() << "\n";
    const QJsonObject sched = s[QStringLiteral("scheduler")].toObject();
    out << "Mode:     " << s[QStringLiteral("mode")].toString();
    if (const QString until = sched[QStringLiteral("snoozed_until")].toString(); !until.isEmpty())
        out << "; snoozed until "
            << QDateTime::fromString(until, Qt::ISODate).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    out << "\n";
    for (const QJsonValue& v : sched[QStringLiteral("devices")].toArray()) {
        const QJsonObject d = v.toObject();
        out << "  " << d[QStringLiteral("device")].toString() << ": ";
        const QString job = s[QStringLiteral("jobs")].toObject()[d[QStringLiteral("device")].toString()].toString();
        if (d[QStringLiteral("run")].toBool())
            out << "working at " << d[QStringLiteral("duty_percent")].toInt() << "%"
                << (job.isEmpty() ? QString() : QStringLiteral(", running ") + job) << "\n";
        else if (!job.isEmpty())
            out << "paused with " << job
                << " held: " << d[QStringLiteral("explanations")].toVariant().toStringList().join(QStringLiteral("; "))
                << "\n";
        else
            out << "paused: " << d[QStringLiteral("explanations")].toVariant().toStringList().join(QStringLiteral("; "))
                << "\n";
    }
    if (s.contains(QStringLiteral("earnings"))) {
        const QJsonObject e = s[QStringLiteral("earnings")].toObject();
        const QString unit = s[QStringLiteral("testTon")].toBool() ? QStringLiteral("test TON") : QStringLiteral("TON");
        const auto ton = [&](const char* k) { return ledger::formatTon(e[QLatin1String(k)].toString().toLongLong()); };
        out << "Earnings: " << e[QStringLiteral("jobs")].toInteger() << " jobs; pending " << ton("pendingNano")
            << ", credited " << ton("creditedNano") << ", paid " << ton("paidNano") << " " << unit << "\n";
    }
}

} // namespace

int control(const QStringList& args)
{
    const QString verb = args.value(0).section(u' ', 1);
    QString usage;
    if (verb == u"snooze")
        usage = QStringLiteral("DURATION");
    else if (verb == u"limits")
        usage = QStringLiteral("get | set KEY VALUE");
    VerbRun run(QStringLiteral("Talk to the running Cocoon Contributor of this data directory (desktop or headless): "
                               "status, pause, resume, snooze 15m|1h|2h30m|tomorrow, limits get, limits set KEY "
                               "VALUE, jobs."),
        usage);
    run.parser().addOption({QStringLiteral("json"), QStringLiteral("Print the answer as JSON.")});
    run.parser().addOption(
        {QStringLiteral("limit"), QStringLiteral("jobs: how many, newest first (default 20)."), QStringLiteral("N")});
    if (auto rc = run.start(args))
        return *rc;
    const QStringList pos = run.parser().positionalArguments();
    const bool json = run.parser().isSet(QStringLiteral("json"));
    control::Request request;
    if (verb == u"status" || verb == u"pause" || verb == u"resume") {
        if (!pos.isEmpty())
            return fail(QStringLiteral("usage: cocoonctl %1 [--json]").arg(verb), kUsage);
        request.command = verb;
    } else if (verb == u"snooze") {
        const auto a = pos.size() == 1 ? snoozeArgs(pos[0]) : std::nullopt;
        if (!a)
            return fail(
                QStringLiteral("usage: cocoonctl snooze DURATION (15m, 1h, 2h30m, 90 = minutes, tomorrow)"), kUsage);
        request = {QStringLiteral("snooze"), *a};
    } else if (verb == u"limits") {
        if (pos.size() == 1 && pos[0] == u"get") {
            request.command = QStringLiteral("limits.get");
        } else if (pos.size() == 3 && pos[0] == u"set") {
            request
                = {QStringLiteral("limits.set"), {{QStringLiteral("key"), pos[1]}, {QStringLiteral("value"), pos[2]}}};
        } else {
            return fail(QStringLiteral("usage: cocoonctl limits get | cocoonctl limits set KEY VALUE"), kUsage);
        }
    } else if (verb == u"jobs") {
        request.command = QStringLiteral("jobs");
        if (run.parser().isSet(QStringLiteral("limit"))) {
            bool ok = false;
            const int n = run.parser().value(QStringLiteral("limit")).toInt(&ok);
            if (!ok)
                return fail(QStringLiteral("--limit takes a number"), kUsage);
            request.args[QStringLiteral("limit")] = n;
        }
    } else {
        return fail(QStringLiteral("unknown control verb '%1'").arg(verb), kUsage);
    }

    const auto reply = control::call(control::socketName(run.runtime().paths.dataDir), request);
    if (!reply)
        return fail(reply.error().message);
    QTextStream out(stdout);
    if (json) {
        out << (reply->isArray() ? QJsonDocument(reply->toArray()) : QJsonDocument(reply->toObject()))
                   .toJson(QJsonDocument::Indented);
        return kOk;
    }
    if (request.command == u"limits.get") {
        for (const QJsonValue& v : reply->toArray()) {
            const QJsonObject o = v.toObject();
            const QString value = o[QStringLiteral("value")].toVariant().toString();
            out << QStringLiteral("%1 = %2%3")
                       .arg(o[QStringLiteral("key")].toString(), -28)
                       .arg(value,
                           o.contains(QStringLiteral("unit")) ? u' ' + o[QStringLiteral("unit")].toString() : QString())
                << "\n";
        }
    } else if (request.command == u"limits.set") {
        const QJsonObject o = reply->toObject();
        out << o[QStringLiteral("key")].toString() << " = " << o[QStringLiteral("value")].toVariant().toString()
            << " (in effect now)\n";
    } else if (request.command == u"jobs") {
        const QJsonArray jobs = reply->toObject()[QStringLiteral("jobs")].toArray();
        const QString unit = reply->toObject()[QStringLiteral("testTon")].toBool() ? QStringLiteral("test TON")
                                                                                   : QStringLiteral("TON");
        if (jobs.isEmpty())
            out << "No jobs yet.\n";
        for (const QJsonValue& v : jobs) {
            const QJsonObject j = v.toObject();
            out << QDateTime::fromMSecsSinceEpoch(j[QStringLiteral("endMs")].toInteger())
                       .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                << "  " << j[QStringLiteral("job")].toString().left(16) << "  "
                << QStringLiteral("%1").arg(j[QStringLiteral("kernel")].toString(), -20) << " "
                << j[QStringLiteral("units")].toInteger() << " units  "
                << ledger::formatTon(j[QStringLiteral("priceNano")].toString().toLongLong()) << " " << unit
                << (j[QStringLiteral("acked")].toBool() ? "" : "  (not yet acknowledged)") << "\n";
        }
    } else {
        printStatus(reply->toObject());
    }
    return kOk;
}

} // namespace cocoonctl
