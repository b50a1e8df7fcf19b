#pragma once
// Helpers shared by the test suites: conformance data from ../shared/testdata, gzip reading,
// and skipping that turns into failure in CI (where the data and tools are always present).
#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QtTest>

#include <memory>
#include <optional>

namespace cocoon::test {

/// ../shared/testdata relative to the project root (CMake passes COCOON_SHARED_TESTDATA).
QString sharedTestData(const QString& relative = {});
/// True when running in CI (environment CI=true): missing data or tools there is a failure.
bool inCi();
/// Reads a .gz file whole (zlib); empty on error with `error` set.
QByteArray readGzipFile(const QString& path, QString* error);
/// Directory of the built executables (COCOON_BIN_DIR).
QString binDir();
/// Whole-file helpers for tests (empty on error).
void writeFile(const QString& path, const QByteArray& data);
QByteArray readFile(const QString& path);

/// `bytes` with the bits of `mask` flipped at `at` (tampering tests).
inline QByteArray flipped(QByteArray bytes, qsizetype at, char mask = 0x01)
{
    bytes[at] = char(bytes[at] ^ mask);
    return bytes;
}

/// Kills a helper process and waits for it when its handle goes.
struct ProcessKiller
{
    void operator()(QProcess* p) const
    {
        p->kill();
        p->waitForFinished(5000);
        delete p;
    }
};
using ServiceProcess = std::unique_ptr<QProcess, ProcessKiller>;

/// A helper service as a real child process (killed when the handle goes): started, and its
/// first line of standard output read (an address, a display number, "ready"). nullptr with
/// `why` set when it cannot be started or says nothing within 10 s.
ServiceProcess startService(const QString& program, const QStringList& args, QByteArray* firstLine, QString* why);

/// The programs as users run them: cocoon-coordinator (data in DIR/coord, a loopback port) and
/// cocoon-contributor --headless (data in DIR/node) joined to it with the pin it printed.
struct AppNetwork
{
    ServiceProcess coordinator;
    std::unique_ptr<QProcess> node;
    QString url, pin;
};
/// Started once the node says it is connected; nullopt with `why` otherwise.
std::optional<AppNetwork> startAppNetwork(const QString& dir, QString* why);

} // namespace cocoon::test

/// QSKIP with a clear message normally; QFAIL in CI, where the prerequisite must exist.
#define COCOON_SKIP_OR_FAIL(message)                                                                                   \
    do {                                                                                                               \
        if (cocoon::test::inCi()) {                                                                                    \
            QFAIL(qPrintable(QStringLiteral("required in CI: ") + (message)));                                         \
        }                                                                                                              \
        QSKIP(qPrintable(message));                                                                                    \
    } while (false)
