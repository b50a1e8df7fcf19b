#pragma once
// A small RAII layer over the sqlite3 C API, used for every database in Cocoon: a connection,
// prepared statements with typed binds and columns, and transactions that roll back unless
// committed. Errors carry SQLite's own message.
#include "ledger/LedgerError.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace cocoon::sqlite {

using ledger::LedgerError;

/// A bindable value: NULL, integer, text or blob.
using Value = std::variant<std::monostate, std::int64_t, QString, QByteArray>;

class Statement
{
public:
    Statement() = default;
    /// Binds `values` to ?1, ?2, ... (after a reset).
    Expected<void, LedgerError> bind(std::initializer_list<Value> values);
    /// One step: true when a row is available, false when done.
    Expected<bool, LedgerError> step();
    /// Binds and runs to completion (INSERT/UPDATE/DELETE).
    Expected<void, LedgerError> run(std::initializer_list<Value> values = {});
    std::int64_t int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    friend class Database;
    struct Finalize
    {
        void operator()(sqlite3_stmt* s) const;
    };
    std::unique_ptr<sqlite3_stmt, Finalize> m_stmt;
    sqlite3* m_db = nullptr;
};

class Database
{
public:
    enum class Mode { ReadWrite, ReadOnly };
    /// Opens or creates `path` (WAL journal, synchronous=FULL, foreign keys on, 5 s busy timeout).
    /// ReadOnly opens an existing file that another process writes (a window watching a headless
    /// instance): nothing is created, and every write fails.
    static Expected<Database, LedgerError> open(const QString& path, Mode mode = Mode::ReadWrite);
    Expected<void, LedgerError> exec(const char* sql);
    Expected<Statement, LedgerError> prepare(const char* sql);
    /// Prepares, binds and runs a statement to completion (INSERT, UPDATE, DELETE).
    Expected<void, LedgerError> run(const char* sql, std::initializer_list<Value> values);
    /// Prepares and binds a query; step() through its rows.
    Expected<Statement, LedgerError> query(const char* sql, std::initializer_list<Value> values);
    /// The first column of the first row of `sql`, or `fallback` when there is no row.
    Expected<std::int64_t, LedgerError> scalar(
        const char* sql, std::initializer_list<Value> values = {}, std::int64_t fallback = 0);
    std::int64_t lastInsertId() const;
    int changes() const;
    sqlite3* handle() const { return m_db.get(); }

private:
    struct Close
    {
        void operator()(sqlite3* db) const;
    };
    std::unique_ptr<sqlite3, Close> m_db;
};

/// BEGIN IMMEDIATE now; ROLLBACK on destruction unless commit() succeeded.
class Transaction
{
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    /// Whether BEGIN succeeded (check before doing work).
    const Expected<void, LedgerError>& started() const { return m_begin; }
    Expected<void, LedgerError> commit();

private:
    Database& m_db;
    Expected<void, LedgerError> m_begin;
    bool m_done = false;
};

/// A LedgerError from the connection's last error, prefixed with what was being done.
LedgerError errorFrom(sqlite3* db, const QString& doing);

} // namespace cocoon::sqlite
