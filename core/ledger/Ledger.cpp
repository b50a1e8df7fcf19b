#include "ledger/Ledger.h"

#include "jobs/Receipt.h"
#include "ledger/CreditStatement.h"
#include "wallet/Address.h"

#include <QJsonArray>

#include <cmath>
#include <map>

namespace cocoon::ledger {

namespace {

using sqlite::Value;

// Stepwise migrations: entry i takes the schema from version i to i + 1. Never edit a released
// step; add a new one.
const char* const kMigrations[] = {
    // 0 -> 1: money and jobs.
    R"sql(
    CREATE TABLE jobs(job_id BLOB PRIMARY KEY, kernel TEXT NOT NULL, device TEXT NOT NULL, state TEXT NOT NULL,
                      reason TEXT NOT NULL DEFAULT '', updated_ms INTEGER NOT NULL);
    CREATE TABLE receipts(job_id BLOB PRIMARY KEY, kernel TEXT NOT NULL, device TEXT NOT NULL,
                          units INTEGER NOT NULL CHECK(units >= 0), price_nano INTEGER NOT NULL CHECK(price_nano >= 0),
                          start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, signed BLOB NOT NULL,
                          acked INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX receipts_by_end ON receipts(end_ms);
    CREATE TABLE statements(id INTEGER PRIMARY KEY, coordinator BLOB NOT NULL, seq INTEGER NOT NULL,
                            jobs INTEGER NOT NULL, units INTEGER NOT NULL, nano INTEGER NOT NULL CHECK(nano >= 0),
                            issued_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, signed BLOB NOT NULL,
                            UNIQUE(coordinator, seq));
    CREATE TABLE credit_alarms(id INTEGER PRIMARY KEY, coordinator BLOB NOT NULL, at_ms INTEGER NOT NULL,
                               held_seq INTEGER NOT NULL, held_nano INTEGER NOT NULL,
                               presented_seq INTEGER NOT NULL, presented_nano INTEGER NOT NULL, signed BLOB NOT NULL);
    CREATE TABLE payouts(tx_hash TEXT PRIMARY KEY, lt INTEGER NOT NULL, utime INTEGER NOT NULL, wallet TEXT NOT NULL,
                         source TEXT NOT NULL, amount_nano INTEGER NOT NULL CHECK(amount_nano >= 0),
                         fee_nano INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '');
    CREATE TABLE state_changes(id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, device TEXT NOT NULL,
                               state TEXT NOT NULL, reason TEXT NOT NULL);
    )sql",
    // 1 -> 2: telemetry roll-ups and the wallet's last-known state.
    R"sql(
    CREATE TABLE telemetry_minutes(device TEXT NOT NULL, minute INTEGER NOT NULL, samples INTEGER NOT NULL,
                                   util_n INTEGER NOT NULL DEFAULT 0, util_ours_sum INTEGER NOT NULL DEFAULT 0,
                                   util_others_sum INTEGER NOT NULL DEFAULT 0, temp_max INTEGER,
                                   power_n INTEGER NOT NULL DEFAULT 0, power_mw_sum INTEGER NOT NULL DEFAULT 0,
                                   vram_max INTEGER, PRIMARY KEY(device, minute)) WITHOUT ROWID;
    CREATE TABLE wallet_cache(address TEXT PRIMARY KEY, fetched_ms INTEGER NOT NULL, state BLOB NOT NULL);
    )sql",
    // 2 -> 3: results a coordinator refused (acknowledged, never credited: not income), and the
    // signing key each coordinator presented when first joined (its statements must carry it).
    R"sql(
    ALTER TABLE receipts ADD COLUMN refused TEXT;
    CREATE TABLE coordinator_keys(endpoint TEXT PRIMARY KEY, key BLOB NOT NULL, first_ms INTEGER NOT NULL);
    )sql",
    // 3 -> 4: what each statement says was paid (statement v2), the coordinator's payout wallet and
    // the threshold it pays at (to match transfers on chain and flag an overdue payment).
    R"sql(
    ALTER TABLE statements ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE statements ADD COLUMN payout_wallet TEXT NOT NULL DEFAULT '';
    ALTER TABLE statements ADD COLUMN min_payout INTEGER NOT NULL DEFAULT 0;
    )sql",
};
static_assert(std::size(kMigrations) == Ledger::kSchemaVersion);

template <typename T>
Unexpected<LedgerError> fail(const Expected<T, LedgerError>& e)
{
    return unexpected(e.error());
}

/// SQLite integers are signed: unsigned amounts from signed documents saturate at INT64_MAX.
/// Only for values already checked against it, and for times.
std::int64_t clamp(std::uint64_t v)
{
    return std::int64_t(std::min<std::uint64_t>(v, INT64_MAX));
}

/// A signed document's amount that SQLite cannot hold is refused, never clamped: a clamped total
/// would be a number nobody signed.
Unexpected<LedgerError> tooLarge(const char* what, std::uint64_t value)
{
    return unexpected(ledgerError(LedgerErrc::Overflow,
        QStringLiteral("the %1 (%2) is larger than the ledger can hold; it was not recorded")
            .arg(QLatin1String(what))
            .arg(value)));
}

QByteArray keyBytes(const Ed25519PublicKey& k)
{
    return QByteArray(reinterpret_cast<const char*>(k.data()), qsizetype(k.size()));
}

struct TimeKey
{
    std::int64_t startMs;
    QString key;
};

TimeKey timeKey(Period period, std::int64_t ms, const QTimeZone& zone)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(ms, zone);
    const QDate d = dt.date();
    switch (period) {
    case Period::Hour: {
        const QDateTime start(d, QTime(dt.time().hour(), 0), zone);
        return {start.toMSecsSinceEpoch(), start.toString(QStringLiteral("yyyy-MM-dd HH:00"))};
    }
    case Period::Day:
        return {QDateTime(d, QTime(0, 0), zone).toMSecsSinceEpoch(), d.toString(Qt::ISODate)};
    case Period::Week: {
        int year = 0;
        const int week = d.weekNumber(&year);
        const QDate monday = d.addDays(1 - d.dayOfWeek());
        return {QDateTime(monday, QTime(0, 0), zone).toMSecsSinceEpoch(),
            QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QChar(u'0'))};
    }
    case Period::Month: {
        const QDate first(d.year(), d.month(), 1);
        return {QDateTime(first, QTime(0, 0), zone).toMSecsSinceEpoch(), first.toString(QStringLiteral("yyyy-MM"))};
    }
    }
    return {};
}

} // namespace

QString formatTon(std::int64_t nano)
{
    const bool negative = nano < 0;
    const std::uint64_t abs = negative ? std::uint64_t(0) - std::uint64_t(nano) : std::uint64_t(nano);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? "-" : "")
        .arg(abs / 1'000'000'000u)
        .arg(abs % 1'000'000'000u, 9, 10, QChar(u'0'));
}

std::optional<std::int64_t> parseTon(QStringView text)
{
    // Exact decimal: whole TON, then at most 9 fractional digits; no sign, no exponent.
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.left(dot);
    const QStringView frac = dot < 0 ? QStringView() : text.mid(dot + 1);
    const auto digits
        = [](QStringView s) { return std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; }); };
    if ((whole.isEmpty() && frac.isEmpty()) || whole.size() > 9 || frac.size() > 9 || !digits(whole) || !digits(frac)
        || (dot >= 0 && frac.isEmpty())) {
        return std::nullopt;
    }
    std::int64_t nano = whole.isEmpty() ? 0 : whole.toLongLong() * 1'000'000'000;
    if (!frac.isEmpty()) {
        nano += frac.toLongLong() * std::int64_t(std::pow(10, 9 - frac.size()));
    }
    return nano;
}

std::optional<Grouping> groupingFromName(QStringView name)
{
    static const std::pair<const char16_t*, Grouping> names[]
        = {{u"hour", Grouping::Hour}, {u"day", Grouping::Day}, {u"week", Grouping::Week}, {u"month", Grouping::Month},
            {u"kernel", Grouping::Kernel}, {u"gpu", Grouping::Device}, {u"device", Grouping::Device}};
    for (const auto& [n, g] : names) {
        if (name == QStringView(n)) {
            return g;
        }
    }
    return std::nullopt;
}

Expected<Ledger, LedgerError> Ledger::open(const QString& path, const Clock& clock, int upToVersion)
{
    auto db = sqlite::Database::open(path);
    if (!db) {
        return fail(db);
    }
    Ledger ledger(std::move(*db), clock);
    if (auto m = ledger.migrate(upToVersion); !m) {
        return fail(m);
    }
    return ledger;
}

Expected<Ledger, LedgerError> Ledger::openReadOnly(const QString& path, const Clock& clock)
{
    auto db = sqlite::Database::open(path, sqlite::Database::Mode::ReadOnly);
    if (!db) {
        return fail(db);
    }
    Ledger ledger(std::move(*db), clock);
    auto version = ledger.schemaVersion();
    if (!version) {
        return fail(version);
    }
    if (*version != kSchemaVersion) {
        return unexpected(ledgerError(*version > kSchemaVersion ? LedgerErrc::NewerSchema : LedgerErrc::Open,
            QStringLiteral("the ledger %1 has schema %2 and this app reads schema %3; run the same version of "
                           "Cocoon Contributor as the instance that keeps it")
                .arg(path)
                .arg(*version)
                .arg(kSchemaVersion)));
    }
    return ledger;
}

Expected<int, LedgerError> Ledger::schemaVersion()
{
    auto v = m_db.scalar("SELECT max(version) FROM schema_version", {}, 0);
    if (!v) {
        return fail(v);
    }
    return int(*v);
}

Expected<void, LedgerError> Ledger::migrate(int upToVersion)
{
    // The version table: one row per applied step, with when (the newest row is the schema).
    if (auto e = m_db.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, "
                           "applied_ms INTEGER NOT NULL)");
        !e) {
        return e;
    }
    auto current = schemaVersion();
    if (!current) {
        return fail(current);
    }
    if (*current > kSchemaVersion) {
        return unexpected(ledgerError(LedgerErrc::NewerSchema,
            QStringLiteral("the ledger was written by a newer version of Cocoon (schema %1, this one knows %2); "
                           "update Cocoon Contributor. The file was left untouched.")
                .arg(*current)
                .arg(kSchemaVersion)));
    }
    for (int v = *current; v < std::min(upToVersion, kSchemaVersion); ++v) {
        sqlite::Transaction tx(m_db);
        if (!tx.started()) {
            return tx.started();
        }
        if (auto e = m_db.exec(kMigrations[v]); !e) {
            return e;
        }
        if (auto e = m_db.run(
                "INSERT INTO schema_version(version, applied_ms) VALUES (?1, ?2)", {std::int64_t(v + 1), nowMs()});
            !e) {
            return e;
        }
        if (auto e = tx.commit(); !e) {
            return e;
        }
    }
    return {};
}

Expected<bool, LedgerError> Ledger::recordReceipt(
    const QByteArray& signedReceipt, std::optional<std::uint64_t> earnedNano)
{
    auto r = jobs::Receipt::verify(signedReceipt);
    if (!r) {
        return unexpected(ledgerError(
            r.error().code == jobs::JobErrc::BadSignature ? LedgerErrc::BadSignature : LedgerErrc::Malformed,
            r.error().message));
    }
    if (r->units > std::uint64_t(INT64_MAX)) {
        return tooLarge("receipt's units", r->units);
    }
    const std::uint64_t earned = earnedNano.value_or(r->priceNano);
    if (earned > std::uint64_t(INT64_MAX)) {
        return tooLarge("receipt's price", earned);
    }
    // Every SUM over receipts stays within int64: a receipt that would carry the totals past it
    // is refused (SQLite's sum() would fail with "integer overflow" on every later read).
    sqlite::Transaction tx(m_db);
    if (!tx.started()) {
        return fail(tx.started());
    }
    auto sums = m_db.query("SELECT coalesce(sum(units), 0), coalesce(sum(price_nano), 0) FROM receipts", {});
    if (!sums) {
        return fail(sums);
    }
    if (auto row = sums->step(); !row) {
        return fail(row);
    }
    if (std::uint64_t(sums->int64(0)) > std::uint64_t(INT64_MAX) - r->units
        || std::uint64_t(sums->int64(1)) > std::uint64_t(INT64_MAX) - earned) {
        return unexpected(ledgerError(LedgerErrc::Overflow,
            QStringLiteral("this receipt would carry the ledger's totals past what it can hold; it was not recorded")));
    }
    if (auto e = m_db.run("INSERT OR IGNORE INTO receipts(job_id, kernel, device, units, price_nano, start_ms, "
                          "end_ms, signed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            {toByteArray(r->jobId), r->kernel, r->device, std::int64_t(r->units), std::int64_t(earned),
                clamp(r->startMs), clamp(r->endMs), signedReceipt});
        !e) {
        return fail(e);
    }
    const bool added = m_db.changes() > 0;
    if (auto c = tx.commit(); !c) {
        return fail(c);
    }
    return added;
}

Expected<void, LedgerError> Ledger::markRefused(const QByteArray& jobId, const QString& reason)
{
    return m_db.run("UPDATE receipts SET acked = 1, refused = ?2 WHERE job_id = ?1",
        {jobId, reason.isEmpty() ? QStringLiteral("refused") : reason});
}

Expected<QList<QByteArray>, LedgerError> Ledger::giveUpUnacked(std::int64_t endedBeforeMs, const QString& reason)
{
    auto q = m_db.query("SELECT job_id FROM receipts WHERE acked = 0 AND end_ms < ?1", {endedBeforeMs});
    if (!q) {
        return fail(q);
    }
    QList<QByteArray> out;
    for (auto row = q->step(); row && *row; row = q->step()) {
        out << q->blob(0);
    }
    if (auto e = m_db.run(
            "UPDATE receipts SET acked = 1, refused = ?2 WHERE acked = 0 AND end_ms < ?1", {endedBeforeMs, reason});
        !e) {
        return fail(e);
    }
    return out;
}

Expected<std::optional<QByteArray>, LedgerError> Ledger::coordinatorKey(const QString& endpoint)
{
    auto q = m_db.query("SELECT key FROM coordinator_keys WHERE endpoint = ?1", {endpoint});
    if (!q) {
        return fail(q);
    }
    auto row = q->step();
    if (!row) {
        return fail(row);
    }
    return *row ? std::optional<QByteArray>(q->blob(0)) : std::nullopt;
}

Expected<std::vector<std::pair<QString, QByteArray>>, LedgerError> Ledger::coordinatorKeys()
{
    auto q = m_db.query("SELECT endpoint, key FROM coordinator_keys ORDER BY endpoint", {});
    if (!q) {
        return fail(q);
    }
    std::vector<std::pair<QString, QByteArray>> out;
    for (auto row = q->step(); row && *row; row = q->step()) {
        out.emplace_back(q->text(0), q->blob(1));
    }
    return out;
}

Expected<bool, LedgerError> Ledger::forgetCoordinatorKey(const QString& endpoint)
{
    if (auto e = m_db.run("DELETE FROM coordinator_keys WHERE endpoint = ?1", {endpoint}); !e) {
        return fail(e);
    }
    return m_db.changes() > 0;
}

Expected<void, LedgerError> Ledger::pinCoordinatorKey(const QString& endpoint, const QByteArray& key)
{
    return m_db.run("INSERT INTO coordinator_keys(endpoint, key, first_ms) VALUES (?1, ?2, ?3) ON CONFLICT(endpoint) "
                    "DO UPDATE SET key = excluded.key, first_ms = excluded.first_ms",
        {endpoint, key, nowMs()});
}

Expected<void, LedgerError> Ledger::markAcked(const QByteArray& jobId)
{
    return m_db.run("UPDATE receipts SET acked = 1 WHERE job_id = ?1", {jobId});
}

Expected<QList<QByteArray>, LedgerError> Ledger::unackedJobs()
{
    auto q = m_db.query("SELECT job_id FROM receipts WHERE acked = 0 AND refused IS NULL ORDER BY end_ms", {});
    if (!q) {
        return fail(q);
    }
    QList<QByteArray> out;
    for (auto row = q->step(); row && *row; row = q->step()) {
        out << q->blob(0);
    }
    return out;
}

Expected<StatementOutcome, LedgerError> Ledger::recordStatement(
    const QByteArray& signedStatement, const Ed25519PublicKey& nodeKey)
{
    auto st = CreditStatement::verify(signedStatement);
    if (!st) {
        return fail(st);
    }
    if (st->nodeKey != nodeKey) {
        return unexpected(ledgerError(
            LedgerErrc::WrongNode, QStringLiteral("the credit statement is for another node; it was not stored")));
    }
    if (st->seq > std::uint64_t(INT64_MAX) || st->jobs > std::uint64_t(INT64_MAX)
        || st->units > std::uint64_t(INT64_MAX) || st->nano > std::uint64_t(INT64_MAX)
        || st->minPayout > std::uint64_t(INT64_MAX)) {
        return tooLarge("statement's total", std::max({st->seq, st->jobs, st->units, st->nano, st->minPayout}));
    }
    QString payoutWallet;
    if (!st->payoutWallet.isEmpty()) {
        auto a = wallet::Address::parse(st->payoutWallet);
        if (!a) {
            return unexpected(ledgerError(LedgerErrc::Malformed,
                QStringLiteral("the credit statement names a payout wallet that is not a TON address: %1")
                    .arg(a.error().message)));
        }
        payoutWallet = a->address.toRaw();
    }
    const QByteArray coordinator = keyBytes(st->coordinatorKey);
    sqlite::Transaction tx(m_db);
    if (!tx.started()) {
        return fail(tx.started());
    }
    auto held = m_db.query("SELECT seq, jobs, units, nano, paid FROM statements WHERE coordinator = ?1 "
                           "ORDER BY seq DESC LIMIT 1",
        {coordinator});
    if (!held) {
        return fail(held);
    }
    auto row = held->step();
    if (!row) {
        return fail(row);
    }
    if (*row) {
        const std::int64_t heldSeq = held->int64(0), heldJobs = held->int64(1), heldUnits = held->int64(2),
                           heldNano = held->int64(3), heldPaid = held->int64(4);
        if (clamp(st->nano) < heldNano || clamp(st->units) < heldUnits || clamp(st->jobs) < heldJobs
            || clamp(st->paid) < heldPaid) {
            if (auto e = m_db.run("INSERT INTO credit_alarms(coordinator, at_ms, held_seq, held_nano, presented_seq, "
                                  "presented_nano, signed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    {coordinator, nowMs(), heldSeq, heldNano, clamp(st->seq), clamp(st->nano), signedStatement});
                !e) {
                return fail(e);
            }
            if (auto c = tx.commit(); !c) {
                return fail(c);
            }
            return unexpected(ledgerError(LedgerErrc::Decrease,
                QStringLiteral("the coordinator now credits %1 TON in total, less than the %2 TON it signed before "
                               "(statement %3): it lost or rolled back its records. The higher signed statement is "
                               "kept as proof.")
                    .arg(formatTon(clamp(st->nano)), formatTon(heldNano))
                    .arg(heldSeq)));
        }
        if (clamp(st->seq) <= heldSeq) {
            return StatementOutcome {false}; // a repeat or an older one with the same totals
        }
    }
    if (auto e = m_db.run("INSERT OR IGNORE INTO statements(coordinator, seq, jobs, units, nano, issued_ms, "
                          "received_ms, signed, paid, payout_wallet, min_payout) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                          "?8, ?9, ?10, ?11)",
            {coordinator, clamp(st->seq), clamp(st->jobs), clamp(st->units), clamp(st->nano), clamp(st->issuedMs),
                nowMs(), signedStatement, clamp(st->paid), payoutWallet, clamp(st->minPayout)});
        !e) {
        return fail(e);
    }
    if (auto c = tx.commit(); !c) {
        return fail(c);
    }
    return StatementOutcome {true};
}

Expected<bool, LedgerError> Ledger::recordPayout(const Payout& p)
{
    if (auto e = m_db.run("INSERT OR IGNORE INTO payouts(tx_hash, lt, utime, wallet, source, amount_nano, fee_nano, "
                          "comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            {p.txHash, p.lt, p.utime, p.wallet, p.source, p.amountNano, p.feeNano, p.comment});
        !e) {
        return fail(e);
    }
    return m_db.changes() > 0;
}

Expected<Totals, LedgerError> Ledger::totals()
{
    Totals t;
    auto s = m_db.prepare(
        "SELECT count(*), coalesce(sum(units), 0), coalesce(sum(price_nano), 0) FROM receipts WHERE refused IS NULL");
    if (!s) {
        return fail(s);
    }
    if (auto r = s->step(); !r) {
        return fail(r);
    }
    t.jobs = s->int64(0);
    t.units = s->int64(1);
    t.earnedNano = s->int64(2);
    // The newest statement of each coordinator (cumulative totals).
    auto c = m_db.prepare("SELECT coalesce(sum(nano), 0), coalesce(sum(jobs), 0) FROM statements s WHERE seq = "
                          "(SELECT max(seq) FROM statements WHERE coordinator = s.coordinator)");
    if (!c) {
        return fail(c);
    }
    if (auto r = c->step(); !r) {
        return fail(r);
    }
    t.creditedNano = c->int64(0);
    t.creditedJobs = c->int64(1);
    t.pendingNano = std::max<std::int64_t>(0, t.earnedNano - t.creditedNano);
    t.creditedExceedsEarned = t.creditedNano > t.earnedNano;
    auto p = m_db.prepare("SELECT coalesce(sum(amount_nano), 0), coalesce(sum(fee_nano), 0) FROM payouts");
    if (!p) {
        return fail(p);
    }
    if (auto r = p->step(); !r) {
        return fail(r);
    }
    t.paidNano = p->int64(0);
    t.feesNano = p->int64(1);
    auto a = m_db.scalar("SELECT count(*) FROM credit_alarms");
    if (!a) {
        return fail(a);
    }
    t.alarms = *a;
    // Each paying coordinator: what it says it paid, what arrived from its wallet, and whether an
    // amount at its threshold has waited longer than a day.
    auto pay = m_db.prepare(
        "SELECT s.coordinator, s.nano, s.paid, s.payout_wallet, s.min_payout, (SELECT coalesce(sum(amount_nano), 0) "
        "FROM payouts WHERE source = s.payout_wallet) FROM statements s WHERE s.payout_wallet != '' AND s.seq = "
        "(SELECT max(seq) FROM statements WHERE coordinator = s.coordinator)");
    if (!pay) {
        return fail(pay);
    }
    while (true) {
        auto r = pay->step();
        if (!r) {
            return fail(r);
        }
        if (!*r) {
            break;
        }
        const std::int64_t credited = pay->int64(1), claimed = pay->int64(2), minPayout = pay->int64(4),
                           arrived = pay->int64(5);
        t.claimedPaidNano += claimed;
        t.minPayoutNano = std::max(t.minPayoutNano, minPayout);
        if (minPayout > 0 && credited - arrived >= minPayout) {
            // Since the first statement from which the unpaid amount reached the threshold.
            auto since = m_db.scalar("SELECT coalesce(min(received_ms), 0) FROM statements WHERE coordinator = ?1 AND "
                                     "nano >= ?2",
                {pay->blob(0), arrived + minPayout});
            if (!since) {
                return fail(since);
            }
            if (*since > 0 && nowMs() - *since > kOverdueAfterMs) {
                t.overdueNano += credited - arrived;
                t.overdueSinceMs = t.overdueSinceMs ? std::min(t.overdueSinceMs, *since) : *since;
            }
        }
    }
    return t;
}

Expected<QStringList, LedgerError> Ledger::payoutWallets()
{
    auto q = m_db.prepare("SELECT DISTINCT payout_wallet FROM statements s WHERE payout_wallet != '' AND seq = "
                          "(SELECT max(seq) FROM statements WHERE coordinator = s.coordinator)");
    if (!q) {
        return fail(q);
    }
    QStringList out;
    while (true) {
        auto r = q->step();
        if (!r) {
            return fail(r);
        }
        if (!*r) {
            return out;
        }
        out.append(q->text(0));
    }
}

Expected<std::vector<Bucket>, LedgerError> Ledger::earnings(
    Grouping grouping, std::int64_t fromMs, std::int64_t toMs, const QTimeZone& zone)
{
    std::vector<Bucket> out;
    if (grouping == Grouping::Kernel || grouping == Grouping::Device) {
        auto s = m_db.query(grouping == Grouping::Kernel
                ? "SELECT kernel, count(*), sum(units), sum(price_nano) "
                  "FROM receipts WHERE end_ms >= ?1 AND end_ms < ?2 AND refused IS NULL "
                  "GROUP BY kernel ORDER BY sum(price_nano) DESC, kernel"
                : "SELECT device, count(*), sum(units), sum(price_nano) "
                  "FROM receipts WHERE end_ms >= ?1 AND end_ms < ?2 AND refused IS NULL "
                  "GROUP BY device ORDER BY sum(price_nano) DESC, device",
            {fromMs, toMs});
        if (!s) {
            return fail(s);
        }
        while (true) {
            auto r = s->step();
            if (!r) {
                return fail(r);
            }
            if (!*r) {
                break;
            }
            out.push_back(Bucket {s->text(0), 0, s->int64(1), s->int64(2), s->int64(3), 0, 0});
        }
        return out;
    }
    const Period period = grouping == Grouping::Hour ? Period::Hour
        : grouping == Grouping::Day                  ? Period::Day
        : grouping == Grouping::Week                 ? Period::Week
                                                     : Period::Month;
    std::map<std::int64_t, Bucket> buckets;
    const auto bucketFor = [&](std::int64_t ms) -> Bucket& {
        const TimeKey k = timeKey(period, ms, zone);
        Bucket& b = buckets[k.startMs];
        b.key = k.key;
        b.startMs = k.startMs;
        return b;
    };
    auto r = m_db.query(
        "SELECT end_ms, units, price_nano FROM receipts WHERE end_ms >= ?1 AND end_ms < ?2 AND refused IS NULL",
        {fromMs, toMs});
    if (!r) {
        return fail(r);
    }
    for (auto row = r->step(); row && *row; row = r->step()) {
        Bucket& b = bucketFor(r->int64(0));
        b.jobs += 1;
        b.units += r->int64(1);
        b.earnedNano += r->int64(2);
    }
    // Credited growth: each statement's total minus the previous one from the same coordinator.
    auto s = m_db.query("SELECT received_ms, nano - coalesce((SELECT nano FROM statements p WHERE p.coordinator = "
                        "s.coordinator AND p.seq < s.seq ORDER BY p.seq DESC LIMIT 1), 0) FROM statements s "
                        "WHERE received_ms >= ?1 AND received_ms < ?2",
        {fromMs, toMs});
    if (!s) {
        return fail(s);
    }
    for (auto row = s->step(); row && *row; row = s->step()) {
        bucketFor(s->int64(0)).creditedNano += s->int64(1);
    }
    auto p = m_db.query(
        "SELECT utime * 1000, amount_nano FROM payouts WHERE utime * 1000 >= ?1 AND utime * 1000 < ?2", {fromMs, toMs});
    if (!p) {
        return fail(p);
    }
    for (auto row = p->step(); row && *row; row = p->step()) {
        bucketFor(p->int64(0)).paidNano += p->int64(1);
    }
    for (auto& [start, b] : buckets) {
        out.push_back(std::move(b));
    }
    return out;
}

Expected<QByteArray, LedgerError> Ledger::earningsCsv(
    Grouping grouping, std::int64_t fromMs, std::int64_t toMs, const QTimeZone& zone)
{
    auto rows = earnings(grouping, fromMs, toMs, zone);
    if (!rows) {
        return fail(rows);
    }
    const bool byTime = grouping != Grouping::Kernel && grouping != Grouping::Device;
    QByteArray csv = byTime
        ? "period,start_utc,jobs,units,earned_nano,earned_ton,credited_nano,credited_ton,paid_nano,"
          "paid_ton\r\n"
        : (grouping == Grouping::Kernel ? "kernel" : "device") + QByteArray(",jobs,units,earned_nano,earned_ton\r\n");
    const auto quoted = [](const QString& s) {
        QString q = s;
        q.replace(u'"', QStringLiteral("\"\""));
        return (u'"' + q + u'"').toUtf8();
    };
    for (const Bucket& b : *rows) {
        QByteArray line = quoted(b.key);
        if (byTime) {
            line += ',' + QDateTime::fromMSecsSinceEpoch(b.startMs, Qt::UTC).toString(Qt::ISODate).toUtf8();
        }
        line += ',' + QByteArray::number(b.jobs) + ',' + QByteArray::number(b.units) + ','
            + QByteArray::number(b.earnedNano) + ',' + formatTon(b.earnedNano).toUtf8();
        if (byTime) {
            line += ',' + QByteArray::number(b.creditedNano) + ',' + formatTon(b.creditedNano).toUtf8() + ','
                + QByteArray::number(b.paidNano) + ',' + formatTon(b.paidNano).toUtf8();
        }
        csv += line + "\r\n";
    }
    return csv;
}

Expected<std::vector<Payout>, LedgerError> Ledger::payouts(int limit)
{
    auto s = m_db.query("SELECT tx_hash, lt, utime, wallet, source, amount_nano, fee_nano, comment FROM payouts "
                        "ORDER BY lt DESC LIMIT ?1",
        {std::int64_t(limit)});
    if (!s) {
        return fail(s);
    }
    std::vector<Payout> out;
    for (auto row = s->step(); row && *row; row = s->step()) {
        out.push_back(Payout {
            s->text(0), s->int64(1), s->int64(2), s->text(3), s->text(4), s->int64(5), s->int64(6), s->text(7)});
    }
    return out;
}

Expected<std::vector<ReceiptRow>, LedgerError> Ledger::receipts(std::int64_t fromMs, std::int64_t toMs, int limit)
{
    auto s = m_db.query(
        "SELECT job_id, kernel, device, units, price_nano, start_ms, end_ms, acked, signed, coalesce(refused, '') "
        "FROM receipts "
        "WHERE end_ms >= ?1 AND end_ms < ?2 ORDER BY end_ms DESC LIMIT ?3",
        {fromMs, toMs, std::int64_t(limit)});
    if (!s) {
        return fail(s);
    }
    std::vector<ReceiptRow> out;
    for (auto row = s->step(); row && *row; row = s->step()) {
        out.push_back(ReceiptRow {s->blob(0), s->text(1), s->text(2), s->int64(3), s->int64(4), s->int64(5),
            s->int64(6), s->int64(7) != 0, s->blob(8), s->text(9)});
    }
    return out;
}

Expected<void, LedgerError> Ledger::recordJobState(
    const QByteArray& jobId, const QString& kernel, const QString& device, const QString& state, const QString& reason)
{
    return m_db.run("INSERT INTO jobs(job_id, kernel, device, state, reason, updated_ms) VALUES "
                    "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(job_id) DO UPDATE SET state = excluded.state, "
                    "reason = excluded.reason, updated_ms = excluded.updated_ms",
        {jobId, kernel, device, state, reason, nowMs()});
}

Expected<void, LedgerError> Ledger::recordStateChange(
    std::int64_t atMs, const QString& device, const QString& state, const QString& reason)
{
    return m_db.run("INSERT INTO state_changes(at_ms, device, state, reason) VALUES (?1, ?2, ?3, ?4)",
        {atMs, device, state, reason});
}

Expected<void, LedgerError> Ledger::recordTelemetry(const TelemetrySample& t, int retentionDays)
{
    const std::int64_t now = nowMs();
    const std::int64_t minute = now / 60000;
    const bool util = t.utilOurs && t.utilOthers;
    const auto opt = [](const auto& o) -> Value {
        if (o) {
            return std::int64_t(*o);
        }
        return std::monostate {};
    };
    if (auto e = m_db.run(
            "INSERT INTO telemetry_minutes(device, minute, samples, util_n, util_ours_sum, util_others_sum, temp_max, "
            "power_n, power_mw_sum, vram_max) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
            "ON CONFLICT(device, minute) DO UPDATE SET samples = samples + 1, util_n = util_n + excluded.util_n, "
            "util_ours_sum = util_ours_sum + excluded.util_ours_sum, "
            "util_others_sum = util_others_sum + excluded.util_others_sum, "
            "temp_max = max(coalesce(temp_max, excluded.temp_max), coalesce(excluded.temp_max, temp_max)), "
            "power_n = power_n + excluded.power_n, power_mw_sum = power_mw_sum + excluded.power_mw_sum, "
            "vram_max = max(coalesce(vram_max, excluded.vram_max), coalesce(excluded.vram_max, vram_max))",
            {t.device, minute, std::int64_t(util ? 1 : 0), std::int64_t(util ? *t.utilOurs : 0),
                std::int64_t(util ? *t.utilOthers : 0), opt(t.temperatureC), std::int64_t(t.powerMilliwatts ? 1 : 0),
                std::int64_t(t.powerMilliwatts.value_or(0)), opt(t.vramUsedBytes)});
        !e) {
        return e;
    }
    if (now - m_lastPruneMs >= 3600 * 1000) {
        m_lastPruneMs = now;
        if (auto e = m_db.run(
                "DELETE FROM telemetry_minutes WHERE minute < ?1", {minute - std::int64_t(retentionDays) * 1440});
            !e) {
            return e;
        }
        if (auto e = m_db.run("DELETE FROM state_changes WHERE at_ms < ?1", {now - std::int64_t(90) * 86400 * 1000});
            !e) {
            return e;
        }
    }
    return {};
}

Expected<void, LedgerError> Ledger::saveWalletSnapshot(
    const QString& address, const QByteArray& json, std::int64_t fetchedMs)
{
    return m_db.run("INSERT INTO wallet_cache(address, fetched_ms, state) VALUES (?1, ?2, ?3) "
                    "ON CONFLICT(address) DO UPDATE SET fetched_ms = excluded.fetched_ms, state = excluded.state",
        {address, fetchedMs, json});
}

Expected<std::optional<std::pair<QByteArray, std::int64_t>>, LedgerError> Ledger::walletSnapshot(const QString& address)
{
    auto s = m_db.query("SELECT state, fetched_ms FROM wallet_cache WHERE address = ?1", {address});
    if (!s) {
        return fail(s);
    }
    auto row = s->step();
    if (!row) {
        return fail(row);
    }
    if (!*row) {
        return std::optional<std::pair<QByteArray, std::int64_t>> {};
    }
    return std::optional<std::pair<QByteArray, std::int64_t>> {std::make_pair(s->blob(0), s->int64(1))};
}

Expected<QJsonObject, LedgerError> earningsJson(
    Ledger& ledger, Grouping grouping, std::int64_t fromMs, std::int64_t toMs)
{
    auto totals = ledger.totals();
    if (!totals)
        return unexpected(totals.error());
    auto rows = ledger.earnings(grouping, fromMs, toMs);
    if (!rows)
        return unexpected(rows.error());
    QJsonArray arr;
    for (const Bucket& b : *rows) {
        arr.append(QJsonObject {{QStringLiteral("key"), b.key}, {QStringLiteral("jobs"), qint64(b.jobs)},
            {QStringLiteral("units"), qint64(b.units)}, {QStringLiteral("earnedNano"), QString::number(b.earnedNano)},
            {QStringLiteral("creditedNano"), QString::number(b.creditedNano)},
            {QStringLiteral("paidNano"), QString::number(b.paidNano)}});
    }
    const Totals& t = *totals;
    return QJsonObject {{QStringLiteral("jobs"), qint64(t.jobs)},
        {QStringLiteral("pendingNano"), QString::number(t.pendingNano)},
        {QStringLiteral("creditedNano"), QString::number(t.creditedNano)},
        {QStringLiteral("paidNano"), QString::number(t.paidNano)},
        {QStringLiteral("feesNano"), QString::number(t.feesNano)},
        {QStringLiteral("earnedNano"), QString::number(t.earnedNano)}, {QStringLiteral("alarms"), qint64(t.alarms)},
        {QStringLiteral("creditedExceedsEarned"), t.creditedExceedsEarned},
        {QStringLiteral("claimedPaidNano"), QString::number(t.claimedPaidNano)},
        {QStringLiteral("overdueNano"), QString::number(t.overdueNano)},
        {QStringLiteral("overdueSinceMs"), qint64(t.overdueSinceMs)}, {QStringLiteral("rows"), arr}};
}

} // namespace cocoon::ledger
