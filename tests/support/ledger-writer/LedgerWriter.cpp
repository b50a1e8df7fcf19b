// Crash-test helper: writes receipts and credit statements into a ledger as fast as it can and
// prints a line after each commit ("r N" / "s N"), until it is killed. The test kills it with
// SIGKILL at random points and checks the file after each kill.
//   ledger_writer DB FIRST_JOB
#include "LedgerFixtures.h"
#include "common/Clock.h"
#include "ledger/Ledger.h"

#include <QCoreApplication>

#include <cstdio>

using namespace cocoon;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: ledger_writer DB FIRST_JOB\n");
        return 2;
    }
    SystemClock clock;
    auto ledger = ledger::Ledger::open(QString::fromLocal8Bit(argv[1]), clock);
    if (!ledger) {
        std::fprintf(stderr, "%s\n", qPrintable(ledger.error().message));
        return 1;
    }
    const unsigned char nodeSeed[32] = {1};
    const unsigned char coordSeed[32] = {2};
    const auto node = *Ed25519PrivateKey::fromSeed(nodeSeed);
    const auto coord = *Ed25519PrivateKey::fromSeed(coordSeed);
    const std::uint64_t first = std::strtoull(argv[2], nullptr, 10);
    for (std::uint64_t n = first; n < first + 100000; ++n) {
        const QByteArray r
            = test::signedReceipt(node, n, QStringLiteral("matmul"), QStringLiteral("cpu"), 1000, 1000 + n);
        if (auto ok = ledger->recordReceipt(r); !ok) {
            std::fprintf(stderr, "%s\n", qPrintable(ok.error().message));
            return 1;
        }
        std::printf("r %llu\n", static_cast<unsigned long long>(n));
        std::fflush(stdout);
        if (n % 3 == 2) {
            // The coordinator credits everything up to n: cumulative totals, seq = jobs.
            const QByteArray s
                = test::signedStatement(coord, node.publicKey(), n + 1, n + 1, 1000 * (n + 1), 1000 * (n + 1));
            if (auto ok = ledger->recordStatement(s, node.publicKey()); !ok) {
                std::fprintf(stderr, "%s\n", qPrintable(ok.error().message));
                return 1;
            }
            std::printf("s %llu\n", static_cast<unsigned long long>(n));
            std::fflush(stdout);
        }
    }
    return 0;
}
