// The worker protocol end to end on real TLS WebSockets over loopback, with real SQLite files:
// a coordinator, nodes and an owner in one process. Every kernel round-trips and matches the CPU
// reference; faults: a lost ack (redelivered, credited once), a coordinator restart (state kept),
// a coordinator that lost its state (the node flags the lower total), a wrong pin (refused), a
// tampered sealed input (refused by the node, owner told), bad frames (connection closed, server
// keeps serving), a node that dies mid-job (lease expires, the owner reseals for another node), an
// owner who cancels a running job, and the coordinator's ranking of nodes for owners.
#include "JobSamples.h"
#include "NetworkHarness.h"
#include "RawPeer.h"
#include "TestSupport.h"
#include "attest/EvidenceBundle.h"
#include "jobs/LocalRun.h"
#include "ledger/Ledger.h"
#include "net/Coordinator.h"
#include "net/DemoJobs.h"
#include "net/NodeClient.h"
#include "net/OwnerClient.h"

#include <QCborArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>

using namespace cocoon;
using namespace cocoon::net;

namespace {

using test::Gate;
using test::waitConnected;
using Node = test::SimNode;

} // namespace

class TestNetwork : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir.emplace();
        m_tls = *makeSelfSigned(QStringLiteral("test"), m_clock);
        m_coordSeed = QByteArray(32, Qt::Uninitialized);
        for (char& c : m_coordSeed) {
            c = char(QRandomGenerator::global()->generate());
        }
        startCoordinator(m_dir->filePath("coord"));
    }
    void cleanup()
    {
        m_nodes.clear();
        m_gates.clear(); // after the nodes that consult them
        m_coord.reset();
    }

    void everyKernelEndToEnd()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        std::int64_t expectedNano = 0;
        for (const test::Sample& s : test::samples()) {
            OwnerRequest r;
            r.kernel = s.kernel;
            r.params = s.params;
            r.input = s.input;
            r.pricePerUnitNano = 3;
            auto o = runOwner(r);
            QVERIFY2(o, o ? "" : qPrintable(s.kernel + ": " + o.error().message));
            auto ref = jobs::runLocal(s.typed, asBytes(s.input), kernels::Backend::Cpu, m_clock);
            QVERIFY(ref);
            QCOMPARE(o->output.toByteArray(), ref->output.toByteArray());
            QCOMPARE(o->receipt.kernel, s.kernel);
            QCOMPARE(o->receipt.priceNano, 3 * o->receipt.units); // what the owner offered
            expectedNano += std::int64_t(o->receipt.units); // what the coordinator credits: its price, 1
        }
        // The node's ledger: every receipt acknowledged and credited by a signed statement.
        QTRY_COMPARE(n.ledger->totals()->creditedNano, expectedNano);
        QCOMPARE(n.ledger->totals()->earnedNano, expectedNano);
        QCOMPARE(n.ledger->unackedJobs()->size(), 0);
        QCOMPARE(m_coord->jobCounts()["done"], std::int64_t(test::samples().size()));
    }

    void lostAckIsRedeliveredAndCreditedOnce()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        m_coord->injectLostAcks(1);
        auto o = runOwner(probe());
        QVERIFY2(o, o ? "" : qPrintable(o.error().message));
        // The node reconnects, sends the result again, and is acknowledged without a second credit.
        QTRY_COMPARE_WITH_TIMEOUT(n.ledger->unackedJobs()->size(), 0, 15000);
        QCOMPARE(n.ledger->totals()->creditedNano, std::int64_t(o->receipt.priceNano));
        QCOMPARE(n.ledger->totals()->creditedJobs, 1);
    }

    void coordinatorRestartKeepsState()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        auto first = runOwner(probe());
        QVERIFY(first);
        QTRY_COMPARE(n.ledger->unackedJobs()->size(), 0);
        // A result delivered while the coordinator goes down: stored, not acknowledged.
        m_coord->injectLostAcks(1);
        auto second = runOwner(probe());
        QVERIFY(second);
        const quint16 port = m_coord->port();
        m_coord.reset();
        startCoordinator(m_dir->filePath("coord"), port);
        QTRY_COMPARE_WITH_TIMEOUT(m_coord->connectedNodes(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(n.ledger->unackedJobs()->size(), 0, 15000);
        const std::int64_t both = std::int64_t(first->receipt.priceNano + second->receipt.priceNano);
        QCOMPARE(n.ledger->totals()->creditedNano, both);
        QCOMPARE(n.ledger->totals()->alarms, 0);
        auto third = runOwner(probe());
        QVERIFY(third);
        QTRY_COMPARE(n.ledger->totals()->creditedNano, both + std::int64_t(third->receipt.priceNano));
    }

    void coordinatorThatLostItsStateIsFlagged()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        QVERIFY(runOwner(probe()));
        QVERIFY(runOwner(probe()));
        QTRY_COMPARE(n.ledger->totals()->creditedJobs, 2);
        QSignalSpy rollback(n.client.get(), &NodeClient::coordinatorRollback);
        // Same keys, empty database: its next statement totals less than the one the node holds.
        const quint16 port = m_coord->port();
        m_coord.reset();
        startCoordinator(m_dir->filePath("coord-wiped"), port);
        QTRY_COMPARE_WITH_TIMEOUT(m_coord->connectedNodes(), 1, 15000);
        QVERIFY(runOwner(probe()));
        QTRY_VERIFY(!rollback.isEmpty());
        QVERIFY(rollback.first().at(0).toString().contains("less than"));
        QCOMPARE(n.ledger->totals()->alarms, 1);
        QCOMPARE(n.ledger->totals()->creditedJobs, 2); // the higher statement is kept
    }

    void wrongPinIsRefused()
    {
        Node& n = addNode("a", QString(64, '0'));
        QSignalSpy refused(n.client.get(), &NodeClient::refused);
        QVERIFY(refused.wait(10000));
        QVERIFY(refused.first().at(0).toString().contains("does not match the pin"));
        QCOMPARE(m_coord->connectedNodes(), 0);
        OwnerClient owner(m_clock, url(), QString(64, 'f'));
        auto o = runOwner(probe(), &owner);
        QVERIFY(!o);
        QVERIFY(o.error().message.contains("does not match the pin"));
    }

    void tamperedInputIsRefusedAndTheOwnerTold()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        auto reply = *X25519PrivateKey::generate();
        auto job = jobs::prepareJob(QStringLiteral("bench.probe"), probe().params, {}, n.session.publicKey(),
            reply.publicKey(), std::uint64_t(m_clock.nowUtc().toSecsSinceEpoch() + 600), 1);
        QVERIFY(job);
        test::RawPeer owner;
        QVERIFY(owner.openOwner(url(), m_tls.pin, m_ownerKey));
        const qsizetype from = owner.received.size();
        QCborMap submit;
        submit.insert(QStringLiteral("node"), toByteArray(n.identity.publicKey()));
        submit.insert(QStringLiteral("manifest"), job->manifestBytes);
        submit.insert(QStringLiteral("input"), test::flipped(job->sealedInput, job->sealedInput.size() - 5));
        owner.send(QStringLiteral("submit"), submit);
        const auto failed = owner.waitFor(QStringLiteral("job_failed"), from);
        QVERIFY(failed);
        QVERIFY2(failed->text("reason").contains("refused the job"), qPrintable(failed->text("reason")));
    }

    void badFramesCloseTheConnectionOnly_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("text");
        QTest::newRow("garbage") << QByteArray("\xff\x00\x13garbage", 10) << false;
        const QByteArray hello
            = encodeMessage(QStringLiteral("hello"), QCborMap {{"min", 1}, {"max", 1}, {"role", "owner"}});
        QTest::newRow("truncated") << hello.left(hello.size() - 1) << false;
        QTest::newRow("unknown type") << encodeMessage(QStringLiteral("gimme"), {}) << false;
        QTest::newRow("missing field") << encodeMessage(QStringLiteral("hello"), QCborMap {{"min", 1}}) << false;
        QTest::newRow("extra field") << encodeMessage(
            QStringLiteral("hello"), QCborMap {{"min", 1}, {"max", 1}, {"role", "owner"}, {"x", 1}})
                                     << false;
        QTest::newRow("not canonical") << QByteArray::fromHex("a1617463") + QByteArray("abc") << false;
        QTest::newRow("wrong version") << encodeMessage(
            QStringLiteral("hello"), QCborMap {{"min", 7}, {"max", 9}, {"role", "owner"}})
                                       << false;
        QTest::newRow("text frame") << QByteArray("hello") << true;
        QTest::newRow("oversized") << QByteArray(kMaxFrameBytes + 1, '\xa0') << false;
    }
    void badFramesCloseTheConnectionOnly()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, text);
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        QWebSocket ws;
        acceptPinnedCertificate(ws, m_tls.pin);
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        ws.open(QNetworkRequest(url()));
        QVERIFY(connected.wait(10000));
        if (text) {
            ws.sendTextMessage(QString::fromLatin1(frame));
        } else {
            ws.sendBinaryMessage(frame);
        }
        QVERIFY(closed.wait(20000));
        // The coordinator is unharmed and serves everyone else.
        QVERIFY(n.client->isConnected());
        auto o = runOwner(probe());
        QVERIFY2(o, o ? "" : qPrintable(o.error().message));
    }

    void nodeDiesMidJobAndTheOwnerMovesOn()
    {
        m_coord.reset();
        CoordinatorOptions options;
        options.lease = std::chrono::milliseconds(400);
        options.tick = std::chrono::milliseconds(50);
        startCoordinator(m_dir->filePath("coord-short"), 0, options);
        Gate held;
        Node& a = addNode("a", {}, &held);
        QVERIFY(waitConnected(a));
        QSignalSpy started(a.client.get(), &NodeClient::jobStarted);
        OwnerClient owner(m_clock, url(), m_tls.pin);
        std::optional<Expected<OwnerOutcome, NetError>> outcome;
        owner.run(probe(), [&](Expected<OwnerOutcome, NetError> o) { outcome.emplace(std::move(o)); });
        QVERIFY(started.wait(10000));
        // Another node joins; the first one dies holding the job.
        Node& b = addNode("b");
        QVERIFY(waitConnected(b));
        a.client.reset();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000);
        QVERIFY2(*outcome, *outcome ? "" : qPrintable(outcome->error().message));
        QCOMPARE((*outcome)->nodeIdentity, toByteArray(b.identity.publicKey()));
        QCOMPARE((*outcome)->nodesTried, 2);
        QTRY_COMPARE(b.ledger->totals()->creditedJobs, 1);
        QCOMPARE(a.ledger->totals()->jobs, 0);
        QCOMPARE(m_coord->jobCounts()["done"], 1);
    }

    void ownerCancelsAJobTheNodeIsRunning()
    {
        Gate& held = gate();
        Node& n = addNode("a", {}, &held);
        QVERIFY(waitConnected(n));
        QSignalSpy started(n.client.get(), &NodeClient::jobStarted);
        QSignalSpy finished(n.client.get(), &NodeClient::jobFinished);
        OwnerClient owner(m_clock, url(), m_tls.pin);
        std::optional<Expected<OwnerOutcome, NetError>> outcome;
        owner.run(probe(), [&](Expected<OwnerOutcome, NetError> o) { outcome.emplace(std::move(o)); });
        QVERIFY(started.wait(10000));
        const QByteArray job = started.first().at(0).toByteArray();

        // Someone else's key cannot cancel it: a job id is not a capability.
        test::RawPeer other;
        QVERIFY(other.openOwner(url(), m_tls.pin, m_ownerKey));
        other.send(QStringLiteral("cancel"), QCborMap {{"job", job}, {"reason", "mine"}});
        const auto refused = other.waitFor(QStringLiteral("job_failed"));
        QVERIFY(refused);
        QCOMPARE(refused->text("reason"), QStringLiteral("no job of yours with that id"));
        QCOMPARE(m_coord->jobCounts()["leased"], 1);

        owner.cancel(QStringLiteral("changed my mind"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(!*outcome);
        QCOMPARE(outcome->error().code, NetErrc::Cancelled);
        QVERIFY2(outcome->error().message.contains("changed my mind"), qPrintable(outcome->error().message));
        // The node stops the job where it stands and reports it; its slot is free again.
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(m_coord->jobCounts()["cancelled"], 1);
        held.open = true;
        auto next = runOwner(probe(), &owner); // the same owner connection, reused
        QVERIFY2(next, next ? "" : qPrintable(next.error().message));
        QCOMPARE(n.client->jobsRunning(), 0);
        QTRY_COMPARE(n.ledger->totals()->creditedJobs, 1); // nothing credited for the cancelled one
    }

    void coordinatorRanksAndRotatesNodes()
    {
        Node& a = addNode("a");
        Node& b = addNode("b");
        Node& c = addNode("c");
        QVERIFY(waitConnected(a) && waitConnected(b) && waitConnected(c));
        test::RawPeer owner;
        QVERIFY(owner.openOwner(url(), m_tls.pin, m_ownerKey));
        const auto list = [&](int limit) {
            const qsizetype from = owner.received.size();
            owner.send(QStringLiteral("nodes"),
                QCborMap {{"kernel", "bench.probe"}, {"min_tier", "sealed"}, {"limit", limit}});
            QList<QByteArray> ids;
            if (const auto reply = owner.waitFor(QStringLiteral("node_list"), from)) {
                for (const QCborValue& v : reply->body.value(QStringLiteral("nodes")).toArray()) {
                    ids.append(v.toMap().value(QStringLiteral("identity")).toByteArray());
                }
            }
            return ids;
        };
        QCOMPARE(list(2).size(), 2);
        QCOMPARE(list(100).size(), 3);
        // Equally ranked idle nodes take turns at the top of the list.
        QSet<QByteArray> firsts;
        for (int i = 0; i < 3; ++i) {
            const auto ids = list(1);
            QCOMPARE(ids.size(), 1);
            firsts.insert(ids.first());
        }
        QCOMPARE(firsts.size(), 3);
    }

    void demoGeneratorRunsEveryKernel()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        DemoJobGenerator demo(m_clock, url(), m_tls.pin, std::chrono::milliseconds(10));
        QSignalSpy failed(&demo, &DemoJobGenerator::jobFailed);
        QSet<QString> kernels;
        connect(&demo, &DemoJobGenerator::jobCompleted, this, [&](const QString& k) { kernels.insert(k); });
        demo.start();
        QTRY_VERIFY_WITH_TIMEOUT(demo.completed() >= 5, 30000);
        demo.stop();
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QCOMPARE(kernels.size(), 5);
    }

    void metricsAndHealth()
    {
        Node& n = addNode("a");
        QVERIFY(waitConnected(n));
        QVERIFY(runOwner(probe()));
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_coord->metricsPort());
        QVERIFY(s.waitForConnected(5000));
        s.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY(s.state() == QAbstractSocket::UnconnectedState || s.bytesAvailable() > 0);
        QByteArray body;
        while (s.waitForReadyRead(2000)) {
            body += s.readAll();
        }
        body += s.readAll();
        QVERIFY2(body.contains("cocoon_nodes_connected 1"), body.constData());
        QVERIFY(body.contains("cocoon_jobs{state=\"done\"} 1"));
        QVERIFY(body.contains("cocoon_results_refused 0"));
        QVERIFY(body.contains("cocoon_connections_refused 0"));
    }

private:
    void startCoordinator(const QString& dir, quint16 port = 0, CoordinatorOptions options = {})
    {
        options.dataDir = dir;
        options.port = port;
        options.heartbeat = std::chrono::milliseconds(200);
        m_coord = std::make_unique<Coordinator>(
            m_clock, options, m_tls, *Ed25519PrivateKey::fromSeed(asBytes(m_coordSeed)));
        auto ok = m_coord->start();
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message));
    }
    QUrl url() const { return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_coord->port())); }

    Node& addNode(const QString& name, QString pin = {}, jobs::Throttle* throttle = nullptr)
    {
        test::SimNodeOptions o;
        o.throttle = throttle;
        m_nodes.push_back(test::startNode(m_clock, url(), pin.isEmpty() ? m_tls.pin : pin, m_dir->filePath(name), o));
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

    SystemClock m_clock;
    Ed25519PrivateKey m_ownerKey = *Ed25519PrivateKey::generate(); ///< a stranger to every job in these tests
    std::optional<QTemporaryDir> m_dir;
    TlsIdentity m_tls;
    QByteArray m_coordSeed; ///< the coordinator's signing key survives its restarts
    std::unique_ptr<Coordinator> m_coord;
    std::vector<std::unique_ptr<Node>> m_nodes;
    std::vector<std::unique_ptr<Gate>> m_gates;
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "TestNetwork.moc"
