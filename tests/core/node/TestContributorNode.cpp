// The running contributor (node::ContributorNode) on a machine with a GPU, as far as this machine
// can have one: the fake NVML (an H100 as GPU 0, whose neighbour process starts "a game" while a
// file exists) and the fake CUDA plugin (the plugin ABI over the CPU kernels, "device memory"
// counted). A real coordinator and owner on loopback TLS. A job asking for CUDA is leased to the
// GPU worker, paused there by that GPU's own policy while the CPU worker keeps running, gives its
// device memory back after the pause timeout, resumes to the CPU reference's result, and its
// receipt names the GPU.
#include "NetworkHarness.h"
#include "OffsetClock.h"
#include "RawPeer.h"
#include "ScriptedProbe.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "jobs/Catalogue.h"
#include "jobs/LocalRun.h"
#include "net/Coordinator.h"
#include "net/OwnerClient.h"
#include "net/Tls.h"
#include "node/ContributorNode.h"
#include "node/SettingChecks.h"

#include <QCborMap>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <dlfcn.h>

using namespace cocoon;
using namespace std::chrono_literals;

namespace {

struct FakeCudaStats
{
    long long tasks = 0, steps = 0, releases = 0, acquires = 0, heldBytes = 0, residentReleases = 0;
};

/// The fake plugin's counters (it is already loaded: RTLD_NOLOAD finds it).
FakeCudaStats fakeCudaStats()
{
    FakeCudaStats s;
    void* h = ::dlopen(qgetenv("COCOON_CUDA_PLUGIN").constData(), RTLD_NOW | RTLD_NOLOAD);
    if (!h)
        return s;
    auto stats = reinterpret_cast<void (*)(long long*)>(::dlsym(h, "fake_cuda_stats"));
    long long out[6] = {};
    if (stats)
        stats(out);
    ::dlclose(h);
    return {out[0], out[1], out[2], out[3], out[4], out[5]};
}

/// bench.probe long enough to be caught mid-run: 512 steps of a few milliseconds.
net::OwnerRequest longProbe(const QString& backend)
{
    net::OwnerRequest r;
    r.kernel = QStringLiteral("bench.probe");
    r.params = QCborMap {{QStringLiteral("lanes"), 1 << 20}, {QStringLiteral("rounds"), 256}};
    r.backend = backend;
    r.maxNodes = 1;
    return r;
}

} // namespace

class TestContributorNode : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("COCOON_CUDA_PLUGIN") || qEnvironmentVariableIsEmpty("COCOON_FAKE_NVML"))
            QSKIP("COCOON_CUDA_PLUGIN and COCOON_FAKE_NVML name the test doubles (ctest sets them)");
        qputenv("FAKE_NVML_GAME_FILE", m_dir.filePath(QStringLiteral("game-running")).toLocal8Bit());
        qputenv("FAKE_NVML_OUR_PID", QByteArray::number(QCoreApplication::applicationPid()));
    }

    void init()
    {
        QFile::remove(gameFile());
        m_tls = *net::makeSelfSigned(QStringLiteral("test"), m_system);
        QByteArray seed(32, Qt::Uninitialized);
        for (char& c : seed)
            c = char(QRandomGenerator::global()->generate());
        net::CoordinatorOptions o;
        o.dataDir = m_dir.filePath(QStringLiteral("coord-%1").arg(++m_round));
        o.heartbeat = 200ms;
        m_coord = std::make_unique<net::Coordinator>(m_system, o, m_tls, *Ed25519PrivateKey::fromSeed(asBytes(seed)));
        QVERIFY(m_coord->start());
        m_settings = std::make_unique<Settings>(
            m_dir.filePath(QStringLiteral("settings-%1.json").arg(m_round)), m_system, node::settingChecks());
        node::ContributorOptions options;
        options.paths = Paths::under(m_dir.filePath(QStringLiteral("node-%1").arg(m_round)));
        QVERIFY(options.paths.ensureExist());
        options.coordinator = url();
        options.pin = m_tls.pin;
        options.nvmlLibrary = qEnvironmentVariable("COCOON_FAKE_NVML");
        options.firstBackoff = 50ms;
        options.controlChannel = false;
        auto probe = std::make_unique<test::ScriptedProbe>();
        probe->script.idleFor = 600s; // the owner is away: the policy lets every device run
        auto created = node::ContributorNode::create(options, m_clock, *m_settings, std::move(probe));
        QVERIFY2(created, created ? "" : qPrintable(created.error()));
        m_node = std::move(*created);
        m_node->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_node->client() && m_node->client()->isConnected(), 15000);
    }

    void cleanup()
    {
        m_node.reset();
        m_coord.reset();
        m_settings.reset();
    }

    void oneWorkerPerUsableDevice()
    {
        const auto& workers = m_node->client()->workers();
        QCOMPARE(workers.size(), std::size_t(2)); // the CPU and the one CUDA device (the 4070 has none)
        QCOMPARE(workers[0].device.id, QStringLiteral("cpu"));
        QCOMPARE(workers[0].backend, kernels::Backend::Cpu);
        QCOMPARE(workers[1].device.id, QStringLiteral("gpu0"));
        QCOMPARE(workers[1].device.backend, QStringLiteral("cuda"));
        QCOMPARE(workers[1].device.name, QStringLiteral("NVIDIA H100 80GB HBM3"));
        QCOMPARE(workers[1].device.memoryBytes, 80ull << 30);
        QCOMPARE(workers[1].backend, kernels::Backend::Cuda);
        // Every catalogue kernel but ai.generate: its models folder holds no model to serve.
        QStringList offered = jobs::catalogueKernels();
        offered.removeAll(QStringLiteral("ai.generate"));
        QCOMPARE(workers[1].device.kernels, offered);
        // Each has its own throttle: the governor's for that device.
        QCOMPARE(workers[0].throttle, m_node->governor().throttle(QStringLiteral("cpu")));
        QCOMPARE(workers[1].throttle, m_node->governor().throttle(QStringLiteral("gpu0")));
        // The GPU's limits: the free memory after the neighbour's 2 GiB and the 1 GiB reserve.
        QCOMPARE(workers[1].limits().vramBytes, (80ull - 2 - 1) << 30);
        const control::NodeStatus s = m_node->status();
        QVERIFY(std::any_of(s.devices.begin(), s.devices.end(), [](const control::DeviceLine& l) {
            return l.key == u"gpu0" && l.usable && l.name.startsWith(u"NVIDIA H100 80GB HBM3");
        }));
    }

    void aCudaJobRunsOnTheGpuPausesThereAndResumesToTheSameResult()
    {
        net::OwnerClient gpuOwner(m_system, url(), m_tls.pin);
        const net::OwnerRequest request = longProbe(QStringLiteral("cuda"));
        std::optional<Expected<net::OwnerOutcome, net::NetError>> gpuOutcome;
        const FakeCudaStats before = fakeCudaStats();
        QSignalSpy started(m_node->client(), &net::NodeClient::jobStarted);
        gpuOwner.run(request, [&](auto o) { gpuOutcome.emplace(std::move(o)); });
        QVERIFY(started.wait(15000));
        QCOMPARE(started.first().at(2).toString(), QStringLiteral("gpu0"));
        QCOMPARE(m_node->status().jobs[QStringLiteral("gpu0")], QStringLiteral("bench.probe"));

        QTRY_VERIFY(fakeCudaStats().steps > before.steps); // under way on the GPU, its memory taken
        // A game starts on that GPU: its policy pauses it at the next step, its memory still held.
        startGame(true);
        QVERIFY(!m_node->governor().decision(QStringLiteral("gpu0")).run);
        QVERIFY(m_node->governor().decision(QStringLiteral("cpu")).run);
        m_node->governor().throttle(QStringLiteral("gpu0"))->waitForParked(1);
        QVERIFY(fakeCudaStats().heldBytes > 0);
        const long long stepsAtPause = fakeCudaStats().steps;
        QVERIFY(!gpuOutcome);

        // The CPU worker keeps running: a CPU job completes while the GPU job waits.
        {
            net::OwnerClient cpuOwner(m_system, url(), m_tls.pin);
            net::OwnerRequest small = longProbe(QStringLiteral("cpu"));
            small.params = QCborMap {{QStringLiteral("lanes"), 4096}, {QStringLiteral("rounds"), 16}};
            const auto cpu = test::runOwner(cpuOwner, small);
            QVERIFY2(cpu, cpu ? "" : qPrintable(cpu.error().message));
            QCOMPARE(cpu->receipt.device, QStringLiteral("cpu"));
        }
        QCOMPARE(fakeCudaStats().steps, stepsAtPause); // the paused GPU job did not move
        QVERIFY(!gpuOutcome);

        // Paused past sched.releaseVramAfterSeconds (60 s): the GPU's memory is given back.
        m_clock.advanceMonotonic(61s);
        m_node->governor().tick();
        QTRY_COMPARE(fakeCudaStats().heldBytes, 0LL);
        QVERIFY(fakeCudaStats().releases >= 1);
        // ... and so does a language model kept loaded after an earlier job on that GPU.
        QCOMPARE(fakeCudaStats().residentReleases, before.residentReleases + 1);

        // The game ends; after the resume dwell the job takes the memory again and finishes.
        const long long acquiresBefore = fakeCudaStats().acquires;
        startGame(false);
        m_clock.advanceMonotonic(11s);
        m_node->governor().tick();
        QVERIFY(m_node->governor().decision(QStringLiteral("gpu0")).run);
        QTRY_VERIFY_WITH_TIMEOUT(gpuOutcome.has_value(), 30000);
        QVERIFY2(*gpuOutcome, *gpuOutcome ? "" : qPrintable(gpuOutcome->error().message));
        QVERIFY(fakeCudaStats().acquires > acquiresBefore);
        const net::OwnerOutcome& o = **gpuOutcome;
        QVERIFY2(o.receipt.device.startsWith(u"cuda:0 NVIDIA H100 80GB HBM3"), qPrintable(o.receipt.device));
        // The same bytes an uninterrupted run on the CPU reference gives.
        auto typed = jobs::parseParams(request.kernel, request.params);
        QVERIFY(typed);
        auto reference = jobs::runLocal(*typed, {}, kernels::Backend::Cpu, m_system);
        QVERIFY(reference);
        QCOMPARE(o.output.toByteArray(), reference->output.toByteArray());
        QTRY_VERIFY(m_node->status().jobs.empty());
    }

    void anyBackendTakesAFreeGpuFirst()
    {
        net::OwnerClient owner(m_system, url(), m_tls.pin);
        net::OwnerRequest r = longProbe(QStringLiteral("any"));
        r.params = QCborMap {{QStringLiteral("lanes"), 4096}, {QStringLiteral("rounds"), 16}};
        const auto o = test::runOwner(owner, r);
        QVERIFY2(o, o ? "" : qPrintable(o.error().message));
        QVERIFY2(o->receipt.device.startsWith(u"cuda:0"), qPrintable(o->receipt.device));
    }

    void aCudaJobIsNotSentToANodeWithoutAGpu()
    {
        // A CPU-only node next to ours: asked for CUDA, the coordinator lists only ours.
        auto cpuOnly = test::startNode(m_system, url(), m_tls.pin, m_dir.filePath(QStringLiteral("cpu-only")));
        QVERIFY(test::waitConnected(*cpuOnly));
        for (int i = 0; i < 3; ++i) {
            net::OwnerClient owner(m_system, url(), m_tls.pin);
            net::OwnerRequest r = longProbe(QStringLiteral("cuda"));
            r.params = QCborMap {{QStringLiteral("lanes"), 1024}, {QStringLiteral("rounds"), 4}};
            const auto o = test::runOwner(owner, r);
            QVERIFY2(o, o ? "" : qPrintable(o.error().message));
            QCOMPARE(o->nodeIdentity, toByteArray(m_node->identity().publicKey()));
        }
        // Submitted straight to the CPU-only node with backend cuda: refused with the reason.
        test::RawPeer owner;
        QVERIFY(owner.openOwner(url(), m_tls.pin, *Ed25519PrivateKey::generate()));
        auto reply = *X25519PrivateKey::generate();
        auto job = jobs::prepareJob(QStringLiteral("bench.probe"), QCborMap {{QStringLiteral("lanes"), 64}},
            asBytes(QByteArray()), cpuOnly->session.publicKey(), reply.publicKey(),
            std::uint64_t(m_system.nowUtc().toSecsSinceEpoch() + 600), 1);
        QVERIFY(job);
        owner.send(QStringLiteral("submit"),
            QCborMap {{QStringLiteral("node"), toByteArray(cpuOnly->identity.publicKey())},
                {QStringLiteral("manifest"), job->manifestBytes}, {QStringLiteral("input"), job->sealedInput},
                {QStringLiteral("backend"), QStringLiteral("cuda")}});
        const auto failed = owner.waitFor(QStringLiteral("job_failed"));
        QVERIFY(failed);
        QVERIFY2(failed->text("reason").contains(u"no cuda device"), qPrintable(failed->text("reason")));
    }

private:
    QString gameFile() const { return m_dir.filePath(QStringLiteral("game-running")); }
    QUrl url() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_coord->port())); }

    /// Starts or ends the neighbour's game on GPU 0, and lets telemetry and the governor see it.
    void startGame(bool on)
    {
        if (on) {
            QFile f(gameFile());
            QVERIFY(f.open(QIODevice::WriteOnly));
        } else {
            QVERIFY(QFile::remove(gameFile()));
        }
        m_clock.advanceMonotonic(2s); // past gpu.telemetryMilliseconds: a fresh NVML sample
        m_node->governor().tick();
    }

    QTemporaryDir m_dir;
    int m_round = 0;
    SystemClock m_system;
    test::OffsetClock m_clock; ///< the node's: its monotonic time jumps over pauses
    net::TlsIdentity m_tls;
    std::unique_ptr<net::Coordinator> m_coord;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<node::ContributorNode> m_node;
};

QTEST_MAIN(TestContributorNode)
#include "TestContributorNode.moc"
