// The worker protocol played by an attacker, on real TLS WebSockets over loopback with real SQLite
// files: each case is something a malicious node, owner or coordinator tries, and what stops it
// (docs/protocol.md, "Threat model"). A hostile peer is a test::RawPeer speaking frames by hand;
// an honest one is the real NodeClient or OwnerClient.
#include "JobSamples.h"
#include "NetworkHarness.h"
#include "OffsetClock.h"
#include "RawPeer.h"
#include "TestSupport.h"
#include "jobs/JobStore.h"
#include "jobs/Owner.h"
#include "ledger/CreditStatement.h"
#include "ledger/Ledger.h"
#include "net/Coordinator.h"
#include "net/NodeClient.h"
#include "net/OwnerClient.h"

#include <QCborArray>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QWebSocketServer>

using namespace cocoon;
using namespace cocoon::net;

namespace {

using test::Gate;
using test::waitConnected;

/// A node played by hand: its keys, and the honest result of an offer it received.
struct HandNode
{
    Ed25519PrivateKey identity = *Ed25519PrivateKey::generate();
    X25519PrivateKey session = *X25519PrivateKey::generate();
    QTemporaryDir jobsDir;
    test::RawPeer peer;

    jobs::JobResult runHonestly(const Message& offer, const Clock& clock)
    {
        jobs::JobContext c;
        c.sessionKey = &session;
        c.identity = &identity;
        c.clock = &clock;
        c.sleep = [](std::chrono::microseconds) {};
        auto job = jobs::Job::prepare(offer.bytes("manifest"), offer.bytes("input"), c);
        if (!job) {
            qFatal("the offer does not prepare: %s", qPrintable(job.error().message));
        }
        jobs::AlwaysRun always;
        (*job)->run(always);
        jobs::DirectoryJobStore store(jobsDir.path());
        return *(*job)->complete(store);
    }
    void sendResult(const QByteArray& job, const QByteArray& output, const QByteArray& receipt)
    {
        peer.send(QStringLiteral("result"), QCborMap {{"job", job}, {"output", output}, {"receipt", receipt}});
    }
};

/// The same receipt with other numbers, signed again by the node (which can sign anything).
QByteArray forgedReceipt(
    const jobs::JobResult& honest, const Ed25519PrivateKey& node, std::uint64_t units, std::uint64_t priceNano)
{
    jobs::Receipt r = honest.receipt;
    r.units = units;
    r.priceNano = priceNano;
    return r.sign(node);
}

/// A coordinator played by hand over TLS: it speaks first, then sends whatever the test scripts.
class RogueCoordinator : public QObject
{
public:
    explicit RogueCoordinator(const net::TlsIdentity& tls)
        : m_server(QStringLiteral("rogue"), QWebSocketServer::SecureMode)
    {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(tls.certificate);
        ssl.setPrivateKey(tls.key);
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(ssl);
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket* ws = m_server.nextPendingConnection()) {
                ws->setParent(this); // goes with the rogue
                m_ws = ws;
                connect(ws, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray& f) {
                    if (auto m = decodeMessage(f)) {
                        received.append(*m);
                    }
                });
                ws->sendBinaryMessage(encodeMessage(QStringLiteral("challenge"),
                    QCborMap {{QStringLiteral("nonce"), QByteArray(kNonceBytes, '\x07')}}));
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_server.serverPort())); }
    bool waitFor(const QString& type)
    {
        return QTest::qWaitFor(
            [&] {
                return std::any_of(received.begin(), received.end(), [&](const Message& m) { return m.type == type; });
            },
            10000);
    }
    void send(const QString& type, const QCborMap& fields) { m_ws->sendBinaryMessage(encodeMessage(type, fields)); }
    /// A welcome naming `key` as the coordinator's statement key, with `statement` if not empty.
    void welcome(const Ed25519PublicKey& key, const QByteArray& statement = {})
    {
        QCborMap w {{QStringLiteral("version"), kProtocolMax}, {QStringLiteral("session"), QByteArray(16, '\x01')},
            {QStringLiteral("heartbeat_ms"), 200}, {QStringLiteral("timeout_ms"), 20000},
            {QStringLiteral("coordinator"), toByteArray(key)},
            {QStringLiteral("prices"), QCborMap {{QStringLiteral("*"), 1}}}};
        if (!statement.isEmpty()) {
            w.insert(QStringLiteral("statement"), statement);
        }
        send(QStringLiteral("welcome"), w);
    }
    QList<Message> received;

private:
    QWebSocketServer m_server;
    QWebSocket* m_ws = nullptr;
};

} // namespace

class TestNetworkTrust : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir.emplace();
        m_tls = *makeSelfSigned(QStringLiteral("test"), m_clock);
        m_coordSeed = randomSeed();
        startCoordinator({});
    }
    void cleanup()
    {
        m_nodes.clear();
        m_gates.clear();
        m_coord.reset();
    }

    // --- 1. Credit only what was offered and checked -------------------------------------------

    void forgedUnitsAreNotCredited_data()
    {
        QTest::addColumn<std::uint64_t>("units");
        QTest::newRow("more units") << std::uint64_t(1024 * 1000);
        QTest::newRow("fewer units") << std::uint64_t(1);
        QTest::newRow("INT64_MAX units") << std::uint64_t(INT64_MAX);
        QTest::newRow("2^64-1 units") << std::uint64_t(UINT64_MAX);
    }
    void forgedUnitsAreNotCredited()
    {
        QFETCH(std::uint64_t, units);
        HandJob h;
        QVERIFY(startHandJob(h));
        auto& [node, owner, job, offer, honest] = h;
        // Units chosen by the node (the price follows them, as the manifest's terms say).
        node.sendResult(
            job, honest.sealedOutput, forgedReceipt(honest, node.identity, units, job_manifest(offer).priceFor(units)));
        const auto ack = node.peer.waitFor(QStringLiteral("ack"));
        QVERIFY(ack);
        QVERIFY2(ack->has("refused"), "a forged receipt was acknowledged as credited");
        QVERIFY2(ack->text("refused").contains("meters this job at 1024"), qPrintable(ack->text("refused")));
        QVERIFY(ack->bytes("statement").isEmpty()); // nothing was ever credited to this node
        QCOMPARE(m_coord->jobCounts()["failed"], 1);
        // The owner is told; the honest result sent afterwards is refused too (the job has ended).
        QVERIFY(owner.waitFor(QStringLiteral("job_failed")));
        const qsizetype from = node.peer.received.size();
        node.sendResult(job, honest.sealedOutput, honest.signedReceipt);
        const auto again = node.peer.waitFor(QStringLiteral("ack"), from);
        QVERIFY(again && again->has("refused"));
        QCOMPARE(m_coord->resultsRefused(), 2);
    }

    void rejectThenResultIsNotCredited()
    {
        HandJob h;
        QVERIFY(startHandJob(h));
        auto& [node, owner, job, offer, honest] = h;
        node.peer.send(QStringLiteral("reject"), QCborMap {{"job", job}, {"reason", "busy"}});
        QTRY_COMPARE(m_coord->jobCounts()["failed"], 1);
        node.sendResult(job, honest.sealedOutput, honest.signedReceipt);
        const auto ack = node.peer.waitFor(QStringLiteral("ack"));
        QVERIFY(ack);
        QVERIFY2(ack->text("refused").contains("not leased"), qPrintable(ack->text("refused")));
        QVERIFY(ack->bytes("statement").isEmpty());
    }

    void theOwnerCannotSetThePriceItsNodeIsCredited()
    {
        m_coord.reset();
        CoordinatorOptions options;
        options.prices = {{QStringLiteral("*"), 5}};
        startCoordinator(options);
        auto& n = addNode("a");
        QVERIFY(waitConnected(n));
        // Below the coordinator's price: refused at submit.
        OwnerRequest cheap = probe();
        cheap.pricePerUnitNano = 4;
        auto refused = runOwner(cheap);
        QVERIFY(!refused);
        QVERIFY2(
            refused.error().message.contains("this coordinator's price is 5"), qPrintable(refused.error().message));
        // Far above it (an owner crediting its own node): the node is credited at the table's 5.
        OwnerRequest generous = probe();
        generous.pricePerUnitNano = 1000000;
        auto done = runOwner(generous);
        QVERIFY2(done, done ? "" : qPrintable(done.error().message));
        QCOMPARE(done->receipt.priceNano, std::uint64_t(1024) * 1000000); // what the owner offered to pay
        QTRY_COMPARE(n.ledger->totals()->creditedNano, std::int64_t(1024 * 5));
        QCOMPARE(n.ledger->totals()->earnedNano, std::int64_t(1024 * 5)); // nothing left looking pending
        // Without a price of its own the owner offers the coordinator's (from the welcome).
        auto plain = runOwner(probe());
        QVERIFY2(plain, plain ? "" : qPrintable(plain.error().message));
        QCOMPARE(plain->receipt.priceNano, std::uint64_t(1024 * 5));
    }

    void creditsNeverWrapOrOverflow()
    {
        // A price at which one job is worth a bit more than half of INT64_MAX: the first is
        // credited, the second would carry the total past it and is refused, not wrapped.
        m_coord.reset();
        CoordinatorOptions options;
        options.prices = {{QStringLiteral("*"), std::uint64_t(INT64_MAX) / 1024 / 2 + 1}};
        startCoordinator(options);
        auto& n = addNode("a");
        QVERIFY(waitConnected(n));
        QSignalSpy refusedResult(n.client.get(), &NodeClient::resultRefused);
        QVERIFY(runOwner(probe()));
        QTRY_COMPARE(n.ledger->totals()->creditedJobs, 1);
        QVERIFY(!runOwner(probe()));
        QTRY_COMPARE(refusedResult.size(), 1);
        QVERIFY2(refusedResult.first().at(1).toString().contains("overflow"),
            qPrintable(refusedResult.first().at(1).toString()));
        QCOMPARE(n.ledger->totals()->creditedJobs, 1);
        QVERIFY(n.ledger->totals()->creditedNano > 0); // SUM still reads: nothing wrapped
        // A price at which a single job cannot be credited at all is refused at submit.
        m_nodes.clear();
        m_coord.reset();
        options.prices = {{QStringLiteral("*"), std::uint64_t(INT64_MAX)}};
        startCoordinator(options);
        auto& m = addNode("b");
        QVERIFY(waitConnected(m));
        OwnerRequest r = probe();
        r.pricePerUnitNano = std::uint64_t(INT64_MAX); // what an owner can offer at most
        auto o = runOwner(r);
        QVERIFY(!o);
        QVERIFY2(o.error().message.contains("beyond what can be credited"), qPrintable(o.error().message));
    }

    void aResultThatRacedTheCancelIsStillCredited()
    {
        HandJob h;
        QVERIFY(startHandJob(h));
        auto& [node, owner, job, offer, honest] = h;
        owner.send(QStringLiteral("cancel"), QCborMap {{"job", job}, {"reason", "changed my mind"}});
        QVERIFY(node.peer.waitFor(QStringLiteral("cancel"))); // the job's input is gone now
        QCOMPARE(m_coord->jobCounts()["cancelled"], 1);
        // The node finished before the cancel reached it, and even reconnects before sending it.
        test::RawPeer again;
        QVERIFY(again.openNode(url(), m_tls.pin, m_clock, node.identity, node.session));
        again.send(QStringLiteral("result"),
            QCborMap {{"job", job}, {"output", honest.sealedOutput}, {"receipt", honest.signedReceipt}});
        const auto ack = again.waitFor(QStringLiteral("ack"));
        QVERIFY(ack);
        QVERIFY2(!ack->has("refused"), qPrintable(ack->text("refused")));
        const auto st = ledger::CreditStatement::verify(ack->bytes("statement"));
        QVERIFY(st);
        QCOMPARE(st->jobs, std::uint64_t(1));
        QCOMPARE(st->nano, std::uint64_t(1024));
    }

    // --- 2. Evidence never expires under a running node ----------------------------------------

    void evidenceIsRenewedPastADayWithoutDroppingJobs()
    {
        m_coord.reset();
        CoordinatorOptions options;
        options.lease = std::chrono::hours(2); // the wall clock moves an hour at a time
        startCoordinator(options);
        Gate& held = gate();
        test::SimNodeOptions renewing;
        renewing.renewEvidence = true;
        renewing.throttle = &held;
        auto& a = addNode("a", renewing);
        QVERIFY(waitConnected(a));
        QSignalSpy started(a.client.get(), &NodeClient::jobStarted);
        QSignalSpy renewed(a.client.get(), &NodeClient::evidenceRenewed);
        OwnerClient owner(m_clock, url(), m_tls.pin);
        std::optional<Expected<OwnerOutcome, NetError>> running;
        OwnerRequest r = probe();
        r.deadline = std::chrono::hours(48);
        owner.run(r, [&](Expected<OwnerOutcome, NetError> o) { running.emplace(std::move(o)); });
        QVERIFY(started.wait(10000));
        auto& stale = addNode("b"); // the same, never renewing: the control
        QVERIFY(waitConnected(stale));
        // 26 hours pass, an hour at a time (each hour the nodes heartbeat and leases extend).
        for (int hour = 0; hour < 26; ++hour) {
            m_clock.advance(std::chrono::hours(1));
            QTest::qWait(450); // two heartbeats' worth of real time, so leases move with the clock
        }
        QVERIFY2(!renewed.isEmpty(), "the node did not renew its evidence");
        QCOMPARE(m_coord->connectedNodes(), 2);
        QCOMPARE(a.client->jobsRunning(), 1); // its job was not dropped
        held.open = true;
        QTRY_VERIFY_WITH_TIMEOUT(running.has_value(), 15000);
        QVERIFY2(*running, *running ? "" : qPrintable(running->error().message));
        // Owners verify the renewed bundle at the new time; the stale node is no longer offered.
        OwnerClient later(m_clock, url(), m_tls.pin);
        QSignalSpy considered(&later, &OwnerClient::nodeConsidered);
        auto next = runOwner(probe(), &later);
        QVERIFY2(next, next ? "" : qPrintable(next.error().message));
        QCOMPARE(next->nodeIdentity, toByteArray(a.identity.publicKey()));
        for (const auto& c : considered) {
            QVERIFY(c.at(0).toByteArray() != toByteArray(stale.identity.publicKey()));
        }
    }

    // --- 3. No job can wedge a node -------------------------------------------------------------

    void anOutputLargerThanAFrameIsRefusedAtSubmit()
    {
        auto& n = addNode("a");
        QVERIFY(waitConnected(n));
        OwnerRequest r;
        r.kernel = QStringLiteral("media.resize");
        r.params = QCborMap {{"src_width", 4}, {"src_height", 4}, {"width", 4096}, {"height", 4096},
            {"format", "rgba8"}, {"filter", "bilinear"}}; // 64 MiB out
        r.input = QByteArray(4 * 4 * 4, '\x40');
        r.maxNodes = 1;
        auto o = runOwner(r);
        QVERIFY(!o);
        QVERIFY2(o.error().message.contains("would not fit in one result frame"), qPrintable(o.error().message));
        QCOMPARE(n.client->jobsRunning(), 0);
        QCOMPARE(m_coord->jobCounts()["queued"] + m_coord->jobCounts()["leased"], 0);
    }

    void aNodeRefusesAnOfferWhoseResultCouldNotBeSent()
    {
        // A coordinator that does not check (a rogue one) offers the same job: the node refuses it
        // rather than produce a frame nobody can accept and resend it forever.
        RogueCoordinator rogue(m_tls);
        auto& n = *m_nodes.emplace_back(test::startNode(m_clock, rogue.url(), m_tls.pin, m_dir->filePath("n")));
        QVERIFY(rogue.waitFor(QStringLiteral("hello")));
        rogue.welcome(coordKey().publicKey());
        QVERIFY(waitConnected(n));
        auto reply = *X25519PrivateKey::generate();
        const QCborMap params {{"src_width", 4}, {"src_height", 4}, {"width", 4096}, {"height", 4096},
            {"format", "rgba8"}, {"filter", "bilinear"}};
        auto job = jobs::prepareJob(QStringLiteral("media.resize"), params, asBytes(QByteArray(64, '\x40')),
            n.session.publicKey(), reply.publicKey(), std::uint64_t(m_clock.nowUtc().toSecsSinceEpoch() + 600));
        QVERIFY(job);
        rogue.send(QStringLiteral("offer"),
            QCborMap {{"job", toByteArray(job->manifest.jobId)}, {"manifest", job->manifestBytes},
                {"input", job->sealedInput}, {"device", "cpu"}, {"lease_ms", 120000}});
        QVERIFY(rogue.waitFor(QStringLiteral("reject")));
        QCOMPARE(n.client->jobsRunning(), 0);
    }

    // --- 4. The coordinator cannot be run out of memory -----------------------------------------

    void aClientThatNeverReadsIsNotReadEither()
    {
        m_coord.reset();
        CoordinatorOptions options;
        options.sendBacklogBytes = 256 * 1024;
        startCoordinator(options);
        for (int i = 0; i < 6; ++i) { // node lists of ~15 KB each
            QVERIFY(waitConnected(addNode(QStringLiteral("n%1").arg(i))));
        }
        const int before = m_coord->openConnections();
        // A client that sends requests and never reads: its own buffer holds 4 KiB, then TCP
        // pushes back and the coordinator's replies pile up on its side.
        QSslSocket s;
        s.setPeerVerifyMode(QSslSocket::VerifyNone);
        s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_coord->port());
        QVERIFY(QTest::qWaitFor([&] { return s.isEncrypted(); }, 10000)); // the server runs on this thread
        s.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QByteArray got;
        QVERIFY(QTest::qWaitFor(
            [&] {
                got += s.readAll();
                return got.contains("\r\n\r\n") && got.size() > got.indexOf("\r\n\r\n") + 4 + 2 + kNonceBytes;
            },
            10000));
        const QByteArray frames = got.mid(got.indexOf("\r\n\r\n") + 4);
        const auto challenge = decodeMessage(frames.mid(2, frames.at(1)));
        QVERIFY(challenge && challenge->type == u"challenge");
        OwnerHello hello;
        hello.sign(m_ownerKey, QByteArray::fromHex(m_tls.pin.toLatin1()), challenge->bytes("nonce"));
        s.write(clientFrame(encodeMessage(QStringLiteral("hello"),
            QCborMap {{"min", kProtocolMin}, {"max", kProtocolMax}, {"role", "owner"}, {"owner", hello.toCbor()}})));
        s.setReadBufferSize(4096);
        const QByteArray ask = clientFrame(encodeMessage(
            QStringLiteral("nodes"), QCborMap {{"kernel", "bench.probe"}, {"min_tier", "sealed"}, {"limit", 16}}));
        for (int i = 0; i < 4000 && s.state() == QAbstractSocket::ConnectedState; ++i) {
            s.write(ask);
            if (i % 100 == 0) {
                QTest::qWait(20);
            }
        }
        // The coordinator stops answering it at the backlog bound, then disconnects it.
        QTRY_VERIFY_WITH_TIMEOUT(m_coord->openConnections() <= before, 30000);
        QVERIFY2(m_coord->peakSendBacklog() <= options.sendBacklogBytes + 64 * 1024,
            qPrintable(QString::number(m_coord->peakSendBacklog())));
        // Everyone else is still served.
        auto o = runOwner(probe());
        QVERIFY2(o, o ? "" : qPrintable(o.error().message));
    }

    void backpressureNeverHoldsANodesResults()
    {
        // Every peer counts as having replies piled up: only an owner's listings and fetches would
        // wait; a node's results and heartbeats and an owner's submit go through at once.
        m_coord.reset();
        CoordinatorOptions options;
        options.sendBacklogBytes = -1;
        startCoordinator(options);
        auto& n = addNode("a");
        QVERIFY(waitConnected(n));
        test::RawPeer owner;
        QVERIFY(owner.openOwner(url(), m_tls.pin, m_ownerKey));
        QVERIFY(submitProbe(owner, n.session.publicKey(), n.identity.publicKey()));
        QVERIFY(owner.waitFor(QStringLiteral("job_result")));
        QTRY_COMPARE(n.ledger->totals()->creditedJobs, 1);
        QVERIFY(n.client->isConnected());
    }

    void connectionsAreCappedPerAddress()
    {
        m_coord.reset();
        CoordinatorOptions options;
        options.maxConnectionsPerAddress = 3;
        startCoordinator(options);
        std::vector<std::unique_ptr<test::RawPeer>> peers;
        for (int i = 0; i < 3; ++i) {
            peers.push_back(std::make_unique<test::RawPeer>());
            QVERIFY(peers.back()->openOwner(url(), m_tls.pin, m_ownerKey));
        }
        test::RawPeer fourth;
        QVERIFY(!fourth.connectTo(url(), m_tls.pin));
        QTRY_COMPARE(m_coord->connectionsRefused(), std::int64_t(1));
        peers.pop_back(); // a place comes free
        QTRY_COMPARE_WITH_TIMEOUT(m_coord->openConnections(), 2, 10000);
        test::RawPeer fifth;
        QVERIFY(fifth.openOwner(url(), m_tls.pin, m_ownerKey));
    }

    void aLargeFrameBeforeHelloClosesTheConnection()
    {
        test::RawPeer p;
        QVERIFY(p.connectTo(url(), m_tls.pin));
        p.ws.sendBinaryMessage(QByteArray(kMaxHelloFrameBytes + 1, '\xa0'));
        QTRY_VERIFY_WITH_TIMEOUT(p.closed, 10000);
    }

    void ownersMustSignTheirHello_data()
    {
        QTest::addColumn<int>("how");
        QTest::newRow("no owner key") << 0;
        QTest::newRow("another connection's nonce") << 1;
        QTest::newRow("signed for another coordinator") << 2;
    }
    void ownersMustSignTheirHello()
    {
        QFETCH(int, how);
        test::RawPeer p;
        QVERIFY(p.connectTo(url(), m_tls.pin));
        QCborMap hello {{"min", kProtocolMin}, {"max", kProtocolMax}, {"role", "owner"}};
        if (how > 0) {
            OwnerHello h;
            h.sign(m_ownerKey, how == 2 ? QByteArray(32, '\x01') : p.pin(),
                how == 1 ? QByteArray(kNonceBytes, '\x02') : p.nonce);
            hello.insert(QStringLiteral("owner"), h.toCbor());
        }
        p.send(QStringLiteral("hello"), hello);
        const auto error = p.waitFor(QStringLiteral("error"));
        QVERIFY(error);
        QCOMPARE(error->text("code"), QStringLiteral("unauthorized"));
        QTRY_VERIFY(p.closed);
    }

    void aNodeHelloCannotBeReplayedOrAltered_data()
    {
        QTest::addColumn<int>("how");
        QTest::newRow("replayed on a new connection") << 0;
        QTest::newRow("kernels changed") << 1;
        QTest::newRow("slots changed") << 2;
        QTest::newRow("payout changed") << 3;
        QTest::newRow("a GPU added") << 4;
    }
    void aNodeHelloCannotBeReplayedOrAltered()
    {
        QFETCH(int, how);
        const auto identity = *Ed25519PrivateKey::generate();
        const auto session = *X25519PrivateKey::generate();
        test::RawPeer first;
        QVERIFY(first.connectTo(url(), m_tls.pin));
        NodeHello hello;
        hello.session = session.publicKey();
        hello.evidence = test::sealedTierEvidence(m_clock, identity.publicKey(), session.publicKey());
        hello.devices = {NodeDevice::cpu({QStringLiteral("bench.probe")})};
        hello.payout = QStringLiteral("UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U");
        hello.sign(identity, first.pin(), first.nonce);
        test::RawPeer second;
        QVERIFY(second.connectTo(url(), m_tls.pin));
        test::RawPeer& target = how == 0 ? second : first;
        if (how == 1) {
            hello.devices[0].kernels << QStringLiteral("ai.mlp");
        } else if (how == 2) {
            hello.devices[0].slotCount = 64;
        } else if (how == 3) {
            hello.payout = QStringLiteral("EQ_someone_else");
        } else if (how == 4) {
            hello.devices << NodeDevice {QStringLiteral("gpu0"), QStringLiteral("cuda"), QStringLiteral("GPU"),
                1ull << 34, {QStringLiteral("bench.probe")}, 4};
        }
        target.send(QStringLiteral("hello"),
            QCborMap {{"min", kProtocolMin}, {"max", kProtocolMax}, {"role", "node"}, {"node", hello.toCbor()}});
        const auto error = target.waitFor(QStringLiteral("error"));
        QVERIFY(error);
        QCOMPARE(error->text("code"), QStringLiteral("unauthorized"));
        QCOMPARE(m_coord->connectedNodes(), 0);
    }

    // --- 5. Only the owner controls its job -----------------------------------------------------

    void aStrangerCanNeitherFetchNorCancel()
    {
        Gate& held = gate();
        test::SimNodeOptions o;
        o.throttle = &held;
        auto& n = addNode("a", o);
        QVERIFY(waitConnected(n));
        QSignalSpy started(n.client.get(), &NodeClient::jobStarted);
        const QByteArray ownerSeed = randomSeed();
        OwnerClient owner(m_clock, url(), m_tls.pin);
        owner.setOwnerKey(*Ed25519PrivateKey::fromSeed(asBytes(ownerSeed)));
        std::optional<Expected<OwnerOutcome, NetError>> outcome;
        owner.run(probe(), [&](Expected<OwnerOutcome, NetError> r) { outcome.emplace(std::move(r)); });
        QVERIFY(started.wait(10000));
        const QByteArray job = started.first().at(0).toByteArray();
        test::RawPeer stranger;
        QVERIFY(stranger.openOwner(url(), m_tls.pin, m_ownerKey));
        stranger.send(QStringLiteral("fetch"), QCborMap {{"job", job}});
        const auto fetched = stranger.waitFor(QStringLiteral("job_failed"));
        QVERIFY(fetched);
        QCOMPARE(fetched->text("reason"), QStringLiteral("no job of yours with that id"));
        const qsizetype from = stranger.received.size();
        stranger.send(QStringLiteral("cancel"), QCborMap {{"job", job}, {"reason", "mine now"}});
        const auto cancelled = stranger.waitFor(QStringLiteral("job_failed"), from);
        QVERIFY(cancelled);
        QCOMPARE(cancelled->text("reason"), QStringLiteral("no job of yours with that id"));
        QCOMPARE(m_coord->jobCounts()["leased"], 1);
        held.open = true;
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(*outcome);
        // Nothing of the result reached the stranger.
        for (const Message& m : stranger.received) {
            QVERIFY(m.type != u"job_result" && m.type != u"job_progress");
        }
        // The owner's own key fetches it, from another connection.
        test::RawPeer again;
        QVERIFY(again.openOwner(url(), m_tls.pin, *Ed25519PrivateKey::fromSeed(asBytes(ownerSeed))));
        again.send(QStringLiteral("fetch"), QCborMap {{"job", job}});
        QVERIFY(again.waitFor(QStringLiteral("job_result")));
    }

    void progressFromAnotherNodeIsRefused()
    {
        Gate& held = gate();
        test::SimNodeOptions o;
        o.throttle = &held;
        auto& n = addNode("a", o);
        QVERIFY(waitConnected(n));
        QSignalSpy started(n.client.get(), &NodeClient::jobStarted);
        OwnerClient owner(m_clock, url(), m_tls.pin);
        QSignalSpy progress(&owner, &OwnerClient::progress);
        std::optional<Expected<OwnerOutcome, NetError>> outcome;
        owner.run(probe(), [&](Expected<OwnerOutcome, NetError> r) { outcome.emplace(std::move(r)); });
        QVERIFY(started.wait(10000));
        const QByteArray job = started.first().at(0).toByteArray();
        HandNode liar;
        QVERIFY(liar.peer.openNode(url(), m_tls.pin, m_clock, liar.identity, liar.session));
        liar.peer.send(QStringLiteral("progress"), QCborMap {{"job", job}, {"step", 999}, {"steps", 1000}});
        QTRY_COMPARE(m_coord->messagesRefused(), std::int64_t(1));
        held.open = true;
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        for (const auto& p : progress) {
            QVERIFY(p.at(0).toULongLong() != 999);
        }
    }

    // --- 6. Credit statements bind to the coordinator -------------------------------------------

    void aStatementSignedByAnotherKeyIsRefused()
    {
        RogueCoordinator rogue(m_tls);
        auto& n = *m_nodes.emplace_back(test::startNode(m_clock, rogue.url(), m_tls.pin, m_dir->filePath("n")));
        QSignalSpy alarm(n.client.get(), &NodeClient::coordinatorKeyAlarm);
        QVERIFY(rogue.waitFor(QStringLiteral("hello")));
        // The welcome names one key; the statement it carries is signed by another.
        const auto other = *Ed25519PrivateKey::generate();
        ledger::CreditStatement st;
        st.coordinatorKey = other.publicKey();
        st.nodeKey = n.identity.publicKey();
        st.seq = 1;
        st.jobs = 1000;
        st.units = 1000;
        st.nano = 1000000000000;
        rogue.welcome(coordKey().publicKey(), st.sign(other));
        QVERIFY(waitConnected(n));
        QTRY_COMPARE(alarm.size(), 1);
        QCOMPARE(n.ledger->totals()->creditedNano, 0);
    }

    void aCoordinatorThatChangesItsKeyIsAnAlarm()
    {
        auto& n = addNode("a");
        QVERIFY(waitConnected(n));
        QVERIFY(runOwner(probe()));
        QTRY_COMPARE(n.ledger->totals()->creditedJobs, 1);
        QSignalSpy alarm(n.client.get(), &NodeClient::coordinatorKeyAlarm);
        // Same address and TLS key, same database, another statement key.
        const quint16 port = m_coord->port();
        m_coord.reset();
        m_coordSeed = randomSeed();
        startCoordinator({}, port);
        QTRY_VERIFY_WITH_TIMEOUT(!alarm.isEmpty(), 15000);
        QVERIFY2(alarm.first().at(0).toString().contains("cocoonctl coordinator forget"),
            qPrintable(alarm.first().at(0).toString()));
        QCOMPARE(m_coord->connectedNodes(), 0); // no work is taken from it
        QCOMPARE(n.ledger->totals()->creditedJobs, 1);
        // The owner of the node says the key change is real: the next join pins the new key.
        QVERIFY(*n.ledger->forgetCoordinatorKey(QStringLiteral("127.0.0.1:%1").arg(port)));
        n.client->stop();
        n.client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_coord->connectedNodes(), 1, 15000);
    }

    // --- 9. Bounded strings, no-pin mode --------------------------------------------------------

    void hugeReasonsAreCutAndEscaped()
    {
        HandNode node;
        QVERIFY(node.peer.openNode(url(), m_tls.pin, m_clock, node.identity, node.session));
        OwnerClient owner(m_clock, url(), m_tls.pin);
        std::optional<Expected<OwnerOutcome, NetError>> outcome;
        OwnerRequest r = probe();
        r.maxNodes = 1;
        owner.run(r, [&](Expected<OwnerOutcome, NetError> o) { outcome.emplace(std::move(o)); });
        const auto offer = node.peer.waitFor(QStringLiteral("offer"));
        QVERIFY(offer);
        QString reason = QStringLiteral("\x1b[2J\x1b[31mFAKE LOG LINE\n[error] your wallet was emptied\r");
        reason += QString(1000000, u'A');
        node.peer.send(QStringLiteral("reject"), QCborMap {{"job", offer->bytes("job")}, {"reason", reason}});
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(!*outcome);
        const QString shown = outcome->error().message;
        QVERIFY2(shown.size() < 1000, qPrintable(QString::number(shown.size())));
        for (const QChar c : shown) {
            QVERIFY2(c.category() != QChar::Other_Control, qPrintable(shown.left(200)));
        }
        QVERIFY(shown.contains(QStringLiteral("\\u{001b}[2J")));
    }

    void joiningWithoutAPinTrustsTheCa()
    {
        const QString dir = m_dir->filePath(QStringLiteral("ca"));
        QDir().mkpath(dir);
        QProcess openssl;
        openssl.setWorkingDirectory(dir);
        openssl.start(QStringLiteral("bash"),
            {QStringLiteral("-c"),
                QStringLiteral(
                    "set -e; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key "
                    "-out ca.pem -subj '/CN=Cocoon Test CA' -days 2 -addext basicConstraints=critical,CA:TRUE "
                    "2>/dev/null; openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key "
                    "-out tls.csr -subj /CN=localhost 2>/dev/null; printf 'subjectAltName=IP:127.0.0.1,DNS:localhost' "
                    "> ext; openssl x509 -req -in tls.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tls.pem "
                    "-days 2 -extfile ext 2>/dev/null")});
        QVERIFY(openssl.waitForFinished(30000));
        if (openssl.exitCode() != 0) {
            QSKIP("the openssl command is not installed (scripts/install-deps.sh installs it)");
        }
        QFile caFile(dir + QStringLiteral("/ca.pem"));
        QVERIFY(caFile.open(QIODevice::ReadOnly));
        const auto ca = QSslCertificate::fromData(caFile.readAll(), QSsl::Pem);
        QCOMPARE(ca.size(), 1);
        m_coord.reset();
        m_tls = *loadTlsIdentity(dir + QStringLiteral("/tls.pem"), dir + QStringLiteral("/tls.key"));
        startCoordinator({});
        test::SimNodeOptions o;
        o.caCertificates = ca;
        auto& n = *m_nodes.emplace_back(test::startNode(m_clock, url(), {}, m_dir->filePath("n"), o));
        QVERIFY(waitConnected(n));
        OwnerClient owner(m_clock, url(), {});
        owner.setCaCertificates(ca);
        auto done = runOwner(probe(), &owner);
        QVERIFY2(done, done ? "" : qPrintable(done.error().message));
        QTRY_COMPARE(n.ledger->totals()->creditedJobs, 1);
        // Without the CA nothing vouches for the coordinator: no connection.
        auto& untrusting = *m_nodes.emplace_back(test::startNode(m_clock, url(), {}, m_dir->filePath("u")));
        QSignalSpy joined(untrusting.client.get(), &NodeClient::connected);
        QVERIFY(!joined.wait(3000));
    }

private:
    void startCoordinator(CoordinatorOptions options, quint16 port = 0)
    {
        options.dataDir = m_dir->filePath(QStringLiteral("coord"));
        options.port = port;
        options.heartbeat = std::chrono::milliseconds(200);
        m_coord = std::make_unique<Coordinator>(m_clock, options, m_tls, coordKey());
        auto ok = m_coord->start();
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message));
    }
    QUrl url() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_coord->port())); }
    Ed25519PrivateKey coordKey() const { return *Ed25519PrivateKey::fromSeed(asBytes(m_coordSeed)); }
    static QByteArray randomSeed()
    {
        QByteArray seed(32, Qt::Uninitialized);
        QRandomGenerator::global()->generate(seed.begin(), seed.end());
        return seed;
    }

    test::SimNode& addNode(const QString& name, const test::SimNodeOptions& o = {})
    {
        m_nodes.push_back(test::startNode(m_clock, url(), m_tls.pin, m_dir->filePath(name), o));
        return *m_nodes.back();
    }
    Gate& gate()
    {
        m_gates.push_back(std::make_unique<Gate>());
        return *m_gates.back();
    }
    static OwnerRequest probe() { return test::probeRequest(); }
    Expected<OwnerOutcome, NetError> runOwner(const OwnerRequest& r, OwnerClient* client = nullptr)
    {
        OwnerClient own(m_clock, url(), m_tls.pin);
        return test::runOwner(client ? *client : own, r);
    }
    /// A bench.probe job offered to a hand-played node by a hand-played owner, and the node's
    /// honest result for it (not sent yet).
    struct HandJob
    {
        HandNode node;
        test::RawPeer owner;
        QByteArray job;
        Message offer;
        jobs::JobResult honest;
    };
    bool startHandJob(HandJob& h)
    {
        if (!h.node.peer.openNode(url(), m_tls.pin, m_clock, h.node.identity, h.node.session)
            || !h.owner.openOwner(url(), m_tls.pin, m_ownerKey)) {
            return false;
        }
        const auto job = submitProbe(h.owner, h.node.session.publicKey(), h.node.identity.publicKey());
        const auto offer = h.node.peer.waitFor(QStringLiteral("offer"));
        if (!job || !offer) {
            return false;
        }
        h.job = *job;
        h.offer = *offer;
        h.honest = h.node.runHonestly(*offer, m_clock);
        return true;
    }
    /// Submits a bench.probe job sealed to a hand-played node; its id once submitted.
    std::optional<QByteArray> submitProbe(
        test::RawPeer& owner, const X25519PublicKey& session, const Ed25519PublicKey& node)
    {
        auto reply = *X25519PrivateKey::generate();
        auto job = jobs::prepareJob(QStringLiteral("bench.probe"), test::probeRequest().params, {}, session,
            reply.publicKey(), std::uint64_t(m_clock.nowUtc().toSecsSinceEpoch() + 600), 1);
        if (!job) {
            return std::nullopt;
        }
        const qsizetype from = owner.received.size();
        owner.send(QStringLiteral("submit"),
            QCborMap {{"node", toByteArray(node)}, {"manifest", job->manifestBytes}, {"input", job->sealedInput}});
        if (!owner.waitFor(QStringLiteral("submitted"), from)) {
            return std::nullopt;
        }
        return toByteArray(job->manifest.jobId);
    }
    static jobs::Manifest job_manifest(const Message& offer)
    {
        return *jobs::Manifest::decode(offer.bytes("manifest"));
    }
    /// A masked client-to-server WebSocket binary frame (RFC 6455 §5.2), for the client that
    /// writes frames by hand.
    static QByteArray clientFrame(const QByteArray& payload)
    {
        QByteArray f;
        f.append(char(0x82));
        if (payload.size() < 126) {
            f.append(char(0x80 | payload.size()));
        } else {
            f.append(char(0x80 | 126));
            f.append(char(payload.size() >> 8));
            f.append(char(payload.size() & 0xff));
        }
        const char mask[4] = {0x11, 0x22, 0x33, 0x44};
        f.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i) {
            f.append(char(payload[i] ^ mask[i % 4]));
        }
        return f;
    }

    test::OffsetClock m_clock;
    std::optional<QTemporaryDir> m_dir;
    TlsIdentity m_tls;
    QByteArray m_coordSeed; ///< the coordinator's statement key survives its restarts
    Ed25519PrivateKey m_ownerKey = *Ed25519PrivateKey::generate();
    std::unique_ptr<Coordinator> m_coord;
    std::vector<std::unique_ptr<test::SimNode>> m_nodes;
    std::vector<std::unique_ptr<Gate>> m_gates;
};

QTEST_GUILESS_MAIN(TestNetworkTrust)
#include "TestNetworkTrust.moc"
