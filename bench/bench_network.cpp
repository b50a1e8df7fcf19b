// The worker protocol on loopback TLS, each figure next to a baseline measured in the same run
// (docs/benchmarks.md, "Network"). Not a test: run with `make bench`.
//
//  1. Round trip of a small job, owner -> coordinator -> node -> owner, one owner connection,
//     one job at a time: p50 and p99. Baseline: a bare WSS echo of a frame of the same size.
//  2. Small jobs per second with many owners and nodes at once. Baseline: the same sealed job
//     (seal, open, run, seal the result, sign and store the receipt, open and verify) in one
//     thread without the network.
//  3. Idle node connections held by a cocoon-coordinator process, and its memory per connection
//     (resident set before and after). Each connection is a real node hello: signed, with an
//     evidence bundle the coordinator verifies; all of them send heartbeats while held.
//
// bench_network [--connections N (10000)] [--jobs N (3000)] [--round-trips N (1000)]
#include "NetworkHarness.h"
#include "common/Logging.h"
#include "jobs/Job.h"
#include "jobs/JobStore.h"
#include "jobs/Owner.h"
#include "net/Coordinator.h"
#include "net/Handshake.h"
#include "net/OwnerClient.h"

#include <QCborMap>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSysInfo>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

using namespace cocoon;
using namespace cocoon::net;

namespace {

/// Runs the event loop until `done` (checked after every batch of events) or the timeout. It
/// sleeps while nothing happens: a busy wait here would take a core from the jobs being measured.
void waitUntil(const std::function<bool()>& done, int timeoutMs = 600000)
{
    QElapsedTimer t;
    t.start();
    QTimer tick; // wakes the wait to look at the clock
    tick.start(20);
    while (!done() && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

OwnerRequest smallJob()
{
    OwnerRequest r;
    r.kernel = QStringLiteral("bench.probe");
    r.params = QCborMap {{"lanes", 64}, {"rounds", 1}};
    r.pricePerUnitNano = 1;
    return r;
}

/// A loopback network in this process: a coordinator and `nodes` nodes of `capacity` each.
struct Network
{
    Network(const Clock& c, int nodeCount, int capacity, const QString& base)
        : clock(c)
        , dir(base + QStringLiteral("/cocoon-bench-XXXXXX"))
        , tls(*makeSelfSigned(QStringLiteral("bench"), c))
    {
        CoordinatorOptions o;
        o.dataDir = dir.filePath(QStringLiteral("coord"));
        coord = std::make_unique<Coordinator>(clock, o, tls, *Ed25519PrivateKey::generate());
        if (!coord->start()) {
            std::fprintf(stderr, "the coordinator did not start\n");
            std::exit(1);
        }
        url = QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(coord->port()));
        test::SimNodeOptions so;
        so.capacity = capacity;
        for (int i = 0; i < nodeCount; ++i) {
            nodes.push_back(test::startNode(clock, url, tls.pin, dir.filePath(QString::number(i)), so));
        }
        waitUntil([&] { return coord->connectedNodes() == nodeCount; }, 60000);
    }
    const Clock& clock;
    QTemporaryDir dir;
    TlsIdentity tls;
    std::unique_ptr<Coordinator> coord;
    QUrl url;
    std::vector<std::unique_ptr<test::SimNode>> nodes;
};

/// p50/p99 of a bare WSS echo of `size` bytes, in milliseconds.
std::pair<double, double> echoRoundTrip(const Clock& clock, int count, qsizetype size)
{
    const TlsIdentity tls = *makeSelfSigned(QStringLiteral("echo"), clock);
    QWebSocketServer server(QStringLiteral("echo"), QWebSocketServer::SecureMode);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(tls.certificate);
    ssl.setPrivateKey(tls.key);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    server.setSslConfiguration(ssl);
    server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&server, &QWebSocketServer::newConnection, [&] {
        QWebSocket* s = server.nextPendingConnection();
        QObject::connect(
            s, &QWebSocket::binaryMessageReceived, s, [s](const QByteArray& f) { s->sendBinaryMessage(f); });
    });
    QWebSocket client;
    acceptPinnedCertificate(client, tls.pin);
    bool open = false;
    int got = 0;
    QObject::connect(&client, &QWebSocket::connected, [&] { open = true; });
    QObject::connect(&client, &QWebSocket::binaryMessageReceived, [&](const QByteArray&) { ++got; });
    client.open(QNetworkRequest(QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(server.serverPort()))));
    waitUntil([&] { return open; }, 10000);
    const QByteArray frame(size, 'x');
    std::vector<double> ms;
    for (int i = 0; i < count + 50; ++i) {
        QElapsedTimer t;
        t.start();
        const int want = got + 1;
        client.sendBinaryMessage(frame);
        waitUntil([&] { return got == want; }, 10000);
        if (i >= 50) {
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    return {percentile(ms, 0.5), percentile(ms, 0.99)};
}

/// p50/p99 of a small job's round trip through the network, in milliseconds.
std::pair<double, double> jobRoundTrip(const Clock& clock, int count, const QString& base)
{
    Network net(clock, 1, 1, base);
    OwnerClient owner(clock, net.url, net.tls.pin);
    std::vector<double> ms;
    int failed = 0;
    for (int i = 0; i < count + 50; ++i) {
        QElapsedTimer t;
        t.start();
        bool done = false;
        owner.run(smallJob(), [&](Expected<OwnerOutcome, NetError> o) {
            done = true;
            failed += o ? 0 : 1;
        });
        waitUntil([&] { return done; }, 30000);
        if (i >= 50) {
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    if (failed > 0) {
        std::fprintf(stderr, "%d small jobs failed\n", failed);
    }
    return {percentile(ms, 0.5), percentile(ms, 0.99)};
}

/// Jobs per second through the network: `owners` owners in parallel, `total` jobs in all.
double jobThroughput(const Clock& clock, int nodes, int capacity, int owners, int total, const QString& base)
{
    Network net(clock, nodes, capacity, base);
    std::vector<std::unique_ptr<OwnerClient>> clients;
    int started = 0, answered = 0, failed = 0;
    QString firstFailure;
    std::function<void(OwnerClient*)> next = [&](OwnerClient* c) {
        if (started >= total) {
            return;
        }
        ++started;
        c->run(smallJob(), [&, c](Expected<OwnerOutcome, NetError> o) {
            ++answered;
            failed += o ? 0 : 1;
            if (!o && firstFailure.isEmpty()) {
                firstFailure = o.error().message;
            }
            QMetaObject::invokeMethod(
                c, [&, c] { next(c); }, Qt::QueuedConnection);
        });
    };
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < owners; ++i) {
        clients.push_back(std::make_unique<OwnerClient>(clock, net.url, net.tls.pin));
        next(clients.back().get());
    }
    waitUntil([&] { return answered == total; });
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    if (failed > 0) {
        std::fprintf(stderr, "%d of %d jobs failed, first: %s\n", failed, total, qPrintable(firstFailure));
    }
    return total / seconds;
}

/// Jobs per second for the same sealed job without the network, in this thread.
double localSealedJobs(const Clock& clock, int total, const QString& base)
{
    QTemporaryDir dir(base + QStringLiteral("/cocoon-bench-XXXXXX"));
    const auto identity = *Ed25519PrivateKey::generate();
    const auto session = *X25519PrivateKey::generate();
    jobs::JobContext c;
    c.sessionKey = &session;
    c.identity = &identity;
    c.clock = &clock;
    jobs::DirectoryJobStore store(dir.path());
    jobs::AlwaysRun always;
    const OwnerRequest r = smallJob();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < total; ++i) {
        const auto reply = *X25519PrivateKey::generate();
        auto prepared = jobs::prepareJob(r.kernel, r.params, {}, session.publicKey(), reply.publicKey(),
            std::uint64_t(clock.nowUtc().toSecsSinceEpoch() + 600), 1);
        auto job = jobs::Job::prepare(prepared->manifestBytes, prepared->sealedInput, c);
        (*job)->run(always);
        auto result = (*job)->complete(store);
        if (!result || !jobs::openResult(*prepared, result->sealedOutput, result->signedReceipt, reply)) {
            std::fprintf(stderr, "the local sealed job failed\n");
            std::exit(1);
        }
    }
    return total / (double(t.nsecsElapsed()) / 1e9);
}

qint64 residentKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return 0;
    }
    const auto m = QRegularExpression(QStringLiteral(R"(VmRSS:\s+(\d+) kB)")).match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

int metricNodes(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000)) {
        return -1;
    }
    s.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray body;
    while (s.waitForReadyRead(2000)) {
        body += s.readAll();
    }
    const auto m
        = QRegularExpression(QStringLiteral(R"(cocoon_nodes_connected (\d+))")).match(QString::fromLatin1(body));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

struct Held
{
    int connections = 0;
    int held = 0;
    double perConnectionKiB = 0;
    qint64 baseKiB = 0;
    double seconds = 0;
};

/// `count` idle nodes connected to a cocoon-coordinator child process, held for `holdMs`.
Held idleConnections(const Clock& clock, int count, int holdMs)
{
    Held h;
    QTemporaryDir dir;
    QProcess coord;
    coord.setStandardErrorFile(QProcess::nullDevice());
    coord.start(QStringLiteral(COCOON_COORDINATOR_BIN),
        {QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("coord")), QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0"), QStringLiteral("--log-level"), QStringLiteral("warn"),
            QStringLiteral("--max-connections-per-address"), QString::number(count + 16)});
    QByteArray line;
    waitUntil(
        [&] {
            coord.waitForReadyRead(100);
            line += coord.readAllStandardOutput();
            return line.contains('\n') || coord.state() == QProcess::NotRunning;
        },
        20000);
    const auto m = QRegularExpression(QStringLiteral(R"((wss://\S+) pin ([0-9a-f]{64}) metrics http://[^:]+:(\d+))"))
                       .match(QString::fromUtf8(line));
    if (!m.hasMatch()) {
        std::fprintf(stderr, "cocoon-coordinator did not start: %s\n", line.constData());
        return h;
    }
    const QUrl url(m.captured(1));
    const QString pin = m.captured(2);
    const quint16 metricsPort = quint16(m.captured(3).toUInt());
    waitUntil([] { return false; }, 500); // let it settle before the baseline
    h.baseKiB = residentKiB(coord.processId());

    struct Conn
    {
        std::unique_ptr<QWebSocket> ws;
        bool welcomed = false;
    };
    std::vector<Conn> conns;
    conns.resize(std::size_t(count));
    int welcomed = 0, inFlight = 0, next = 0;
    const QByteArray pinBytes = QByteArray::fromHex(pin.toLatin1());
    const auto openOne = [&](std::size_t i) {
        Conn& c = conns[i];
        c.ws = std::make_unique<QWebSocket>();
        acceptPinnedCertificate(*c.ws, pin);
        QWebSocket* ws = c.ws.get();
        QObject::connect(ws, &QWebSocket::binaryMessageReceived, ws, [&, i, ws](const QByteArray& frame) {
            auto msg = decodeMessage(frame);
            if (msg && msg->type == u"challenge") {
                // The hello answers the coordinator's challenge (protocol v2).
                const auto identity = *Ed25519PrivateKey::generate();
                const auto session = *X25519PrivateKey::generate();
                NodeHello hello;
                hello.session = session.publicKey();
                hello.evidence = test::sealedTierEvidence(clock, identity.publicKey(), session.publicKey());
                hello.devices = {NodeDevice::cpu({QStringLiteral("bench.probe")})};
                hello.sign(identity, pinBytes, msg->bytes("nonce"));
                QCborMap f {{QStringLiteral("min"), kProtocolMin}, {QStringLiteral("max"), kProtocolMax},
                    {QStringLiteral("role"), QStringLiteral("node")}, {QStringLiteral("node"), hello.toCbor()}};
                ws->sendBinaryMessage(encodeMessage(QStringLiteral("hello"), f));
                return;
            }
            if (msg && msg->type == u"welcome" && !conns[i].welcomed) {
                conns[i].welcomed = true;
                ++welcomed;
                --inFlight;
            }
        });
        QObject::connect(ws, &QWebSocket::disconnected, ws, [&, i] {
            if (!conns[i].welcomed) {
                --inFlight;
            }
        });
        ws->open(QNetworkRequest(url));
    };
    // Every welcomed node sends a heartbeat every 5 s (the coordinator drops a node after 20 s
    // of silence), from the first connection on: opening them all takes longer than that.
    const QByteArray heartbeat = encodeMessage(QStringLiteral("heartbeat"),
        QCborMap {{QStringLiteral("state"), QStringLiteral("running")}, {QStringLiteral("free"), 1}});
    QTimer beat;
    QObject::connect(&beat, &QTimer::timeout, [&] {
        for (Conn& c : conns) {
            if (c.welcomed && c.ws->state() == QAbstractSocket::ConnectedState) {
                c.ws->sendBinaryMessage(heartbeat);
            }
        }
    });
    beat.start(5000); // what the coordinator asks of nodes (heartbeat_ms)
    QElapsedTimer t;
    t.start();
    // At most 256 handshakes in flight: a burst of thousands would overflow the listen backlog.
    waitUntil(
        [&] {
            while (inFlight < 256 && next < count) {
                ++inFlight;
                openOne(std::size_t(next++));
            }
            return welcomed + 0 == count || (next == count && inFlight <= 0);
        },
        600000);
    h.seconds = double(t.nsecsElapsed()) / 1e9;
    h.connections = welcomed;
    // Hold them all, then count who is still connected.

    waitUntil([] { return false; }, holdMs);
    const qint64 after = residentKiB(coord.processId());
    h.held = metricNodes(metricsPort);
    h.perConnectionKiB = h.connections > 0 ? double(after - h.baseKiB) / h.connections : 0;
    beat.stop();
    conns.clear();
    coord.terminate();
    coord.waitForFinished(10000);
    return h;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOption({QStringLiteral("connections"), QStringLiteral("Idle node connections."), QStringLiteral("n"),
        QStringLiteral("10000")});
    p.addOption({QStringLiteral("jobs"), QStringLiteral("Jobs for the throughput run."), QStringLiteral("n"),
        QStringLiteral("3000")});
    p.addOption({QStringLiteral("round-trips"), QStringLiteral("Sequential small jobs timed."), QStringLiteral("n"),
        QStringLiteral("1000")});
    p.process(app);
    const int connections = p.value(QStringLiteral("connections")).toInt();
    const int jobsTotal = p.value(QStringLiteral("jobs")).toInt();
    const int roundTrips = p.value(QStringLiteral("round-trips")).toInt();

    // Each connection is a descriptor here and one in the coordinator (a child: it inherits this).
    rlimit fds {};
    getrlimit(RLIMIT_NOFILE, &fds);
    fds.rlim_cur = fds.rlim_max;
    setrlimit(RLIMIT_NOFILE, &fds);
    log::Options logging;
    logging.level = spdlog::level::warn;
    (void)log::init(logging);

    SystemClock clock;
    std::printf("## Network (loopback TLS) — %s, %d cores\n\n", qPrintable(QSysInfo::prettyProductName()),
        QThread::idealThreadCount());
    std::printf("| measure | baseline | cocoon | ratio |\n|---|---|---|---|\n");
    std::fflush(stdout);

    // Every job is made durable on both sides before it is acknowledged (the node's jobs directory
    // and ledger, the coordinator's database): on a disk each of those syncs costs real time, so
    // the job figures are taken twice — on disk, and on tmpfs, where a sync is free and what is
    // left is the protocol, the crypto and the kernel.
    struct Storage
    {
        const char* name;
        QString base;
    };
    std::vector<Storage> storages {{"disk", QDir::tempPath()}};
    if (QFileInfo(QStringLiteral("/dev/shm")).isWritable()) {
        storages.push_back({"tmpfs", QStringLiteral("/dev/shm")});
    }
    const auto echo = echoRoundTrip(clock, roundTrips, 600);
    for (const Storage& st : storages) {
        const auto job = jobRoundTrip(clock, roundTrips, st.base);
        std::printf("| small-job round trip p50 (ms), %s | WSS echo %.3f | %.3f | %.1fx |\n", st.name, echo.first,
            job.first, job.first / echo.first);
        std::printf("| small-job round trip p99 (ms), %s | WSS echo %.3f | %.3f | %.1fx |\n", st.name, echo.second,
            job.second, job.second / echo.second);
        std::fflush(stdout);
    }
    for (const Storage& st : storages) {
        const double local = localSealedJobs(clock, std::max(200, jobsTotal / 4), st.base);
        const double network = jobThroughput(clock, 8, 4, 64, jobsTotal, st.base);
        std::printf("| small jobs per second (8 nodes x 4, 64 owners), %s | sealed job in-process, 1 thread: %.0f | "
                    "%.0f | %.2fx |\n",
            st.name, local, network, network / local);
        std::fflush(stdout);
    }

    const Held h = idleConnections(clock, connections, 25000);
    std::printf(
        "| idle node connections held 25 s (of %d opened in %.1f s) | - | %d | - |\n", connections, h.seconds, h.held);
    std::printf("| coordinator memory per connection (KiB) | coordinator RSS before: %lld KiB | %.1f | - |\n",
        static_cast<long long>(h.baseKiB), h.perConnectionKiB);
    return 0;
}
