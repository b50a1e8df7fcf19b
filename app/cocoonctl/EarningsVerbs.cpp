// cocoonctl earnings [--by PERIOD|kernel|gpu] [--from DATE] [--to DATE] [--csv | --json]
#include "VerbSupport.h"
#include "ledger/Ledger.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon::ledger;

namespace {

/// "2026-11-01" (local midnight) -> Unix ms; empty -> fallback.
std::optional<std::int64_t> dateMs(const QString& text, std::int64_t fallback)
{
    if (text.isEmpty())
        return fallback;
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid())
        return std::nullopt;
    return QDateTime(d, QTime(0, 0)).toMSecsSinceEpoch();
}

} // namespace

int earnings(const QStringList& args)
{
    VerbRun run(QStringLiteral("Earnings from the local ledger: pending (receipts not yet credited), credited (the "
                               "coordinator's newest signed statement) and paid (payouts seen on chain)."));
    QCommandLineParser& p = run.parser();
    p.addOption({QStringLiteral("by"), QStringLiteral("Group by hour, day, week, month, kernel or gpu (default day)."),
        QStringLiteral("GROUP"), QStringLiteral("day")});
    p.addOption(
        {QStringLiteral("from"), QStringLiteral("First day (YYYY-MM-DD, local time)."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), QStringLiteral("Day after the last (YYYY-MM-DD)."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("csv"), QStringLiteral("Print CSV (amounts in nanoTON and TON).")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    p.addOption({QStringLiteral("demo"), QStringLiteral("The local demo network's ledger (test TON).")});
    if (auto rc = run.start(args))
        return *rc;
    const auto grouping = groupingFromName(p.value(QStringLiteral("by")));
    if (!grouping)
        return fail(QStringLiteral("--by must be hour, day, week, month, kernel or gpu"), kUsage);
    const auto from = dateMs(p.value(QStringLiteral("from")), 0);
    const auto to = dateMs(p.value(QStringLiteral("to")), INT64_MAX);
    if (!from || !to)
        return fail(QStringLiteral("--from and --to take a date like 2026-11-01"), kUsage);
    cocoon::SystemClock clock;
    const bool demo = p.isSet(QStringLiteral("demo"));
    const QString file
        = demo ? run.runtime().paths.dataDir + QStringLiteral("/demo/ledger.sqlite") : run.runtime().paths.ledgerFile();
    if (demo && !QFile::exists(file))
        return fail(QStringLiteral("the demo network has not run here yet"));
    auto ledger = Ledger::open(file, clock);
    if (!ledger)
        return fail(ledger.error().message);
    QTextStream out(stdout);
    if (p.isSet(QStringLiteral("csv"))) {
        auto csv = ledger->earningsCsv(*grouping, *from, *to);
        if (!csv)
            return fail(csv.error().message);
        out << *csv;
        return kOk;
    }
    if (p.isSet(QStringLiteral("json"))) {
        auto json = earningsJson(*ledger, *grouping, *from, *to);
        if (!json)
            return fail(json.error().message);
        out << QJsonDocument(*json).toJson(QJsonDocument::Indented);
        return kOk;
    }
    auto totals = ledger->totals();
    auto rows = ledger->earnings(*grouping, *from, *to);
    if (!totals || !rows)
        return fail(!totals ? totals.error().message : rows.error().message);
    const Totals& t = *totals;
    if (demo)
        out << "the local demo network: amounts are test TON, not real money\n";
    out << "jobs:      " << t.jobs << "\n"
        << "pending:   " << formatTon(t.pendingNano) << " TON  (done, not yet in a signed statement)\n"
        << "credited:  " << formatTon(t.creditedNano) << " TON  (the coordinator's newest signed statement)\n"
        << "paid:      " << formatTon(t.paidNano) << " TON  (payouts seen on chain; fees " << formatTon(t.feesNano)
        << " TON not counted)\n";
    if (t.claimedPaidNano > t.paidNano)
        out << "note: the coordinator reports " << formatTon(t.claimedPaidNano) << " TON paid; "
            << formatTon(t.claimedPaidNano - t.paidNano) << " TON of it has not been seen on chain yet.\n";
    if (t.overdueNano > 0)
        out << "OVERDUE: " << formatTon(t.overdueNano) << " TON has been above the coordinator's payout threshold ("
            << formatTon(t.minPayoutNano) << " TON) since "
            << QDateTime::fromMSecsSinceEpoch(t.overdueSinceMs).toString(Qt::ISODate) << " and has not arrived.\n";
    if (t.alarms > 0)
        out << "WARNING: " << t.alarms
            << " statement(s) showed a lower total than the coordinator signed before; the higher one is kept.\n";
    if (t.creditedExceedsEarned)
        out << "note: credited is more than this ledger's receipts (receipts from another install or a lost ledger).\n";
    for (const Bucket& b : *rows) {
        out << QStringLiteral("%1  %2 jobs  earned %3").arg(b.key, -18).arg(b.jobs, 5).arg(formatTon(b.earnedNano));
        if (*grouping != Grouping::Kernel && *grouping != Grouping::Device)
            out << "  credited " << formatTon(b.creditedNano) << "  paid " << formatTon(b.paidNano);
        out << "\n";
    }
    return kOk;
}

int coordinator(const QStringList& args)
{
    VerbRun run(QStringLiteral("The statement-signing keys of the coordinators this node has joined. A node pins the "
                               "key a coordinator presents on first joining and refuses statements signed by any "
                               "other; 'forget HOST:PORT' accepts the key it presents next (after its operator "
                               "replaced it)."));
    QCommandLineParser& p = run.parser();
    p.addPositionalArgument(QStringLiteral("keys|forget"), QStringLiteral("List the pinned keys, or forget one."));
    p.addPositionalArgument(QStringLiteral("HOST:PORT"), QStringLiteral("With forget: the coordinator."));
    p.addOption({QStringLiteral("demo"), QStringLiteral("The local demo network's ledger.")});
    if (auto rc = run.start(args))
        return *rc;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty() || (pos[0] == u"keys" && pos.size() != 1) || (pos[0] == u"forget" && pos.size() != 2)
        || (pos[0] != u"keys" && pos[0] != u"forget"))
        return fail(QStringLiteral("usage: cocoonctl coordinator keys | forget HOST:PORT"), kUsage);
    cocoon::SystemClock clock;
    const QString file = p.isSet(QStringLiteral("demo"))
        ? run.runtime().paths.dataDir + QStringLiteral("/demo/ledger.sqlite")
        : run.runtime().paths.ledgerFile();
    auto ledger = Ledger::open(file, clock);
    if (!ledger)
        return fail(ledger.error().message);
    QTextStream out(stdout);
    if (pos[0] == u"keys") {
        auto keys = ledger->coordinatorKeys();
        if (!keys)
            return fail(keys.error().message);
        for (const auto& [endpoint, key] : *keys)
            out << endpoint << ' ' << key.toHex() << Qt::endl;
        return kOk;
    }
    auto forgot = ledger->forgetCoordinatorKey(pos[1].toLower());
    if (!forgot)
        return fail(forgot.error().message);
    if (!*forgot)
        return fail(QStringLiteral("no key is pinned for %1 (see 'cocoonctl coordinator keys')").arg(pos[1]));
    out << "forgot the key pinned for " << pos[1] << "; the next join pins the key it presents" << Qt::endl;
    return kOk;
}

} // namespace cocoonctl
