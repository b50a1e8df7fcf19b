#include "net/Coordinator.h"

#include "attest/EvidenceBundle.h"
#include "common/Bytes.h"
#include "common/Hex.h"
#include "common/Logging.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"
#include "ledger/CreditStatement.h"
#include "net/Handshake.h"
#include "net/JobChecks.h"
#include "wallet/Address.h"

#include <QCborArray>
#include <QDir>
#include <QHash>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSet>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <deque>
#include <set>
#include <tuple>

namespace cocoon::net {

namespace {

// Version 0 is the first release's schema; each later step is applied once and recorded in
// PRAGMA user_version.
const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs(job_id BLOB PRIMARY KEY, node BLOB NOT NULL, kernel TEXT NOT NULL,
    manifest BLOB NOT NULL, input BLOB NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER NOT NULL DEFAULT 0, output BLOB, receipt BLOB, reason TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state, node);
CREATE TABLE IF NOT EXISTS credits(node BLOB PRIMARY KEY, seq INTEGER NOT NULL, jobs INTEGER NOT NULL,
    units INTEGER NOT NULL, nano INTEGER NOT NULL, statement BLOB NOT NULL);
)sql";

// 0 -> 1: what a result is checked against, fixed at submit: the owner's key, the sealed input's
// hash (kept after the input is dropped), the metered units and the credit at this coordinator's
// price; and whether a cancel raced a lease (that node's result is still credited).
const char* kSchema1 = R"sql(
ALTER TABLE jobs ADD COLUMN owner BLOB;
ALTER TABLE jobs ADD COLUMN input_hash BLOB;
ALTER TABLE jobs ADD COLUMN units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN credit_nano INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN raced INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET state = 'failed', reason = 'submitted before this coordinator checked prices; submit it again',
    input = x'' WHERE state IN ('queued', 'leased');
PRAGMA user_version = 1;
)sql";

// 1 -> 2: the backend a job asks for ('any', 'cpu', 'cuda') and the device of the node it is leased
// to (each device of a node has its own slots).
const char* kSchema2 = R"sql(
ALTER TABLE jobs ADD COLUMN backend TEXT NOT NULL DEFAULT 'any';
ALTER TABLE jobs ADD COLUMN device TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 2;
)sql";

// 2 -> 3: payouts. Each node's payout address (from its latest hello), what has been paid to it on
// chain, and when it was last credited (idle nodes are paid smaller amounts); the settlement's
// batches (the persisted intent: seqno, deadline, the signed request) and their payments.
const char* kSchema3 = R"sql(
ALTER TABLE credits ADD COLUMN payout TEXT NOT NULL DEFAULT '';
ALTER TABLE credits ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE credits ADD COLUMN credited_ms INTEGER NOT NULL DEFAULT 0;
CREATE TABLE payout_batches(id INTEGER PRIMARY KEY, seqno INTEGER NOT NULL, valid_until INTEGER NOT NULL,
    body_hash TEXT NOT NULL, boc BLOB NOT NULL, state TEXT NOT NULL, created_ms INTEGER NOT NULL,
    sent_ms INTEGER NOT NULL DEFAULT 0, done_ms INTEGER NOT NULL DEFAULT 0, tx_hash TEXT NOT NULL DEFAULT '',
    tx_lt INTEGER NOT NULL DEFAULT 0, fee_nano INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '');
CREATE INDEX payout_batches_by_seqno ON payout_batches(seqno, state);
CREATE TABLE payout_items(batch INTEGER NOT NULL, node BLOB NOT NULL, address TEXT NOT NULL, nano INTEGER NOT NULL,
    state TEXT NOT NULL, PRIMARY KEY(batch, node));
CREATE INDEX payout_items_by_node ON payout_items(node, state);
PRAGMA user_version = 3;
)sql";

constexpr std::int64_t kSchemaVersion = 3;

/// Requests a peer may have waiting while it does not read its replies.
constexpr int kMaxDeferred = 32;
constexpr qsizetype kMaxDeferredBytes = 1024 * 1024;

std::shared_ptr<spdlog::logger> logger()
{
    return log::get("net");
}

std::string hexId(const QByteArray& b)
{
    return b.toHex().left(16).toStdString();
}

std::string said(const QString& text)
{
    return printable(text, 200).toStdString();
}

QString peerKey(const QHostAddress& address, quint16 port)
{
    return address.toString() + u'|' + QString::number(port);
}

/// a + b, or nothing when the sum leaves the range SQLite can store.
std::optional<std::uint64_t> addInt64(std::uint64_t a, std::uint64_t b)
{
    if (a > std::uint64_t(INT64_MAX) || b > std::uint64_t(INT64_MAX) - a) {
        return std::nullopt;
    }
    return a + b;
}

} // namespace

std::uint64_t CoordinatorOptions::priceOf(const QString& kernel) const
{
    if (const auto it = prices.find(kernel); it != prices.end()) {
        return it->second;
    }
    const auto any = prices.find(QStringLiteral("*"));
    return any == prices.end() ? 0 : any->second;
}

struct Coordinator::Connections
{
    int total = 0;
    std::map<QString, int> perAddress;
    std::int64_t refused = 0;
};

struct Coordinator::Peer
{
    enum class Role { None, Node, Owner };
    QWebSocket* ws = nullptr;
    QPointer<QSslSocket> transport; ///< for the send backlog
    Role role = Role::None;
    Clock::Monotonic lastSeen {};
    QByteArray nonce; ///< this connection's challenge, signed by every hello and renewal on it
    std::deque<std::pair<Message, qsizetype>> deferred; ///< an owner's costly requests (and their
                                                        ///< sizes), held while its replies pile up
    qsizetype deferredBytes = 0;
    // Owners:
    QByteArray ownerKey;
    // Nodes:
    QByteArray identity;
    QByteArray session;
    QByteArray evidence;
    std::uint64_t evidenceCreatedMs = 0;
    QString tier;
    QString payout; ///< the payout address from the hello (raw form), empty when none or unusable
    /// What the hello declared, and each device's state from the latest heartbeat.
    struct Device
    {
        NodeDevice declared;
        QString state = QStringLiteral("running");
        QString reason;
    };
    QList<Device> devices; ///< GPUs first: a job that takes any backend goes to a free GPU first
    std::map<QByteArray, QString> held; ///< jobs leased on this connection, and their device
    QStringList kernels; ///< every kernel some device runs
    QList<ModelOffer> models; ///< the language models it serves (ai.generate)
    QString state = QStringLiteral("running"); ///< running while any device is
    QString reason;
    int busy() const { return int(held.size()); }
    int totalSlots() const
    {
        int n = 0;
        for (const Device& d : devices) {
            n += d.declared.slotCount;
        }
        return n;
    }
    int busyOn(const QString& device) const
    {
        return int(std::count_if(held.begin(), held.end(), [&](const auto& h) { return h.second == device; }));
    }
    /// Free slots on running devices that serve `backend` (and `kernel`, when given).
    int freeFor(const QString& backend, const QString& kernel = {}) const
    {
        int n = 0;
        for (const Device& d : devices) {
            if (d.state == u"running" && servesBackend(d.declared, backend)
                && (kernel.isEmpty() || d.declared.kernels.contains(kernel))) {
                n += std::max(0, d.declared.slotCount - busyOn(d.declared.id));
            }
        }
        return n;
    }
    bool offers(const QString& kernel, const QString& backend) const
    {
        return std::any_of(devices.begin(), devices.end(), [&](const Device& d) {
            return servesBackend(d.declared, backend) && (kernel.isEmpty() || d.declared.kernels.contains(kernel));
        });
    }
    void release(const QByteArray& job) { held.erase(job); }
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
    , m_connections(std::make_shared<Connections>())
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

Expected<void, NetError> Coordinator::migrate()
{
    if (auto e = m_db->exec(kSchema); !e) {
        return unexpected(netError(NetErrc::Storage, e.error().message));
    }
    auto v = m_db->query("PRAGMA user_version", {});
    if (!v || !*v->step()) {
        return unexpected(netError(NetErrc::Storage, QStringLiteral("cannot read the database's schema version")));
    }
    const std::int64_t version = v->int64(0);
    if (version > kSchemaVersion) {
        return unexpected(netError(NetErrc::Storage,
            QStringLiteral("coordinator.sqlite was written by a newer cocoon-coordinator (schema %1); refusing to "
                           "touch it")
                .arg(version)));
    }
    // Each step once, in order, each in its own transaction (stepwise upgrades).
    const char* steps[] = {kSchema1, kSchema2, kSchema3};
    for (std::int64_t from = version; from < kSchemaVersion; ++from) {
        sqlite::Transaction tx(*m_db);
        if (auto e = m_db->exec(steps[from]); !e || !tx.commit()) {
            return unexpected(netError(NetErrc::Storage,
                QStringLiteral("cannot upgrade coordinator.sqlite: %1")
                    .arg(e ? QStringLiteral("commit failed") : e.error().message)));
        }
    }
    return {};
}

Expected<void, NetError> Coordinator::start()
{
    QDir().mkpath(m_options.dataDir);
    auto db = sqlite::Database::open(QDir(m_options.dataDir).filePath(QStringLiteral("coordinator.sqlite")));
    if (!db) {
        return unexpected(netError(NetErrc::Storage, db.error().message));
    }
    m_db.emplace(std::move(*db));
    if (auto e = migrate(); !e) {
        return e;
    }
    // Jobs that were leased when the coordinator stopped go back to the queue (the node resends a
    // finished result after reconnecting; a receipt already credited is never credited again).
    (void)m_db->run("UPDATE jobs SET state = 'queued' WHERE state = 'leased'", {});
    if (auto e = startSettlement(); !e) {
        return e;
    }

    // TLS is terminated by a QSslServer of our own and the encrypted sockets handed to the
    // WebSocket server, so each one can be set to send frames at once (TCP_NODELAY), which
    // QWebSocketServer's own secure mode gives no access to, and so the coordinator sees each
    // transport: its address (connection caps) and its unsent bytes (backpressure).
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
    m_listener->setHandshakeTimeout(10000);
    // Every connection counts from its first TLS byte until its socket is gone.
    connect(m_listener.get(), &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket* socket) {
        const QString address = socket->peerAddress().toString();
        auto counts = m_connections;
        ++counts->total;
        ++counts->perAddress[address];
        connect(socket, &QObject::destroyed, this, [counts, address] {
            --counts->total;
            if (--counts->perAddress[address] <= 0) {
                counts->perAddress.erase(address);
            }
        });
        if (counts->total > m_options.maxConnections
            || counts->perAddress[address] > m_options.maxConnectionsPerAddress) {
            ++counts->refused;
            logger()->warn("refusing a connection from {}: {} open from there, {} in all", address.toStdString(),
                counts->perAddress[address] - 1, counts->total - 1);
            QMetaObject::invokeMethod(
                socket,
                [socket] {
                    socket->abort();
                    socket->deleteLater();
                },
                Qt::QueuedConnection);
        }
    });
    connect(m_listener.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket* socket = m_listener->nextPendingConnection()) {
            if (socket->state() != QAbstractSocket::ConnectedState) {
                continue;
            }
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_transports[peerKey(socket->peerAddress(), socket->peerPort())] = qobject_cast<QSslSocket*>(socket);
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

int Coordinator::openConnections() const
{
    return m_connections->total;
}

std::int64_t Coordinator::connectionsRefused() const
{
    return m_connections->refused;
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
        // Until its hello is accepted a peer may send only small frames; its role raises the cap.
        ws->setMaxAllowedIncomingFrameSize(quint64(kMaxHelloFrameBytes));
        ws->setMaxAllowedIncomingMessageSize(quint64(kMaxHelloFrameBytes));
        auto peer = std::make_unique<Peer>();
        peer->ws = ws;
        peer->lastSeen = m_clock.monotonic();
        peer->nonce = QByteArray(kNonceBytes, Qt::Uninitialized);
        QRandomGenerator::system()->generate(peer->nonce.begin(), peer->nonce.end());
        if (const auto t = m_transports.find(peerKey(ws->peerAddress(), ws->peerPort())); t != m_transports.end()) {
            peer->transport = t->second;
            m_transports.erase(t);
        }
        if (peer->transport) {
            // Requests held back while this peer's replies piled up are handled as they drain.
            const auto drain = [this, ws] { drainDeferred(ws); };
            connect(peer->transport, &QSslSocket::encryptedBytesWritten, this, drain);
        }
        const QByteArray nonce = peer->nonce;
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
            if (QSslSocket* transport = it->second->transport.data()) {
                transport->deleteLater(); // the connection's count ends with its socket
            }
            m_peers.erase(it);
            ws->deleteLater();
        });
        // The coordinator speaks first: every hello on this connection signs this nonce.
        send(ws, encodeMessage(QStringLiteral("challenge"), QCborMap {{QStringLiteral("nonce"), nonce}}));
    }
    // Transports whose WebSocket handshake failed are gone; their entries go too.
    for (auto t = m_transports.begin(); t != m_transports.end();) {
        t = t->second ? std::next(t) : m_transports.erase(t);
    }
}

qint64 Coordinator::backlog(const Peer& p) const
{
    const QSslSocket* t = p.transport.data();
    return t ? t->bytesToWrite() + t->encryptedBytesToWrite() : 0;
}

void Coordinator::send(QWebSocket* ws, const QByteArray& frame)
{
    ws->sendBinaryMessage(frame);
    if (const auto it = m_peers.find(ws); it != m_peers.end()) {
        m_peakBacklog = std::max(m_peakBacklog, backlog(*it->second));
    }
}

void Coordinator::dropPeer(QWebSocket* ws, const NetError& why)
{
    ++m_framesRejected;
    logger()->warn("closing a connection: {}", said(why.message));
    ws->sendBinaryMessage(encodeError(why));
    ws->flush();
    ws->close(QWebSocketProtocol::CloseCodePolicyViolated, why.message.left(100));
    // A peer that does not answer the close handshake (one that does not read) is cut off.
    QTimer::singleShot(2000, ws, [ws] { ws->abort(); });
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
    // Backpressure on what costs replies: an owner that does not read its node lists and fetched
    // results is not answered either. Those requests wait (bounded) until its replies drain; one
    // that keeps asking anyway is disconnected. Everything else (a node's results and heartbeats,
    // an owner's submit and cancel) has small or no replies and is handled at once.
    const bool costly = p.role == Peer::Role::Owner && (m->type == u"nodes" || m->type == u"fetch");
    if (costly && (!p.deferred.empty() || backlog(p) > m_options.sendBacklogBytes)) {
        if (int(p.deferred.size()) >= kMaxDeferred || p.deferredBytes + frame.size() > kMaxDeferredBytes) {
            return dropPeer(ws,
                netError(NetErrc::Refused,
                    QStringLiteral("it sends requests faster than it reads the answers (%1 bytes unsent)")
                        .arg(backlog(p))));
        }
        p.deferredBytes += frame.size();
        p.deferred.emplace_back(std::move(*m), frame.size());
        return;
    }
    handleMessage(p, *m);
}

void Coordinator::drainDeferred(QWebSocket* ws)
{
    for (;;) {
        const auto it = m_peers.find(ws);
        if (it == m_peers.end()) {
            return;
        }
        Peer& p = *it->second;
        if (p.deferred.empty() || backlog(p) > m_options.sendBacklogBytes) {
            return;
        }
        const auto [m, bytes] = std::move(p.deferred.front());
        p.deferred.pop_front();
        p.deferredBytes -= bytes;
        handleMessage(p, m);
    }
}

void Coordinator::handleMessage(Peer& p, const Message& m)
{
    if (p.role == Peer::Role::None) {
        if (m.type != u"hello") {
            return dropPeer(p.ws, netError(NetErrc::Malformed, QStringLiteral("the first message must be 'hello'")));
        }
        return handleHello(p, m);
    }
    if (p.role == Peer::Role::Node) {
        return handleNode(p, m);
    }
    handleOwner(p, m);
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
    const QByteArray pin = QByteArray::fromHex(m_tls.pin.toLatin1());
    const QString role = m.text("role");
    QCborMap welcome;
    welcome.insert(QStringLiteral("version"), kProtocolMax);
    welcome.insert(QStringLiteral("session"), toByteArray(jobs::Manifest::newJobId()));
    welcome.insert(QStringLiteral("heartbeat_ms"), qint64(m_options.heartbeat.count()));
    welcome.insert(QStringLiteral("timeout_ms"), qint64(m_options.timeout.count()));
    welcome.insert(QStringLiteral("coordinator"), toByteArray(m_key.publicKey()));
    QCborMap prices;
    for (const auto& [kernel, nano] : m_options.prices) {
        prices.insert(kernel, qint64(std::min<std::uint64_t>(nano, INT64_MAX)));
    }
    welcome.insert(QStringLiteral("prices"), prices);
    if (role == u"owner") {
        // Owners are keys: the hello proves possession for this connection's nonce.
        auto owner = OwnerHello::fromCbor(m.body.value(QStringLiteral("owner")).toMap());
        if (!m.has("owner") || m.has("node") || !owner) {
            return dropPeer(p.ws,
                netError(NetErrc::Unauthorized,
                    QStringLiteral("an owner's hello must carry 'owner': its key and a signature of the challenge")));
        }
        if (!owner->verify(pin, p.nonce)) {
            return dropPeer(
                p.ws, netError(NetErrc::Unauthorized, QStringLiteral("the owner's signature does not verify")));
        }
        p.role = Peer::Role::Owner;
        p.ownerKey = toByteArray(owner->key);
        p.ws->setMaxAllowedIncomingFrameSize(quint64(kMaxFrameBytes));
        p.ws->setMaxAllowedIncomingMessageSize(quint64(kMaxFrameBytes));
        return send(p.ws, encodeMessage(QStringLiteral("welcome"), welcome));
    }
    if (role != u"node" || !m.has("node") || m.has("owner")) {
        return dropPeer(
            p.ws, netError(NetErrc::Malformed, QStringLiteral("hello: role must be 'node' (with 'node') or 'owner'")));
    }
    auto hello = NodeHello::fromCbor(m.body.value(QStringLiteral("node")).toMap());
    if (!hello) {
        return dropPeer(p.ws, hello.error());
    }
    if (!hello->verify(pin, p.nonce)) {
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
    expect.maxAgeMs = std::uint64_t(m_options.evidenceMaxAge.count());
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
    p.ws->setMaxAllowedIncomingFrameSize(quint64(kMaxFrameBytes));
    p.ws->setMaxAllowedIncomingMessageSize(quint64(kMaxFrameBytes));
    p.identity = identity;
    m_nodes[identity] = &p;
    p.session = toByteArray(hello->session);
    p.evidence = hello->evidence;
    p.evidenceCreatedMs = bundle->createdMs;
    p.tier = jobs::tierName(verdict.tier);
    p.devices.clear();
    for (const NodeDevice& d : hello->devices) {
        p.devices.append({d, QStringLiteral("running"), {}});
    }
    std::stable_sort(p.devices.begin(), p.devices.end(), [](const Peer::Device& a, const Peer::Device& b) {
        return a.declared.backend != u"cpu" && b.declared.backend == u"cpu";
    });
    p.kernels = hello->kernels();
    p.models = hello->models;
    p.payout.clear();
    if (!hello->payout.isEmpty()) {
        if (auto a = wallet::Address::parse(hello->payout)) {
            p.payout = a->address.toRaw();
        } else {
            logger()->warn("node {} gave an unusable payout address ({}); it is credited but not paid until it "
                           "gives a valid one",
                hexId(identity), a.error().message.toStdString());
        }
    }
    // Owed amounts go to the address the node gives now.
    (void)m_db->run("UPDATE credits SET payout = ?1 WHERE node = ?2 AND payout != ?1", {p.payout, identity});
    const QByteArray statement = statementFor(identity);
    if (!statement.isEmpty()) {
        welcome.insert(QStringLiteral("statement"), statement);
    }
    send(p.ws, encodeMessage(QStringLiteral("welcome"), welcome));
    logger()->info("node {} joined: tier {}, {} device(s), kernels {}", hexId(identity), p.tier.toStdString(),
        p.devices.size(), said(p.kernels.join(u',')));
    emit nodeJoined(identity);
    dispatch(p);
}

void Coordinator::handleEvidence(Peer& p, const Message& m)
{
    // A node renews its bundle before it ages out, on the same connection: bound to the same keys
    // and signed over this connection's nonce. Its jobs and leases are untouched.
    Ed25519PublicKey identity {};
    X25519PublicKey session {};
    std::copy(p.identity.begin(), p.identity.end(), identity.begin());
    std::copy(p.session.begin(), p.session.end(), session.begin());
    const QByteArray evidence = m.bytes("evidence");
    if (!verifyEvidenceRenewal(
            identity, session, evidence, QByteArray::fromHex(m_tls.pin.toLatin1()), p.nonce, m.bytes("sig"))) {
        return dropPeer(
            p.ws, netError(NetErrc::Unauthorized, QStringLiteral("the renewed evidence is not signed by this node")));
    }
    auto bundle = attest::EvidenceBundle::decode(evidence);
    if (!bundle) {
        return dropPeer(p.ws, netError(NetErrc::Refused, bundle.error().message));
    }
    attest::BundleExpectations expect;
    expect.identity = identity;
    expect.session = session;
    expect.nowMs = std::uint64_t(nowMs());
    expect.maxAgeMs = std::uint64_t(m_options.evidenceMaxAge.count());
    const attest::BundleVerdict verdict = attest::verifyBundle(*bundle, expect);
    if (!verdict.valid) {
        return dropPeer(p.ws,
            netError(NetErrc::Refused,
                QStringLiteral("renewed evidence refused: ") + verdict.reasons.join(QStringLiteral("; "))));
    }
    p.evidence = evidence;
    p.evidenceCreatedMs = bundle->createdMs;
    p.tier = jobs::tierName(verdict.tier);
    logger()->info("node {} renewed its evidence: tier {}", hexId(p.identity), p.tier.toStdString());
}

Coordinator::Peer* Coordinator::nodePeer(const QByteArray& identity)
{
    const auto it = m_nodes.find(identity);
    return it == m_nodes.end() ? nullptr : it->second;
}

ledger::CreditStatement Coordinator::statement(const QByteArray& node) const
{
    ledger::CreditStatement st;
    st.coordinatorKey = m_key.publicKey();
    std::copy(node.begin(), node.end(), st.nodeKey.begin());
    st.issuedMs = std::uint64_t(nowMs());
    if (m_settlement) {
        st.payoutWallet = m_settlement->address().toRaw();
        st.minPayout = m_settlement->options().minPayoutNano;
    }
    return st;
}

Expected<void, NetError> Coordinator::startSettlement()
{
    if (!m_options.payouts.enabled) {
        return {};
    }
    bool created = false;
    auto key = Ed25519PrivateKey::loadOrCreate(m_options.payouts.keyFile, &created);
    if (!key) {
        return unexpected(netError(NetErrc::Storage,
            QStringLiteral("the payout wallet key %1: %2").arg(m_options.payouts.keyFile, key.error().message)));
    }
    m_network = std::make_unique<QNetworkAccessManager>();
    wallet::TonCenterClient::Options api;
    api.endpoint = m_options.payouts.toncenter;
    api.apiKey = m_options.payouts.apiKey;
    api.firstBackoff = m_options.payouts.firstBackoff;
    api.timeout = m_options.payouts.timeout;
    m_toncenter = std::make_unique<wallet::TonCenterClient>(api, *m_network);
    m_settlement
        = std::make_unique<Settlement>(m_clock, *m_db, *m_toncenter, std::move(*key), m_options.payouts.settlement);
    m_settlement->onStage = m_options.payouts.onStage;
    connect(m_settlement.get(), &Settlement::paid, this, &Coordinator::reissueStatements);
    connect(m_settlement.get(), &Settlement::alarm, this,
        [](const QString& what) { logger()->warn("payouts: {}", what.toStdString()); });
    logger()->info("payout wallet (v5r1): {} ({}; key {})",
        m_settlement->address().toFriendly({false, m_options.payouts.settlement.testnet, true}).toStdString(),
        created ? "new" : "loaded", m_options.payouts.keyFile.toStdString());
    if (m_options.payouts.autoStart) {
        m_settlement->start();
    }
    return {};
}

void Coordinator::reissueStatements(const QList<QByteArray>& nodes)
{
    for (const QByteArray& node : nodes) {
        auto c = m_db->query("SELECT seq, jobs, units, nano, paid FROM credits WHERE node = ?1", {node});
        if (!c || !*c->step()) {
            continue;
        }
        ledger::CreditStatement st = statement(node);
        st.seq = std::uint64_t(c->int64(0)) + 1;
        st.jobs = std::uint64_t(c->int64(1));
        st.units = std::uint64_t(c->int64(2));
        st.nano = std::uint64_t(c->int64(3));
        st.paid = std::uint64_t(std::min(c->int64(4), c->int64(3)));
        const QByteArray signedStatement = st.sign(m_key);
        if (auto e = m_db->run("UPDATE credits SET seq = ?1, statement = ?2 WHERE node = ?3",
                {std::int64_t(st.seq), signedStatement, node});
            !e) {
            logger()->warn(
                "could not store the statement for node {}: {}", hexId(node), e.error().message.toStdString());
            continue;
        }
        if (Peer* peer = nodePeer(node)) {
            QCborMap f;
            f.insert(QStringLiteral("statement"), signedStatement);
            send(peer->ws, encodeMessage(QStringLiteral("statement"), f));
        }
    }
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
        p.state = m.text("state") == u"paused" ? QStringLiteral("paused") : QStringLiteral("running");
        p.reason = printable(m.text("reason"));
        // Each device's own state; one the node does not report follows the node's.
        QHash<QString, QCborMap> reported;
        for (const QCborValue& v : m.body.value(QStringLiteral("devices")).toArray()) {
            if (reported.size() >= p.devices.size()) {
                break; // no more than it declared
            }
            reported.insert(v.toMap().value(QStringLiteral("id")).toString(), v.toMap());
        }
        for (Peer::Device& d : p.devices) {
            const auto it = reported.constFind(d.declared.id);
            const bool paused = it == reported.cend() ? p.state == u"paused"
                                                      : it->value(QStringLiteral("state")).toString() == u"paused";
            d.state = paused ? QStringLiteral("paused") : QStringLiteral("running");
            d.reason = it == reported.cend() ? p.reason : printable(it->value(QStringLiteral("reason")).toString());
        }
        // Capacity is what the hello declared: 'free' was counted before the offers still in
        // flight reached the node, so free + busy would overbook it.
        // A node that keeps talking keeps its leases (an idle node has none to extend).
        if (p.busy() > 0) {
            (void)m_db->run("UPDATE jobs SET lease_until = ?1 WHERE node = ?2 AND state = 'leased'",
                {nowMs() + std::int64_t(m_options.lease.count()), p.identity});
        }
        return dispatch(p);
    }
    if (m.type == u"accept") {
        return;
    }
    if (m.type == u"evidence") {
        return handleEvidence(p, m);
    }
    if (m.type == u"chunk") {
        // A streamed, sealed piece of a result (ai.generate's tokens), relayed unopened to the
        // owner following the job. Checked against the leases held on this connection in memory:
        // no database write per token. The final result's receipt covers every chunk.
        if (!p.held.contains(job) || m.bytes("data").size() > kMaxChunkBytes) {
            ++m_messagesRefused;
            logger()->warn("node {} streamed a chunk of job {}, which it does not hold (or oversized)",
                hexId(p.identity), hexId(job));
            return;
        }
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        f.insert(QStringLiteral("index"), qint64(std::min<std::uint64_t>(m.uint("index"), INT64_MAX)));
        f.insert(QStringLiteral("data"), m.bytes("data"));
        return notifyOwner(job, encodeMessage(QStringLiteral("job_chunk"), f));
    }
    if (m.type == u"progress") {
        // Only the node holding the lease speaks for a job.
        const bool leased
            = m_db->run("UPDATE jobs SET lease_until = ?1 WHERE job_id = ?2 AND node = ?3 AND state = 'leased'",
                  {nowMs() + std::int64_t(m_options.lease.count()), job, p.identity})
            && m_db->changes() > 0;
        if (!leased) {
            ++m_messagesRefused;
            logger()->warn(
                "node {} reported progress on job {}, which is not leased to it", hexId(p.identity), hexId(job));
            return;
        }
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        f.insert(QStringLiteral("state"), QStringLiteral("running"));
        f.insert(QStringLiteral("step"), qint64(std::min<std::uint64_t>(m.uint("step"), INT64_MAX)));
        f.insert(QStringLiteral("steps"), qint64(std::min<std::uint64_t>(m.uint("steps"), INT64_MAX)));
        return notifyOwner(job, encodeMessage(QStringLiteral("job_progress"), f), true);
    }
    if (m.type == u"reject" || m.type == u"failed") {
        auto q = m_db->query("SELECT state FROM jobs WHERE job_id = ?1 AND node = ?2", {job, p.identity});
        const QString state = q && *q->step() ? q->text(0) : QString();
        if (state == u"leased") {
            p.release(job);
            finishJob(job, QStringLiteral("failed"),
                QStringLiteral("the node %1: %2")
                    .arg(m.type == u"reject" ? "refused the job" : "failed", printable(m.text("reason"))));
        } else if (state == u"cancelled" && p.cancelling.remove(job)) {
            p.release(job); // the node has stopped it: its slot is free again
        }
        return dispatch(p);
    }
    if (m.type == u"result") {
        return handleResult(p, m);
    }
    dropPeer(p.ws,
        netError(NetErrc::Malformed, QStringLiteral("'%1' is not a message a node sends").arg(printable(m.type, 40))));
}

void Coordinator::refuseResult(Peer& p, const QByteArray& job, const QString& why, bool wasHeld)
{
    ++m_resultsRefused;
    logger()->warn("refused a result for job {} from node {}: {}", hexId(job), hexId(p.identity), said(why));
    if (wasHeld) {
        p.release(job);
        finishJob(job, QStringLiteral("failed"), QStringLiteral("the node's result was refused: ") + why);
    }
    // Acknowledged, not credited: the node stops resending it and marks it refused.
    QCborMap f;
    f.insert(QStringLiteral("job"), job);
    f.insert(QStringLiteral("statement"), statementFor(p.identity));
    f.insert(QStringLiteral("refused"), why);
    send(p.ws, encodeMessage(QStringLiteral("ack"), f));
    dispatch(p);
}

void Coordinator::handleResult(Peer& p, const Message& m)
{
    const QByteArray job = m.bytes("job");
    const QByteArray output = m.bytes("output");
    const QByteArray receiptBytes = m.bytes("receipt");
    auto q = m_db->query("SELECT state, manifest, input_hash, units, credit_nano, raced FROM jobs WHERE job_id = ?1 "
                         "AND node = ?2",
        {job, p.identity});
    if (!q || !*q->step()) {
        // Unknown here (this coordinator lost it, or it was never this node's): nothing is credited.
        return refuseResult(p, job, QStringLiteral("this coordinator gave that job to no such node"), false);
    }
    const QString state = q->text(0);
    const QByteArray manifestBytes = q->blob(1);
    const QByteArray inputHash = q->blob(2);
    auto units = std::uint64_t(q->int64(3));
    auto credit = std::uint64_t(q->int64(4));
    const bool raced = q->int64(5) != 0;
    if (state == u"done") {
        QCborMap f; // a redelivery after a lost ack: acknowledged again, credited once
        f.insert(QStringLiteral("job"), job);
        f.insert(QStringLiteral("statement"), statementFor(p.identity));
        return send(p.ws, encodeMessage(QStringLiteral("ack"), f));
    }
    // Credited only while the job is leased to this node — or when its owner's cancel raced a
    // lease this node held: that work was done in good faith before the cancel arrived.
    const bool held = state == u"leased";
    if (!held && !(state == u"cancelled" && raced)) {
        return refuseResult(p, job,
            QStringLiteral("the job is %1, not leased to this node").arg(state == u"queued" ? "waiting" : state),
            false);
    }
    if (state == u"cancelled") {
        p.cancelling.remove(job);
        p.release(job);
    }
    auto receipt = jobs::Receipt::verify(receiptBytes);
    const auto manifest = jobs::Manifest::decode(manifestBytes);
    const auto metered = manifest ? meter(*manifest) : Expected<Metered, QString>(unexpected(manifest.error().message));
    QString wrong;
    if (!receipt) {
        wrong = receipt.error().message;
    } else if (!metered || metered->units != units) {
        wrong = QStringLiteral("the job no longer meters as it did at submit"); // a different catalogue?
    } else {
        wrong = checkReceipt(*receipt, *manifest, *metered, job, p.identity, inputHash, output);
    }
    if (!wrong.isEmpty()) {
        return refuseResult(p, job, wrong, held);
    }
    if (metered->unitsAreBound && receipt->units < units) {
        // Metered on what ran (ai.generate's tokens): the submit-time credit was the bound times
        // the unit price (creditFor), so the unit price is exact and the product cannot overflow.
        credit = units ? credit / units * receipt->units : 0;
        units = receipt->units;
    }
    // Store the result and credit the node in one transaction; totals never wrap.
    sqlite::Transaction tx(*m_db);
    std::int64_t seq = 0, jobsDone = 0, unitsDone = 0, nano = 0, paid = 0;
    if (auto c = m_db->query("SELECT seq, jobs, units, nano, paid FROM credits WHERE node = ?1", {p.identity});
        c && *c->step()) {
        seq = c->int64(0);
        jobsDone = c->int64(1);
        unitsDone = c->int64(2);
        nano = c->int64(3);
        paid = c->int64(4);
    }
    const auto nextSeq = addInt64(std::uint64_t(seq), 1);
    const auto nextJobs = addInt64(std::uint64_t(jobsDone), 1);
    const auto nextUnits = addInt64(std::uint64_t(unitsDone), units);
    const auto nextNano = addInt64(std::uint64_t(nano), credit);
    if (!nextSeq || !nextJobs || !nextUnits || !nextNano) {
        return refuseResult(p, job, QStringLiteral("crediting it would overflow this node's cumulative totals"), held);
    }
    ledger::CreditStatement st = statement(p.identity);
    st.seq = *nextSeq;
    st.jobs = *nextJobs;
    st.units = *nextUnits;
    st.nano = *nextNano;
    st.paid = std::uint64_t(paid);
    const QByteArray signedStatement = st.sign(m_key);
    const bool stored = tx.started()
        && m_db->run("UPDATE jobs SET state = 'done', output = ?1, receipt = ?2, input = x'', updated_ms = ?3, "
                     "reason = '' WHERE job_id = ?4",
            {output, receiptBytes, nowMs(), job})
        && m_db->run(
            "INSERT INTO credits(node, seq, jobs, units, nano, statement, payout, credited_ms) VALUES (?1, ?2, "
            "?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(node) DO UPDATE SET seq = excluded.seq, jobs = excluded.jobs, "
            "units = excluded.units, nano = excluded.nano, statement = excluded.statement, payout = "
            "excluded.payout, credited_ms = excluded.credited_ms",
            {p.identity, std::int64_t(st.seq), std::int64_t(st.jobs), std::int64_t(st.units), std::int64_t(st.nano),
                signedStatement, p.payout, nowMs()})
        && tx.commit();
    if (!stored) {
        logger()->error("could not store the result of job {}", hexId(job));
        return; // no ack: the node sends it again
    }
    p.release(job);
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
    dispatch(p);
}

void Coordinator::handleOwner(Peer& p, const Message& m)
{
    if (m.type == u"nodes") {
        // The coordinator routes: of the nodes that offer the kernel at the tier asked for, the
        // owner is shown the best few — running before paused, most free capacity, least loaded,
        // and among equals the one offered longest ago — so owners spread over the network.
        // Nodes whose evidence has aged out are not shown (owners would refuse them anyway).
        const QString kernel = m.text("kernel");
        const QString backend = m.text("backend");
        const bool confidentialOnly = m.text("min_tier") == u"confidential";
        const std::size_t limit = std::clamp<std::uint64_t>(m.has("limit") ? m.uint("limit") : 16, 1, 256);
        const auto oldest = std::uint64_t(std::max<std::int64_t>(0, nowMs() - m_options.evidenceMaxAge.count()));
        std::vector<Peer*> eligible;
        for (const auto& [identity, n] : m_nodes) {
            if (n->offers(kernel, backend) && (!confidentialOnly || n->tier == u"confidential")
                && n->evidenceCreatedMs >= oldest) {
                eligible.push_back(n);
            }
        }
        const auto rank = [&](const Peer* n) {
            return std::tuple(n->freeFor(backend, kernel) == 0 && n->state != u"running", -n->freeFor(backend, kernel),
                n->busy(), n->listed);
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
            e.insert(QStringLiteral("free"), qint64(n->freeFor(backend, kernel)));
            e.insert(QStringLiteral("state"), n->state);
            QCborArray devices;
            for (const Peer::Device& d : n->devices) {
                devices.append(QCborMap {{QStringLiteral("id"), d.declared.id},
                    {QStringLiteral("backend"), d.declared.backend}, {QStringLiteral("name"), d.declared.name},
                    {QStringLiteral("memory"), qint64(std::min<std::uint64_t>(d.declared.memoryBytes, INT64_MAX))},
                    {QStringLiteral("free"), qint64(std::max(0, d.declared.slotCount - n->busyOn(d.declared.id)))},
                    {QStringLiteral("state"), d.state}});
            }
            e.insert(QStringLiteral("devices"), devices);
            if (!n->models.isEmpty()) {
                QCborArray models;
                for (const ModelOffer& o : n->models)
                    models.append(o.toCbor());
                e.insert(QStringLiteral("models"), models);
            }
            list.append(e);
        }
        QCborMap f;
        f.insert(QStringLiteral("nodes"), list);
        return send(p.ws, encodeMessage(QStringLiteral("node_list"), f));
    }
    if (m.type == u"cancel") {
        return cancelJob(p, m.bytes("job"), printable(m.text("reason")));
    }
    if (m.type == u"submit") {
        return handleSubmit(p, m);
    }
    if (m.type == u"fetch") {
        const QByteArray job = m.bytes("job");
        auto q = m_db->query(
            "SELECT state, output, receipt, reason FROM jobs WHERE job_id = ?1 AND owner = ?2", {job, p.ownerKey});
        QCborMap f;
        f.insert(QStringLiteral("job"), job);
        if (!q || !*q->step()) {
            // The same answer whether the job does not exist or belongs to another key.
            f.insert(QStringLiteral("reason"), QStringLiteral("no job of yours with that id"));
            return send(p.ws, encodeMessage(QStringLiteral("job_failed"), f));
        }
        m_owners[job] = p.ws;
        const QString state = q->text(0);
        if (state == u"done") {
            f.insert(QStringLiteral("output"), q->blob(1));
            f.insert(QStringLiteral("receipt"), q->blob(2));
            return send(p.ws, encodeMessage(QStringLiteral("job_result"), f));
        }
        if (state == u"failed" || state == u"cancelled") {
            f.insert(QStringLiteral("reason"), q->text(3));
            return send(p.ws, encodeMessage(QStringLiteral("job_failed"), f));
        }
        f.insert(QStringLiteral("state"), state);
        f.insert(QStringLiteral("step"), 0);
        f.insert(QStringLiteral("steps"), 0);
        return send(p.ws, encodeMessage(QStringLiteral("job_progress"), f));
    }
    dropPeer(p.ws,
        netError(
            NetErrc::Malformed, QStringLiteral("'%1' is not a message an owner sends").arg(printable(m.type, 40))));
}

void Coordinator::handleSubmit(Peer& p, const Message& m)
{
    const QByteArray node = m.bytes("node");
    const QByteArray manifestBytes = m.bytes("manifest");
    const QByteArray input = m.bytes("input");
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
    // Everything a result will be checked against is fixed now, from the catalogue: the units the
    // job meters at, the size of its sealed output, and the credit at this coordinator's price.
    const auto metered = meter(*manifest);
    if (!metered) {
        return refuse(job, metered.error());
    }
    if (const QString why = checkSealedLength(input, metered->inputBytes, "input"); !why.isEmpty()) {
        return refuse(job, why);
    }
    const auto credit = creditFor(*manifest, *metered, m_options.priceOf(manifest->kernel));
    if (!credit) {
        return refuse(job, credit.error());
    }
    Peer* target = nodePeer(node);
    if (!target) {
        return refuse(job, QStringLiteral("that node is not connected"));
    }
    const QString backend = m.has("backend") ? m.text("backend") : QStringLiteral("any");
    if (!isBackendName(backend)) {
        return refuse(job, QStringLiteral("backend must be any, cpu or cuda"));
    }
    if (!target->kernels.contains(manifest->kernel)) {
        return refuse(job, QStringLiteral("that node does not offer %1").arg(manifest->kernel));
    }
    if (!target->offers(manifest->kernel, backend)) {
        return refuse(job, QStringLiteral("that node has no %1 device that runs %2").arg(backend, manifest->kernel));
    }
    if (!metered->modelSha256.isEmpty()
        && std::none_of(target->models.begin(), target->models.end(),
            [&](const ModelOffer& o) { return o.sha256 == metered->modelSha256 && o.bytes == metered->modelBytes; })) {
        return refuse(job,
            QStringLiteral("that node does not serve the model %1")
                .arg(QString::fromStdString(hexId(metered->modelSha256))));
    }
    if (manifest->minTier == jobs::Tier::Confidential && target->tier != u"confidential") {
        return refuse(job, QStringLiteral("that node's tier is %1, the job asks for confidential").arg(target->tier));
    }
    // The job and its lease (when the node has room) are committed together: one sync.
    sqlite::Transaction tx(*m_db);
    if (!m_db->run("INSERT INTO jobs(job_id, node, kernel, manifest, input, state, created_ms, updated_ms, owner, "
                   "input_hash, units, credit_nano, backend) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?6, ?7, ?8, ?9, "
                   "?10, ?11)",
            {job, node, manifest->kernel, manifestBytes, input, nowMs(), p.ownerKey, toByteArray(sha256(input)),
                std::int64_t(metered->units), std::int64_t(*credit), backend})) {
        return refuse(job, QStringLiteral("a job with this id exists already"));
    }
    std::vector<std::pair<QByteArray, QByteArray>> offers;
    dispatch(*target, &offers);
    if (!tx.commit()) {
        for (const auto& [offered, frame] : offers) {
            target->release(offered);
        }
        return refuse(job, QStringLiteral("the coordinator could not store the job"));
    }
    m_owners[job] = p.ws;
    QCborMap f;
    f.insert(QStringLiteral("job"), job);
    send(p.ws, encodeMessage(QStringLiteral("submitted"), f));
    for (const auto& [offered, frame] : offers) {
        send(target->ws, frame);
    }
}

void Coordinator::notifyOwner(const QByteArray& jobId, const QByteArray& frame, bool droppable)
{
    const auto it = m_owners.find(jobId);
    if (it == m_owners.end()) {
        return;
    }
    const auto peer = m_peers.find(it->second);
    if (peer == m_peers.end()) {
        return;
    }
    // Progress is news, not state: an owner that does not read it gets no more of it.
    if (droppable && backlog(*peer->second) > m_options.sendBacklogBytes) {
        return;
    }
    send(it->second, frame);
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

void Coordinator::dispatch(Peer& node, std::vector<std::pair<QByteArray, QByteArray>>* held)
{
    // Each queued job goes to a running device of the node with a free slot that runs its kernel
    // and serves the backend it asks for (GPUs first when it takes any); a job no device can take
    // now waits while later ones that fit go ahead.
    if (node.role != Peer::Role::Node || node.busy() >= node.totalSlots()) {
        return;
    }
    auto q = m_db->query("SELECT job_id, manifest, input, kernel, backend FROM jobs WHERE node = ?1 AND state = "
                         "'queued' ORDER BY created_ms LIMIT 256",
        {node.identity});
    if (!q) {
        return;
    }
    struct Queued
    {
        QByteArray job, manifest, input;
        QString kernel, backend;
    };
    std::vector<Queued> queued;
    for (auto row = q->step(); row && *row; row = q->step()) {
        queued.push_back({q->blob(0), q->blob(1), q->blob(2), q->text(3), q->text(4)});
    }
    for (const Queued& j : queued) {
        const auto device = std::find_if(node.devices.begin(), node.devices.end(), [&](const Peer::Device& d) {
            return d.state == u"running" && servesBackend(d.declared, j.backend)
                && d.declared.kernels.contains(j.kernel) && node.busyOn(d.declared.id) < d.declared.slotCount;
        });
        if (device == node.devices.end()) {
            continue;
        }
        if (!m_db->run("UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_until = ?1, updated_ms = "
                       "?2, device = ?3 WHERE job_id = ?4",
                {nowMs() + std::int64_t(m_options.lease.count()), nowMs(), device->declared.id, j.job})) {
            continue;
        }
        node.held[j.job] = device->declared.id;
        QCborMap f;
        f.insert(QStringLiteral("job"), j.job);
        f.insert(QStringLiteral("manifest"), j.manifest);
        f.insert(QStringLiteral("input"), j.input);
        f.insert(QStringLiteral("device"), device->declared.id);
        f.insert(QStringLiteral("lease_ms"), qint64(m_options.lease.count()));
        if (held) {
            held->emplace_back(j.job, encodeMessage(QStringLiteral("offer"), f));
        } else {
            send(node.ws, encodeMessage(QStringLiteral("offer"), f));
        }
        if (node.busy() >= node.totalSlots()) {
            break;
        }
    }
}

void Coordinator::cancelJob(Peer& owner, const QByteArray& jobId, const QString& reason)
{
    // Only the key that submitted a job may cancel it; a job id alone is not a capability.
    auto q = m_db->query("SELECT state, node FROM jobs WHERE job_id = ?1 AND owner = ?2", {jobId, owner.ownerKey});
    if (!q || !*q->step()) {
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
    m_owners[jobId] = owner.ws;
    const QString why = QStringLiteral("cancelled by its owner%1").arg(reason.isEmpty() ? QString() : ": " + reason);
    if (state == u"leased") {
        // The node may finish before the cancel reaches it: that result is still its work.
        (void)m_db->run("UPDATE jobs SET raced = 1 WHERE job_id = ?1", {jobId});
        if (Peer* n = nodePeer(node)) {
            n->cancelling.insert(jobId);
            QCborMap f;
            f.insert(QStringLiteral("job"), jobId);
            f.insert(QStringLiteral("reason"), why);
            send(n->ws, encodeMessage(QStringLiteral("cancel"), f));
        }
    }
    logger()->info("job {} {}", hexId(jobId), said(why));
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
            n->release(expired->blob(0));
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
                const auto counter = [&body](const char* name, const char* help, std::int64_t value) {
                    body += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " counter\n" + name + ' '
                        + QByteArray::number(value) + '\n';
                };
                counter("cocoon_results_refused", "Results checked and not credited.", m_resultsRefused);
                counter("cocoon_messages_refused", "Messages dropped (progress for a job not leased to the sender).",
                    m_messagesRefused);
                counter("cocoon_connections_refused", "Connections closed at once by the connection caps.",
                    m_connections->refused);
                if (m_settlement) {
                    const SettlementStatus p = m_settlement->status();
                    counter("cocoon_paid_nanoton", "Paid to nodes, confirmed on chain.", p.paidNano);
                    const auto gauge = [&body](const char* name, const char* help, std::int64_t value) {
                        body += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + name + ' '
                            + QByteArray::number(value) + '\n';
                    };
                    gauge(
                        "cocoon_owed_nanoton", "Credited to nodes with a payout address and not yet paid.", p.owedNano);
                    gauge("cocoon_payout_in_flight_nanoton", "In a payout batch not yet confirmed.", p.inFlightNano);
                    gauge("cocoon_payout_wallet_nanoton", "The payout wallet's balance at the last round (-1: unread).",
                        p.balanceNano);
                }
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
