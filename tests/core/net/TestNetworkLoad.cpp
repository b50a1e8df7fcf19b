// A bounded, self-stopping load test of the worker network on loopback: one coordinator, 32 nodes
// and 16 owners in one process, on real TLS WebSockets and real SQLite files. Every owner runs a
// fixed number of jobs, one after another over its own connection, cycling through every kernel.
// A quarter of the way in, four nodes die (some holding jobs) and four new ones join. The test
// ends by itself when every job is answered, or fails at its deadline with the counts. Then: every
// job succeeded and matches the CPU reference, the coordinator did each exactly once, the work
// was spread over the nodes, and each surviving node's ledger holds exactly the receipts the
// owners saw from it, all acknowledged and credited by the coordinator's signed statements.
#include "JobSamples.h"
#include "NetworkHarness.h"
#include "TestSupport.h"
#include "jobs/LocalRun.h"
#include "net/Coordinator.h"
#include "net/OwnerClient.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace cocoon;
using namespace cocoon::net;

namespace {
constexpr int kNodes = 32;
constexpr int kOwners = 16;
constexpr int kJobsPerOwner = 20;
constexpr int kTotal = kOwners * kJobsPerOwner;
constexpr int kChurn = 4; // nodes that die, and nodes that join
constexpr std::chrono::seconds kDeadline {150};
} // namespace

class TestNetworkLoad : public QObject
{
    Q_OBJECT
private slots:
    void manyNodesAndOwners()
    {
        QTemporaryDir dir;
        SystemClock clock;
        const TlsIdentity tls = *makeSelfSigned(QStringLiteral("load"), clock);
        CoordinatorOptions options;
        options.dataDir = dir.filePath(QStringLiteral("coord"));
        options.heartbeat = std::chrono::milliseconds(200);
        options.lease = std::chrono::milliseconds(1500);
        options.tick = std::chrono::milliseconds(50);
        Coordinator coord(clock, options, tls, *Ed25519PrivateKey::generate());
        QVERIFY(coord.start());
        const QUrl url(QStringLiteral("wss://127.0.0.1:%1").arg(coord.port()));

        std::vector<std::unique_ptr<test::SimNode>> nodes;
        test::SimNodeOptions nodeOptions;
        nodeOptions.capacity = 2;
        const auto addNode = [&] {
            nodes.push_back(test::startNode(
                clock, url, tls.pin, dir.filePath(QStringLiteral("node%1").arg(nodes.size())), nodeOptions));
        };
        for (int i = 0; i < kNodes; ++i) {
            addNode();
        }
        QTRY_COMPARE_WITH_TIMEOUT(coord.connectedNodes(), kNodes, 30000);

        // The CPU reference for every sample, computed once.
        const auto& samples = test::samples();
        std::vector<QByteArray> reference;
        for (const test::Sample& s : samples) {
            auto r = jobs::runLocal(s.typed, asBytes(s.input), kernels::Backend::Cpu, clock);
            QVERIFY(r);
            reference.push_back(r->output.toByteArray());
        }

        struct Seen
        {
            int jobs = 0;
            std::int64_t nano = 0;
        };
        std::map<QByteArray, Seen> byNode;
        QStringList failures;
        int answered = 0, started = 0;
        bool churned = false;
        std::vector<std::unique_ptr<OwnerClient>> owners;
        std::function<void(OwnerClient*, int)> next = [&](OwnerClient* owner, int index) {
            if (index >= kJobsPerOwner) {
                return;
            }
            const std::size_t which = std::size_t(started++) % samples.size();
            OwnerRequest r;
            r.kernel = samples[which].kernel;
            r.params = samples[which].params;
            r.input = samples[which].input;
            r.pricePerUnitNano = 2;
            r.maxNodes = 6;
            owner->run(r, [&, owner, index, which](Expected<OwnerOutcome, NetError> o) {
                ++answered;
                if (!o) {
                    failures << o.error().message;
                } else if (o->output.toByteArray() != reference[which]) {
                    failures << QStringLiteral("%1: the output differs from the CPU reference").arg(o->receipt.kernel);
                } else {
                    Seen& seen = byNode[o->nodeIdentity];
                    ++seen.jobs;
                    seen.nano += std::int64_t(o->receipt.units); // credited at the coordinator's price, 1
                }
                // Callbacks run inside the client's own frame handler: start the next job afterwards.
                QMetaObject::invokeMethod(
                    owner, [&, owner, index] { next(owner, index + 1); }, Qt::QueuedConnection);
            });
        };

        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < kOwners; ++i) {
            owners.push_back(std::make_unique<OwnerClient>(clock, url, tls.pin));
            next(owners.back().get(), 0);
        }
        const bool finished = QTest::qWaitFor(
            [&] {
                if (!churned && answered >= kTotal / 4) {
                    churned = true;
                    for (int i = 0; i < kChurn; ++i) {
                        nodes[std::size_t(i)]->client.reset(); // dies, possibly holding jobs
                    }
                    for (int i = 0; i < kChurn; ++i) {
                        addNode();
                    }
                }
                return answered == kTotal;
            },
            int(std::chrono::milliseconds(kDeadline).count()));
        const double seconds = double(elapsed.elapsed()) / 1000.0;
        if (!finished) {
            QFAIL(qPrintable(QStringLiteral("stopped at the %1 s deadline: %2 of %3 jobs answered, %4 failed")
                                 .arg(kDeadline.count())
                                 .arg(answered)
                                 .arg(kTotal)
                                 .arg(failures.size())));
        }
        qInfo("%d jobs through %d nodes for %d owners in %.1f s (%.0f jobs/s)", kTotal, kNodes + kChurn, kOwners,
            seconds, kTotal / seconds);
        QVERIFY2(failures.isEmpty(),
            qPrintable(QStringLiteral("%1 failed, first: %2").arg(failures.size()).arg(failures.value(0))));

        // Each job once at the coordinator; the work spread over the network.
        QCOMPARE(coord.jobCounts()["done"], std::int64_t(kTotal));
        QVERIFY2(byNode.size() >= std::size_t(kNodes * 3 / 4), qPrintable(QString::number(byNode.size())));

        // Every surviving node's ledger matches what its owners saw, acknowledged and credited.
        for (std::size_t i = kChurn; i < nodes.size(); ++i) {
            test::SimNode& n = *nodes[i];
            const Seen seen = byNode[toByteArray(n.identity.publicKey())];
            QTRY_COMPARE_WITH_TIMEOUT(n.ledger->unackedJobs()->size(), 0, 10000);
            const auto totals = n.ledger->totals();
            QVERIFY(totals);
            QCOMPARE(totals->jobs, seen.jobs);
            QCOMPARE(totals->earnedNano, seen.nano);
            QCOMPARE(totals->creditedJobs, seen.jobs);
            QCOMPARE(totals->creditedNano, seen.nano);
            QCOMPARE(totals->alarms, 0);
        }
        owners.clear();
        nodes.clear();
    }
};

QTEST_GUILESS_MAIN(TestNetworkLoad)
#include "TestNetworkLoad.moc"
