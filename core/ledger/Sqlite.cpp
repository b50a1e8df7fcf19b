#include "ledger/Sqlite.h"

#include <sqlite3.h>

namespace cocoon::sqlite {

using ledger::LedgerErrc;
using ledger::ledgerError;

LedgerError errorFrom(sqlite3* db, const QString& doing)
{
    const int code = db ? sqlite3_extended_errcode(db) : SQLITE_CANTOPEN;
    const QString what = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
    LedgerErrc c = LedgerErrc::Io;
    QString hint;
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        c = LedgerErrc::Corrupt;
        hint = QStringLiteral(" The file is damaged; move it aside to start a new one (earnings can be rebuilt from "
                              "the coordinator's statements and the chain).");
        break;
    case SQLITE_CANTOPEN:
        c = LedgerErrc::Open;
        hint = QStringLiteral(" Check that the folder exists and is writable.");
        break;
    case SQLITE_FULL:
        hint = QStringLiteral(" The disk is full.");
        break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        hint = QStringLiteral(" The file or folder is read-only.");
        break;
    default:
        break;
    }
    return ledgerError(c, QStringLiteral("%1: %2.%3").arg(doing, what, hint));
}

void Statement::Finalize::operator()(sqlite3_stmt* s) const
{
    sqlite3_finalize(s);
}

void Database::Close::operator()(sqlite3* db) const
{
    sqlite3_close_v2(db);
}

Expected<void, LedgerError> Statement::bind(std::initializer_list<Value> values)
{
    sqlite3_stmt* s = m_stmt.get();
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    int i = 1;
    for (const Value& v : values) {
        int rc = SQLITE_OK;
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
            rc = sqlite3_bind_int64(s, i, *n);
        } else if (const auto* t = std::get_if<QString>(&v)) {
            const QByteArray u = t->toUtf8();
            rc = sqlite3_bind_text(s, i, u.constData(), int(u.size()), SQLITE_TRANSIENT);
        } else if (const auto* b = std::get_if<QByteArray>(&v)) {
            rc = sqlite3_bind_blob(s, i, b->constData(), int(b->size()), SQLITE_TRANSIENT);
        } else {
            rc = sqlite3_bind_null(s, i);
        }
        if (rc != SQLITE_OK) {
            return unexpected(errorFrom(m_db, QStringLiteral("binding a value")));
        }
        ++i;
    }
    return {};
}

Expected<bool, LedgerError> Statement::step()
{
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    auto e = errorFrom(m_db, QStringLiteral("running '%1'").arg(QString::fromUtf8(sqlite3_sql(m_stmt.get())).left(60)));
    sqlite3_reset(m_stmt.get());
    return unexpected(std::move(e));
}

Expected<void, LedgerError> Statement::run(std::initializer_list<Value> values)
{
    if (auto b = bind(values); !b) {
        return b;
    }
    while (true) {
        auto r = step();
        if (!r) {
            return unexpected(r.error());
        }
        if (!*r) {
            return {};
        }
    }
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt.get(), column);
}

QString Statement::text(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt.get(), column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt.get(), column)) : QString();
}

QByteArray Statement::blob(int column) const
{
    const void* p = sqlite3_column_blob(m_stmt.get(), column);
    return p ? QByteArray(static_cast<const char*>(p), sqlite3_column_bytes(m_stmt.get(), column)) : QByteArray();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

Expected<Database, LedgerError> Database::open(const QString& path, Mode mode)
{
    sqlite3* raw = nullptr;
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, flags, nullptr);
    Database db;
    db.m_db.reset(raw);
    if (rc != SQLITE_OK) {
        return unexpected(errorFrom(raw, QStringLiteral("opening %1").arg(path)));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    if (mode == Mode::ReadOnly) // the writer chose the journal mode; a reader only needs the keys
        return db;
    // WAL: a crash never leaves a half-applied transaction; FULL: a commit is on disk before it
    // returns (money must survive power loss, not only a process crash).
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (auto e = db.exec(pragma); !e) {
            return unexpected(e.error());
        }
    }
    return db;
}

Expected<void, LedgerError> Database::exec(const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return unexpected(errorFrom(m_db.get(), QStringLiteral("running '%1'").arg(QString::fromUtf8(sql).left(60))));
    }
    return {};
}

Expected<Statement, LedgerError> Database::prepare(const char* sql)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql, -1, &raw, nullptr) != SQLITE_OK) {
        return unexpected(errorFrom(m_db.get(), QStringLiteral("preparing '%1'").arg(QString::fromUtf8(sql).left(60))));
    }
    Statement s;
    s.m_stmt.reset(raw);
    s.m_db = m_db.get();
    return s;
}

Expected<void, LedgerError> Database::run(const char* sql, std::initializer_list<Value> values)
{
    auto s = prepare(sql);
    if (!s) {
        return unexpected(s.error());
    }
    return s->run(values);
}

Expected<Statement, LedgerError> Database::query(const char* sql, std::initializer_list<Value> values)
{
    auto s = prepare(sql);
    if (!s) {
        return unexpected(s.error());
    }
    if (auto b = s->bind(values); !b) {
        return unexpected(b.error());
    }
    return s;
}

Expected<std::int64_t, LedgerError> Database::scalar(
    const char* sql, std::initializer_list<Value> values, std::int64_t fallback)
{
    auto s = query(sql, values);
    if (!s) {
        return unexpected(s.error());
    }
    auto row = s->step();
    if (!row) {
        return unexpected(row.error());
    }
    return (*row && !s->isNull(0)) ? s->int64(0) : fallback;
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db.get());
}

int Database::changes() const
{
    return sqlite3_changes(m_db.get());
}

Transaction::Transaction(Database& db)
    : m_db(db)
    , m_begin(db.exec("BEGIN IMMEDIATE"))
{ }

Transaction::~Transaction()
{
    if (m_begin && !m_done) {
        (void)m_db.exec("ROLLBACK");
    }
}

Expected<void, LedgerError> Transaction::commit()
{
    auto r = m_db.exec("COMMIT");
    m_done = bool(r);
    return r;
}

} // namespace cocoon::sqlite
