#include "net/Coordinator.h"

#include "attest/EvidenceBundle.h"
#include "common/Bytes.h"
#include "common/Hex.h"
#include "common/Logging.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"
#include "ledger/CreditStatement.h"
#include "net/Handshake.h"

#include <QCborArray>
#include <QDir>
#include <QSet>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <set>
#include <tuple>

namespace cocoon::net {

namespace {

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs(job_id BLOB PRIMARY KEY, node BLOB NOT NULL, kernel TEXT NOT NULL,
    manifest BLOB NOT NULL, input BLOB NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER NOT NULL DEFAULT 0, output BLOB, receipt BLOB, reason TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state, node);
CREATE TABLE IF NOT EXISTS credits(node BLOB PRIMARY KEY, seq INTEGER NOT NULL, jobs INTEGER NOT NULL,
    units INTEGER NOT NULL, nano INTEGER NOT NULL, statement BLOB NOT NULL);
)sql";

std::shared_ptr<spdlog::logger> logger()
{
    return log::get("net");
}

std::string hexId(const QByteArray& b)
{
    return b.toHex().left(16).toStdString();
}

} // namespace

struct Coordinator::Peer
{
    enum class Role { None, Node, Owner };
    QWebSocket* ws = nullptr;
    Role role = Role::None;
    Clock::Monotonic lastSeen {};
    // Nodes:
    QByteArray identity;
    QByteArray session;
    QByteArray evidence;
    QString tier;
    QStringList kernels;
    int capacity = 1;
    int busy = 0;
    QString state = QStringLiteral("running");
    QString reason;
    QSet<QByteArray> cancelling; ///< jobs cancelled while this node held them, until it stops them
    std::uint64_t listed = 0; ///< the owners' list round in which this node was last offered
};

Coordinator::Coordinator(
    const Clock& clock, CoordinatorOptions options, TlsIdentity tls, Ed25519PrivateKey signingKey, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_tls(std::move(tls))
    , m_key(std::move(signingKey))
{
    connect(&m_timer, &QTimer::timeout, this, &Coordinator::tick);
}

Coordinator::~Coordinator()
{
    // Deleted now, not later: each one's transport socket belongs to m_listener, which goes
    // with this object.
    auto peers = std::move(m_peers);
    for (auto& [ws, peer] : peers) {
        ws->disconnect(this);
        ws->abort();
        delete ws;
    }
}

Expected<void, NetError> Coordinator::start()
{
    QDir().mkpath(m_options.dataDir);
    auto db = sqlite::Database::open(QDir(m_options.dataDir).filePath(QStringLiteral("coordinator.sqlite")));
    if (!db) {
        return unexpected(netError(NetErrc::Storage, db.error().message));
    }
    m_db.emplace(std::move(*db));
    if (auto e = m_db->exec(kSchema); !e) {
        return unexpected(netError(NetErrc::Storage, e.error().message));
    }
    // Jobs that were leased when the coordinator stopped go back to the queue (the node resends a
    // finished result after reconnecting; a receipt already credited is never credited again).
    (void)m_db->run("UPDATE jobs SET state = 'queued' WHERE state = 'leased'", {});

    // TLS is terminated by a QSslServer of our own and the encrypted sockets handed to the
    // WebSocket server, so each one can be set to send frames at once (TCP_NODELAY), which
    // QWebSocketServer's own secure mode gives no access to.
    m_server
        = std::make_unique<QWebSocketServer>(QStringLiteral("cocoon-coordinator"), QWebSocketServer::NonSecureMode);
    connect(m_server.get(), &QWebSocketServer::newConnection, this, &Coordinator::accept);
    m_listener = std::make_unique<QSslServer>();
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(m_tls.certificate);
    ssl.setPrivateKey(m_tls.key);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_listener->setSslConfiguration(ssl);
    m_listener->setMaxPendingConnections(1024);
    connect(m_listener.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket* socket = m_listener->nextPendingConnection()) {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_server->handleConnection(socket);
        }
    });
    if (!m_listener->listen(m_options.address, m_options.port)) {
        return unexpected(netError(NetErrc::Closed,
            QStringLiteral("cannot listen on %1:%2: %3")
                .arg(m_options.address.toString())
                .arg(m_options.port)
                .arg(m_listener->errorString())));
    }
    if (m_options.metrics) {
        m_metrics = std::make_unique<QTcpServer>();
        connect(m_metrics.get(), &QTcpServer::newConnection, this, &Coordinator::serveMetrics);
        if (!m_metrics->listen(QHostAddress::LocalHost, m_options.metricsPort)) {
            return unexpected(netError(NetErrc::Closed,
                QStringLiteral("cannot serve metrics on 127.0.0.1:%1: %2")
                    .arg(m_options.metricsPort)
                    .arg(m_metrics->errorString())));
        }
    }
    m_timer.start(m_options.tick);
    logger()->info("coordinator listening on {}:{}, key pin {}", m_options.address.toString().toStdString(), port(),
        m_tls.pin.toStdString());
    return {};
}

quint16 Coordinator::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

quint16 Coordinator::metricsPort() const
{
    return m_metrics ? m_metrics->serverPort() : 0;
}

int Coordinator::connectedNodes() const
{
    int n = 0;
    for (const auto& [ws, p] : m_peers) {
        n += p->role == Peer::Role::Node ? 1 : 0;
    }
    return n;
}

std::map<QString, std::int64_t> Coordinator::jobCounts()
{
    std::map<QString, std::int64_t> out;
    auto q = m_db->query("SELECT state, count(*) FROM jobs GROUP BY state", {});
    if (q) {
        for (auto row = q->step(); row && *row; row = q->step()) {
            out[q->text(0)] = q->int64(1);
        }
    }
    return out;
}

void Coordinator::accept()
{
    while (QWebSocket* ws = m_server->nextPendingConnection()) {
        ws->setMaxAllowedIncomingFrameSize(quint64(kMaxFrameBytes));
        ws->setMaxAllowedIncomingMessageSize(quint64(kMaxFrameBytes));
        auto peer = std::make_unique<Peer>();
        peer->ws = ws;
        peer->lastSeen = m_clock.monotonic();
        m_peers[ws] = std::move(peer);
        connect(ws, &QWebSocket::binaryMessageReceived, this, [this, ws](const QByteArray& f) { onFrame(ws, f); });
        connect(ws, &QWebSocket::textMessageReceived, this, [this, ws](const QString&) {
            dropPeer(ws, netError(NetErrc::Malformed, QStringLiteral("text frames are not part of the protocol")));
        });
        connect(ws, &QWebSocket::disconnected, this, [this, ws] {
            const auto it = m_peers.find(ws);
            if (it == m_peers.end()) {
                return;
            }
            if (it->second->role == Peer::Role::Node) {
                logger()->info("node {} disconnected", hexId(it->second->identity));
                if (const auto n = m_nodes.find(it->second->identity);
                    n != m_nodes.end() && n->second == it->second.get()) {
                    m_nodes.erase(n);
                }
            }
            for (auto o = m_owners.begin(); o != m_owners.end();) {
                o = o->second == ws ? m_owners.erase(o) : std::next(o);
            }
            m_peers.erase(it);
            ws->deleteLater();
        });
    }
}

void Coordinator::send(QWebSocket* ws, const QByteArray& frame)
{
    ws->sendBinaryMessage(frame);
}

void Coordinator::dropPeer(QWebSocket* ws, const NetError& why)
{
    ++m_framesRejected;
    logger()->warn("closing a connection: {}", why.message.toStdString());
    ws->sendBinaryMessage(encodeError(why));
    ws->flush();
    ws->close(QWebSocketProtocol::CloseCodePolicyViolated, why.message.left(100));
}

void Coordinator::onFrame(QWebSocket* ws, const QByteArray& frame)
{
    const auto it = m_peers.find(ws);
    if (it == m_peers.end()) {
        return;
    }
    Peer& p = *it->second;
    p.lastSeen = m_clock.monotonic();
    auto m = decodeMessage(frame);
    if (!m) {
        return dropPeer(ws, m.error());
    }
    if (p.role == Peer::Role::None) {
        if (m->type != u"hello") {
            return dropPeer(ws, netError(NetErrc::Malformed, QStringLiteral("the first message must be 'hello'")));
        }
        return handleHello(p, *m);
    }
    if (p.role == Peer::Role::Node) {
        return handleNode(p, *m);
    }
    handleOwner(p, *m);
}

void Coordinator::handleHello(Peer& p, const Message& m)
{
    const std::uint64_t lo = m.uint("min"), hi = m.uint("max");
    if (lo > std::uint64_t(kProtocolMax) || hi < std::uint64_t(kProtocolMin) || lo > hi) {
        return dropPeer(p.ws,
            netError(NetErrc::Version,
                QStringLiteral("no protocol version in common: peer speaks %1..%2, this "
                               "coordinator %3..%4")
                    .arg(lo)
                    .arg(hi)
                    .arg(kProtocolMin)
                    .arg(kProtocolMax)));
    }
    const QString role = m.text("role");
    QCborMap welcome;
    welcome.insert(QStringLiteral("version"), kProtocolMax);
    welcome.insert(QStringLiteral("session"), toByteArray(jobs::Manifest::newJobId()));
    welcome.insert(QStringLiteral("heartbeat_ms"), qint64(m_options.heartbeat.count()));
    welcome.insert(QStringLiteral("timeout_ms"), qint64(m_options.timeout.count()));
    welcome.insert(QStringLiteral("coordinator"), toByteArray(m_key.publicKey()));
    QCborMap prices;
    prices.insert(QStringLiteral("*"), qint64(m_options.pricePerUnitNano));
    welcome.insert(QStringLiteral("prices"), prices);
    if (role == u"owner") {
        p.role = Peer::Role::Owner;
        return send(p.ws, encodeMessage(QStringLiteral("welcome"), welcome));
    }
    if (role != u"node" || !m.has("node")) {
        return dropPeer(
            p.ws, netError(NetErrc::Malformed, QStringLiteral("hello: role must be 'node' (with 'node') or 'owner'")));
    }
    auto hello = NodeHello::fromCbor(m.body.value(QStringLiteral("node")).toMap());
    if (!hello) {
        return dropPeer(p.ws, hello.error());
    }
    if (!hello->verify(QByteArray::fromHex(m_tls.pin.toLatin1()))) {
        return dropPeer(p.ws,
            netError(NetErrc::Unauthorized,
                QStringLiteral("the hello's signature does not verify with the identity it names")));
    }
    auto bundle = attest::EvidenceBundle::decode(hello->evidence);
    if (!bundle) {
        return dropPeer(p.ws, netError(NetErrc::Refused, bundle.error().message));
    }
    attest::BundleExpectations expect;
    expect.identity = hello->identity;
    expect.session = hello->session;
    expect.nowMs = std::uint64_t(nowMs());
    const attest::BundleVerdict verdict = attest::verifyBundle(*bundle, expect);
    if (!verdict.valid) {
        return dropPeer(p.ws,
            netError(
                NetErrc::Refused, QStringLiteral("evidence refused: ") + verdict.reasons.join(QStringLiteral("; "))));
    }
    const QByteArray identity = toByteArray(hello->identity);
    if (Peer* old = nodePeer(identity)) {
        old->role = Peer::Role::None; // before closing: close() may delete it
        old->identity.clear();
        m_nodes.erase(identity);
        dropPeer(old->ws, netError(NetErrc::Refused, QStringLiteral("the same node connected again")));
    }
    p.role = Peer::Role::Node;
    p.identity = identity;
    m_nodes[identity] = &p;
    p.session = toByteArray(hello->session);
    p.evidence = hello->evidence;
    p.tier = jobs::tierName(verdict.tier);
    p.kernels = hello->kernels;
    p.capacity = hello->capacity;
    const QByteArray statement = statementFor(identity);
    if (!statement.isEmpty()) {
        welcome.insert(QStringLiteral("statement"), statement);
    }
    send(p.ws, encodeMessage(QStringLiteral("welcome"), welcome));
    logger()->info("node {} joined: tier {}, kernels {}", hexId(identity), p.tier.toStdString(),
        p.kernels.join(u',').toStdString());
    emit nodeJoined(identity);
    dispatch(p);
}

Coordinator::Peer* Coordinator::nodePeer(const QByteArray& identity)
{
    const auto it = m_nodes.find(identity);
    return it == m_nodes.end() ? nullptr : it->second;
}

QByteArray Coordinator::statementFor(const QByteArray& node)
{
    auto q = m_db->query("SELECT statement FROM credits WHERE node = ?1", {node});
    if (q && *q->step()) {
        return q->blob(0);
    }
    return {};
}

void Coordinator::handleNode(Peer& p, const Message& m)
{
    const QByteArray job = m.bytes("job");
    if (m.type == u"heartbeat") {
        p.state = m.text("state");
        p.reason = m.text("reason");
        // Capacity is what the hello declared: 'free' was counted before the offers still in
        // flight reached the node, so free + busy would overbook it.
        // A node that keeps talking keeps its leases (an idle node has none to extend).
        if (p.busy > 0) {
            (void)m_db->run("UPDATE jobs SET lease_until = ?1 WHERE node = ?2 AND state = 'leased'",
                {nowMs() + std::int64_t(m_options.lease.count()), p.identity});
        }
        return dispatch(p);
    }
    if (m.type == u"accept") {
        return;
    }
    if (m.type == u"progress") {
        (void)m_db->run("UPDATE jobs SET lease_until = ?1 WHERE job_id = ?2 AND node = ?3 AND state = 'leased'",
            {nowMs() + std::int64_t(m_options.lease.count()), job, p.identity});
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        f.insert(QStringLiteral("state"), QStringLiteral("running"));
        f.insert(QStringLiteral("step"), qint64(m.uint("step")));
        f.insert(QStringLiteral("steps"), qint64(m.uint("steps")));
        return notifyOwner(job, encodeMessage(QStringLiteral("job_progress"), f));
    }
    if (m.type == u"reject" || m.type == u"failed") {
        auto q = m_db->query("SELECT state FROM jobs WHERE job_id = ?1 AND node = ?2", {job, p.identity});
        const QString state = q && *q->step() ? q->text(0) : QString();
        if (state == u"leased") {
            p.busy = std::max(0, p.busy - 1);
            finishJob(job, QStringLiteral("failed"),
                QStringLiteral("the node %1: %2")
                    .arg(m.type == u"reject" ? "refused the job" : "failed", m.text("reason")));
        } else if (state == u"cancelled" && p.cancelling.remove(job)) {
            p.busy = std::max(0, p.busy - 1); // the node has stopped it: its slot is free again
        }
        return dispatch(p);
    }
    if (m.type == u"result") {
        const QByteArray output = m.bytes("output");
        const QByteArray receiptBytes = m.bytes("receipt");
        auto q
            = m_db->query("SELECT state, manifest, input FROM jobs WHERE job_id = ?1 AND node = ?2", {job, p.identity});
        if (!q || !*q->step()) {
            // Unknown here (this coordinator lost it, or it was never ours): nothing is credited;
            // the ack stops redelivery and the statement shows the node what was credited.
            QCborMap f;
            f.insert(QStringLiteral("job"), job);
            f.insert(QStringLiteral("statement"), statementFor(p.identity));
            logger()->warn("result for unknown job {} from node {}", hexId(job), hexId(p.identity));
            return send(p.ws, encodeMessage(QStringLiteral("ack"), f));
        }
        const QString state = q->text(0);
        const QByteArray manifestBytes = q->blob(1);
        const QByteArray input = q->blob(2);
        // A result for a job cancelled after it reached the node is still the node's work, done in
        // good faith before the cancel arrived: it is checked and credited like any other.
        const bool held = state == u"leased" || (state == u"cancelled" && p.cancelling.remove(job));
        if (state == u"done") {
            QCborMap f; // a redelivery after a lost ack: acknowledged again, credited once
            f.insert(QStringLiteral("job"), job);
            f.insert(QStringLiteral("statement"), statementFor(p.identity));
            return send(p.ws, encodeMessage(QStringLiteral("ack"), f));
        }
        auto receipt = jobs::Receipt::verify(receiptBytes);
        const auto manifest = jobs::Manifest::decode(manifestBytes);
        QString wrong;
        if (!receipt) {
            wrong = receipt.error().message;
        } else if (toByteArray(receipt->jobId) != job || toByteArray(receipt->nodeKey) != p.identity) {
            wrong = QStringLiteral("the receipt names another job or node");
        } else if (!manifest || receipt->manifestHash != manifest->hash() || receipt->inputHash != sha256(input)
            || receipt->outputHash != sha256(output)) {
            wrong = QStringLiteral("the receipt does not cover this job's manifest, input and output");
        } else if (receipt->priceNano != manifest->priceFor(receipt->units)) {
            wrong = QStringLiteral("the receipt's price does not follow the manifest's terms");
        }
        if (!wrong.isEmpty()) {
            logger()->warn("refused a result from node {}: {}", hexId(p.identity), wrong.toStdString());
            p.busy = held ? std::max(0, p.busy - 1) : p.busy;
            finishJob(job, QStringLiteral("failed"), QStringLiteral("the node's result was refused: ") + wrong);
            return dispatch(p);
        }
        // Store the result and credit the node in one transaction.
        sqlite::Transaction tx(*m_db);
        std::int64_t seq = 0, jobsDone = 0, units = 0, nano = 0;
        if (auto c = m_db->query("SELECT seq, jobs, units, nano FROM credits WHERE node = ?1", {p.identity});
            c && *c->step()) {
            seq = c->int64(0);
            jobsDone = c->int64(1);
            units = c->int64(2);
            nano = c->int64(3);
        }
        ledger::CreditStatement st;
        st.coordinatorKey = m_key.publicKey();
        std::copy(p.identity.begin(), p.identity.end(), st.nodeKey.begin());
        st.seq = std::uint64_t(seq + 1);
        st.jobs = std::uint64_t(jobsDone + 1);
        st.units = std::uint64_t(units) + receipt->units;
        st.nano = std::uint64_t(nano) + receipt->priceNano;
        st.issuedMs = std::uint64_t(nowMs());
        const QByteArray signedStatement = st.sign(m_key);
        const bool stored = tx.started()
            && m_db->run("UPDATE jobs SET state = 'done', output = ?1, receipt = ?2, input = x'', updated_ms = ?3, "
                         "reason = '' WHERE job_id = ?4",
                {output, receiptBytes, nowMs(), job})
            && m_db->run("INSERT INTO credits(node, seq, jobs, units, nano, statement) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                         "ON CONFLICT(node) DO UPDATE SET seq = excluded.seq, jobs = excluded.jobs, units = "
                         "excluded.units, nano = excluded.nano, statement = excluded.statement",
                {p.identity, std::int64_t(st.seq), std::int64_t(st.jobs), std::int64_t(st.units), std::int64_t(st.nano),
                    signedStatement})
            && tx.commit();
        if (!stored) {
            logger()->error("could not store the result of job {}", hexId(job));
            return; // no ack: the node sends it again
        }
        p.busy = held ? std::max(0, p.busy - 1) : p.busy;
        QCborMap r;
        r.insert(QStringLiteral("job"), job);
        r.insert(QStringLiteral("output"), output);
        r.insert(QStringLiteral("receipt"), receiptBytes);
        notifyOwner(job, encodeMessage(QStringLiteral("job_result"), r));
        emit jobDone(job);
        if (m_lostAcks > 0) {
            --m_lostAcks;
            p.ws->abort();
            return;
        }
        QCborMap ack;
        ack.insert(QStringLiteral("job"), job);
        ack.insert(QStringLiteral("statement"), signedStatement);
        send(p.ws, encodeMessage(QStringLiteral("ack"), ack));
        return dispatch(p);
    }
    dropPeer(p.ws, netError(NetErrc::Malformed, QStringLiteral("'%1' is not a message a node sends").arg(m.type)));
}

void Coordinator::handleOwner(Peer& p, const Message& m)
{
    if (m.type == u"nodes") {
        // The coordinator routes: of the nodes that offer the kernel at the tier asked for, the
        // owner is shown the best few — running before paused, most free capacity, least loaded,
        // and among equals the one offered longest ago — so owners spread over the network.
        const QString kernel = m.text("kernel");
        const bool confidentialOnly = m.text("min_tier") == u"confidential";
        const std::size_t limit = std::clamp<std::uint64_t>(m.has("limit") ? m.uint("limit") : 16, 1, 256);
        std::vector<Peer*> eligible;
        for (const auto& [identity, n] : m_nodes) {
            if ((kernel.isEmpty() || n->kernels.contains(kernel))
                && (!confidentialOnly || n->tier == u"confidential")) {
                eligible.push_back(n);
            }
        }
        const auto rank = [](const Peer* n) {
            return std::tuple(n->state != u"running", -std::max(0, n->capacity - n->busy), n->busy, n->listed);
        };
        const std::size_t shown = std::min(limit, eligible.size());
        std::partial_sort(eligible.begin(), eligible.begin() + std::ptrdiff_t(shown), eligible.end(),
            [&](const Peer* a, const Peer* b) { return rank(a) < rank(b); });
        ++m_listRound;
        QCborArray list;
        for (std::size_t i = 0; i < shown; ++i) {
            Peer* n = eligible[i];
            n->listed = m_listRound;
            QCborMap e;
            e.insert(QStringLiteral("identity"), n->identity);
            e.insert(QStringLiteral("session"), n->session);
            e.insert(QStringLiteral("evidence"), n->evidence);
            e.insert(QStringLiteral("tier"), n->tier);
            e.insert(QStringLiteral("kernels"), QCborArray::fromStringList(n->kernels));
            e.insert(QStringLiteral("free"), qint64(std::max(0, n->capacity - n->busy)));
            e.insert(QStringLiteral("state"), n->state);
            list.append(e);
        }
        QCborMap f;
        f.insert(QStringLiteral("nodes"), list);
        return send(p.ws, encodeMessage(QStringLiteral("node_list"), f));
    }
    if (m.type == u"cancel") {
        return cancelJob(p, m.bytes("job"), m.text("reason"));
    }
    if (m.type == u"submit") {
        const QByteArray node = m.bytes("node");
        const QByteArray manifestBytes = m.bytes("manifest");
        auto manifest = jobs::Manifest::decode(manifestBytes);
        const auto refuse = [&](const QByteArray& job, const QString& why) {
            QCborMap f;
            f.insert(QStringLiteral("job"), job.size() == kJobIdBytes ? job : QByteArray(kJobIdBytes, '\0'));
            f.insert(QStringLiteral("reason"), why);
            send(p.ws, encodeMessage(QStringLiteral("job_failed"), f));
        };
        if (!manifest) {
            return refuse({}, QStringLiteral("the manifest was refused: ") + manifest.error().message);
        }
        const QByteArray job = toByteArray(manifest->jobId);
        Peer* target = nodePeer(node);
        if (!target) {
            return refuse(job, QStringLiteral("that node is not connected"));
        }
        if (!target->kernels.contains(manifest->kernel)) {
            return refuse(job, QStringLiteral("that node does not offer %1").arg(manifest->kernel));
        }
        if (manifest->minTier == jobs::Tier::Confidential && target->tier != u"confidential") {
            return refuse(
                job, QStringLiteral("that node's tier is %1, the job asks for confidential").arg(target->tier));
        }
        // The job and its lease (when the node has room) are committed together: one sync.
        sqlite::Transaction tx(*m_db);
        if (!m_db->run("INSERT INTO jobs(job_id, node, kernel, manifest, input, state, created_ms, updated_ms) VALUES "
                       "(?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?6)",
                {job, node, manifest->kernel, manifestBytes, m.bytes("input"), nowMs()})) {
            return refuse(job, QStringLiteral("a job with this id exists already"));
        }
        std::vector<QByteArray> offers;
        dispatch(*target, &offers);
        if (!tx.commit()) {
            target->busy -= int(offers.size());
            return refuse(job, QStringLiteral("the coordinator could not store the job"));
        }
        m_owners[job] = p.ws;
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        send(p.ws, encodeMessage(QStringLiteral("submitted"), f));
        for (const QByteArray& offer : offers) {
            send(target->ws, offer);
        }
        return;
    }
    if (m.type == u"fetch") {
        const QByteArray job = m.bytes("job");
        m_owners[job] = p.ws;
        auto q = m_db->query("SELECT state, output, receipt, reason FROM jobs WHERE job_id = ?1", {job});
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        if (!q || !*q->step()) {
            f.insert(QStringLiteral("reason"), QStringLiteral("no such job"));
            return send(p.ws, encodeMessage(QStringLiteral("job_failed"), f));
        }
        const QString state = q->text(0);
        if (state == u"done") {
            f.insert(QStringLiteral("output"), q->blob(1));
            f.insert(QStringLiteral("receipt"), q->blob(2));
            return send(p.ws, encodeMessage(QStringLiteral("job_result"), f));
        }
        if (state == u"failed") {
            f.insert(QStringLiteral("reason"), q->text(3));
            return send(p.ws, encodeMessage(QStringLiteral("job_failed"), f));
        }
        f.insert(QStringLiteral("state"), state);
        f.insert(QStringLiteral("step"), 0);
        f.insert(QStringLiteral("steps"), 0);
        return send(p.ws, encodeMessage(QStringLiteral("job_progress"), f));
    }
    dropPeer(p.ws, netError(NetErrc::Malformed, QStringLiteral("'%1' is not a message an owner sends").arg(m.type)));
}

void Coordinator::notifyOwner(const QByteArray& jobId, const QByteArray& frame)
{
    const auto it = m_owners.find(jobId);
    if (it != m_owners.end() && m_peers.count(it->second)) {
        send(it->second, frame);
    }
}

void Coordinator::finishJob(const QByteArray& jobId, const QString& state, const QString& reason)
{
    (void)m_db->run("UPDATE jobs SET state = ?1, reason = ?2, input = x'', updated_ms = ?3 WHERE job_id = ?4",
        {state, reason, nowMs(), jobId});
    QCborMap f;
    f.insert(QStringLiteral("job"), jobId);
    f.insert(QStringLiteral("reason"), reason);
    notifyOwner(jobId, encodeMessage(QStringLiteral("job_failed"), f));
}

void Coordinator::dispatch(Peer& node, std::vector<QByteArray>* held)
{
    if (node.role != Peer::Role::Node || node.state == u"paused" || node.busy >= node.capacity) {
        return;
    }
    auto q = m_db->query("SELECT job_id, manifest, input FROM jobs WHERE node = ?1 AND state = 'queued' "
                         "ORDER BY created_ms LIMIT ?2",
        {node.identity, std::int64_t(node.capacity - node.busy)});
    if (!q) {
        return;
    }
    std::vector<std::tuple<QByteArray, QByteArray, QByteArray>> offers;
    for (auto row = q->step(); row && *row; row = q->step()) {
        offers.emplace_back(q->blob(0), q->blob(1), q->blob(2));
    }
    for (const auto& [job, manifest, input] : offers) {
        if (!m_db->run("UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_until = ?1, updated_ms = "
                       "?2 WHERE job_id = ?3",
                {nowMs() + std::int64_t(m_options.lease.count()), nowMs(), job})) {
            continue;
        }
        ++node.busy;
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        f.insert(QStringLiteral("manifest"), manifest);
        f.insert(QStringLiteral("input"), input);
        f.insert(QStringLiteral("lease_ms"), qint64(m_options.lease.count()));
        if (held) {
            held->push_back(encodeMessage(QStringLiteral("offer"), f));
        } else {
            send(node.ws, encodeMessage(QStringLiteral("offer"), f));
        }
    }
}

void Coordinator::cancelJob(Peer& owner, const QByteArray& jobId, const QString& reason)
{
    // Only the connection that submitted (or fetched) a job may cancel it: owners are anonymous,
    // and a job id alone is not a capability.
    const auto o = m_owners.find(jobId);
    auto q = m_db->query("SELECT state, node FROM jobs WHERE job_id = ?1", {jobId});
    if (o == m_owners.end() || o->second != owner.ws || !q || !*q->step()) {
        QCborMap f;
        f.insert(QStringLiteral("job"), jobId);
        f.insert(QStringLiteral("reason"), QStringLiteral("no job of yours with that id"));
        return send(owner.ws, encodeMessage(QStringLiteral("job_failed"), f));
    }
    const QString state = q->text(0);
    const QByteArray node = q->blob(1);
    if (state != u"queued" && state != u"leased") {
        return; // done or failed already: the owner has (or can fetch) that answer
    }
    const QString why = QStringLiteral("cancelled by its owner%1").arg(reason.isEmpty() ? QString() : ": " + reason);
    if (Peer* n = nodePeer(node); n && state == u"leased") {
        n->cancelling.insert(jobId);
        QCborMap f;
        f.insert(QStringLiteral("job"), jobId);
        f.insert(QStringLiteral("reason"), why);
        send(n->ws, encodeMessage(QStringLiteral("cancel"), f));
    }
    logger()->info("job {} {}", hexId(jobId), why.toStdString());
    finishJob(jobId, QStringLiteral("cancelled"), why);
}

void Coordinator::tick()
{
    // Silent connections are dropped.
    std::vector<QWebSocket*> silent;
    for (auto& [ws, p] : m_peers) {
        if (m_clock.monotonic() - p->lastSeen > m_options.timeout) {
            silent.push_back(ws);
        }
    }
    for (QWebSocket* ws : silent) {
        dropPeer(ws,
            netError(NetErrc::Timeout, QStringLiteral("no message for %1 s").arg(m_options.timeout.count() / 1000.0)));
        ws->abort();
    }
    // Expired leases: offered again while attempts remain, else failed (the owner seals again for
    // another node). Jobs queued for a node that stays away fail the same way.
    const std::int64_t now = nowMs();
    auto expired
        = m_db->query("SELECT job_id, node, attempts FROM jobs WHERE state = 'leased' AND lease_until < ?1", {now});
    std::vector<std::pair<QByteArray, std::int64_t>> leases;
    std::set<QByteArray> touched;
    for (auto row = expired ? expired->step() : Expected<bool, ledger::LedgerError>(false); row && *row;
         row = expired->step()) {
        leases.emplace_back(expired->blob(0), expired->int64(2));
        if (Peer* n = nodePeer(expired->blob(1))) {
            n->busy = std::max(0, n->busy - 1);
            touched.insert(n->identity);
        }
    }
    for (const auto& [job, attempts] : leases) {
        if (attempts >= m_options.maxAttempts) {
            finishJob(job, QStringLiteral("failed"),
                QStringLiteral("the node did not finish it within its lease, %1 times").arg(attempts));
        } else {
            (void)m_db->run("UPDATE jobs SET state = 'queued', updated_ms = ?1 WHERE job_id = ?2", {now, job});
        }
    }
    auto stale = m_db->query("SELECT job_id, node FROM jobs WHERE state = 'queued' AND updated_ms < ?1",
        {now - std::int64_t(m_options.lease.count())});
    std::vector<QByteArray> orphans;
    for (auto row = stale ? stale->step() : Expected<bool, ledger::LedgerError>(false); row && *row;
         row = stale->step()) {
        if (!nodePeer(stale->blob(1))) {
            orphans.push_back(stale->blob(0));
        }
    }
    for (const QByteArray& job : orphans) {
        finishJob(job, QStringLiteral("failed"), QStringLiteral("the node it was sealed to went offline"));
    }
    for (const QByteArray& identity : touched) {
        if (Peer* n = nodePeer(identity)) {
            dispatch(*n);
        }
    }
}

void Coordinator::serveMetrics()
{
    while (QTcpSocket* s = m_metrics->nextPendingConnection()) {
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        connect(s, &QTcpSocket::readyRead, this, [this, s] {
            if (!s->canReadLine()) {
                return;
            }
            const QByteArray line = s->readLine(1024);
            QByteArray body;
            QByteArray status = "200 OK";
            if (line.startsWith("GET /health ")) {
                body = "ok\n";
            } else if (line.startsWith("GET /metrics ")) {
                body += "# HELP cocoon_nodes_connected Nodes connected now.\n# TYPE cocoon_nodes_connected gauge\n";
                body += "cocoon_nodes_connected " + QByteArray::number(connectedNodes()) + "\n";
                body += "# HELP cocoon_jobs Jobs by state.\n# TYPE cocoon_jobs gauge\n";
                for (const auto& [state, n] : jobCounts()) {
                    body += "cocoon_jobs{state=\"" + state.toLatin1() + "\"} " + QByteArray::number(n) + "\n";
                }
                auto c = m_db->query("SELECT coalesce(sum(nano), 0), coalesce(sum(jobs), 0) FROM credits", {});
                const bool ok = c && *c->step();
                body += "# HELP cocoon_credited_nanoton Total credited to nodes.\n# TYPE cocoon_credited_nanoton "
                        "counter\n";
                body += "cocoon_credited_nanoton " + QByteArray::number(ok ? c->int64(0) : 0) + "\n";
                body += "# HELP cocoon_frames_rejected Connections closed for bad frames or timeouts.\n# TYPE "
                        "cocoon_frames_rejected counter\n";
                body += "cocoon_frames_rejected " + QByteArray::number(m_framesRejected) + "\n";
            } else {
                status = "404 Not Found";
                body = "not found\n";
            }
            s->write("HTTP/1.1 " + status + "\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            s->disconnectFromHost();
        });
    }
}

} // namespace cocoon::net
