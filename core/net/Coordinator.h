#pragma once
// The reference coordinator (the logic behind cocoon-coordinator; the app only wires options).
// It accepts nodes and job owners on one WSS endpoint, verifies each node's evidence bundle and
// hello signature, lets owners list eligible nodes with their evidence (owners verify and seal to
// the node themselves: the coordinator never holds a key that opens a job), routes each sealed job
// to the node it was sealed to, keeps leases with timeouts and bounded retries, checks every
// result's signed receipt, and credits nodes with signed cumulative statements. State lives in
// SQLite (<data dir>/coordinator.sqlite), so a restart loses nothing and credits nothing twice.
// Prometheus-style metrics and a health check are served on a separate loopback port.
//
// What it trusts (docs/protocol.md, "Threat model"): nothing a peer says that it can check. A
// result is credited only for a job leased to that node, for the units the catalogue meters from
// the manifest, at this coordinator's own price; owners are keys, and only a job's owner may fetch
// or cancel it; no peer can make it hold more than a bounded amount of memory for it (connection
// caps, message-size caps per role, and an owner that does not read its replies gets no more).
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "ledger/CreditStatement.h"
#include "ledger/Sqlite.h"
#include "net/Protocol.h"
#include "net/Settlement.h"
#include "net/Tls.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QWebSocket;
class QWebSocketServer;
class QSslServer;
class QSslSocket;
class QTcpServer;

namespace cocoon::net {

/// Paying nodes in TON (off unless enabled): the payout wallet's key file (created 0600 when
/// missing), the chain API, and the settlement policy.
struct PayoutOptions
{
    bool enabled = false;
    QString keyFile;
    QUrl toncenter {QStringLiteral("https://toncenter.com/api/v2/")};
    QString apiKey;
    std::chrono::milliseconds firstBackoff {500}; ///< the chain API's first retry delay
    std::chrono::milliseconds timeout {10000}; ///< a chain API call without an answer by then failed
    SettlementOptions settlement;
    bool autoStart = true; ///< run rounds on a timer (tests drive them)
    std::function<void(SettlementStage)> onStage; ///< the app's crash-test hook
};

struct CoordinatorOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; ///< 0: any free port
    QString dataDir;
    std::chrono::milliseconds heartbeat {5000}; ///< how often nodes send a heartbeat
    std::chrono::milliseconds timeout {20000}; ///< silence after which a connection is dropped
    std::chrono::milliseconds lease {120000}; ///< how long a node may hold a job before it is reoffered
    std::chrono::milliseconds tick {250}; ///< how often leases and silences are checked
    int maxAttempts = 3; ///< offers per job before it fails
    /// The price table: nanoTON per work unit by kernel, "*" for every other kernel. Nodes are
    /// credited at these prices; an owner's offer below them is refused at submit.
    std::map<QString, std::uint64_t> prices {{QStringLiteral("*"), 1}};
    bool metrics = true; ///< serve /metrics and /health on 127.0.0.1
    quint16 metricsPort = 0;
    int maxConnections = 16384; ///< open connections in total (TLS handshakes included)
    int maxConnectionsPerAddress = 256; ///< from one IP address
    /// An owner with more unsent bytes than this gets no answer to `nodes` and `fetch` until they
    /// drain (at most 32 such requests wait, or it is disconnected) and no progress notices.
    qint64 sendBacklogBytes = 4 * 1024 * 1024;
    std::chrono::milliseconds evidenceMaxAge {24 * 3600 * 1000}; ///< older bundles are not shown to owners
    PayoutOptions payouts;

    /// The price per unit of `kernel` in the table (its own entry, else "*", else 0).
    std::uint64_t priceOf(const QString& kernel) const;
};

class Coordinator : public QObject
{
    Q_OBJECT
public:
    Coordinator(const Clock& clock, CoordinatorOptions options, TlsIdentity tls, Ed25519PrivateKey signingKey,
        QObject* parent = nullptr);
    ~Coordinator() override;

    /// Opens the database (recovering its state) and starts listening.
    Expected<void, NetError> start();
    quint16 port() const;
    quint16 metricsPort() const;
    QString pin() const { return m_tls.pin; }
    Ed25519PublicKey publicKey() const { return m_key.publicKey(); }
    int connectedNodes() const;
    /// Test hook: the next `n` results are stored and credited, but the connection is closed
    /// instead of acknowledging them (what a lost ack looks like to the node).
    void injectLostAcks(int n) { m_lostAcks = n; }
    /// "queued", "leased", "done", "failed", "cancelled" -> count (tests, metrics).
    std::map<QString, std::int64_t> jobCounts();
    /// The most unsent bytes any one peer has had waiting (tests: backpressure holds).
    qint64 peakSendBacklog() const { return m_peakBacklog; }
    /// Connections open now, TLS handshakes included (tests: the caps hold).
    int openConnections() const;
    /// Counters served at /metrics (tests).
    std::int64_t resultsRefused() const { return m_resultsRefused; }
    std::int64_t connectionsRefused() const;
    std::int64_t messagesRefused() const { return m_messagesRefused; }
    /// The settlement loop, when payouts are enabled (else null).
    Settlement* settlement() const { return m_settlement.get(); }

signals:
    void nodeJoined(const QByteArray& identity);
    void jobDone(const QByteArray& jobId);

private:
    struct Peer;
    void accept();
    void onFrame(QWebSocket* ws, const QByteArray& frame);
    void handleMessage(Peer& p, const Message& m);
    void drainDeferred(QWebSocket* ws);
    qint64 backlog(const Peer& p) const;
    /// Refuses a node's result without crediting it: the ack tells the node to stop resending.
    void refuseResult(Peer& p, const QByteArray& job, const QString& why, bool wasHeld);
    void handleResult(Peer& p, const Message& m);
    void handleSubmit(Peer& p, const Message& m);
    void handleEvidence(Peer& p, const Message& m);
    Expected<void, NetError> migrate();
    void dropPeer(QWebSocket* ws, const NetError& why);
    void handleHello(Peer& p, const Message& m);
    void handleNode(Peer& p, const Message& m);
    void handleOwner(Peer& p, const Message& m);
    /// Offers `node` the jobs queued for it, up to its free capacity; with `held`, the offers are
    /// handed back to be sent once the caller's transaction has committed.
    void dispatch(Peer& node, std::vector<std::pair<QByteArray, QByteArray>>* held = nullptr);
    void cancelJob(Peer& owner, const QByteArray& jobId, const QString& reason);
    void tick();
    void finishJob(const QByteArray& jobId, const QString& state, const QString& reason);
    QByteArray statementFor(const QByteArray& node);
    /// A statement for `node` with this coordinator's key, the time and payout terms filled in.
    ledger::CreditStatement statement(const QByteArray& node) const;
    Expected<void, NetError> startSettlement();
    /// Signs new statements for `nodes` (their paid totals changed) and sends them to those online.
    void reissueStatements(const QList<QByteArray>& nodes);
    void send(QWebSocket* ws, const QByteArray& frame);
    /// Sends `frame` to the owner following `jobId`; a `droppable` one (progress) is skipped while
    /// that owner's replies pile up.
    void notifyOwner(const QByteArray& jobId, const QByteArray& frame, bool droppable = false);
    void serveMetrics();
    std::int64_t nowMs() const { return m_clock.nowUtc().toMSecsSinceEpoch(); }
    Peer* nodePeer(const QByteArray& identity);

    const Clock& m_clock;
    CoordinatorOptions m_options;
    TlsIdentity m_tls;
    Ed25519PrivateKey m_key;
    std::unique_ptr<QSslServer> m_listener; ///< TLS; hands encrypted sockets to m_server
    std::unique_ptr<QWebSocketServer> m_server;
    std::unique_ptr<QTcpServer> m_metrics;
    std::optional<sqlite::Database> m_db;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<wallet::TonCenterClient> m_toncenter;
    std::unique_ptr<Settlement> m_settlement; ///< declared after m_db: destroyed before it
    std::map<QWebSocket*, std::unique_ptr<Peer>> m_peers;
    std::map<QByteArray, QWebSocket*> m_owners; ///< job id -> the owner connection waiting for it
    std::map<QByteArray, Peer*> m_nodes; ///< identity -> its connection (one per node)
    std::uint64_t m_listRound = 0; ///< rotates equally ranked nodes between owners' lists
    QTimer m_timer;
    std::int64_t m_framesRejected = 0;
    std::int64_t m_resultsRefused = 0;
    std::int64_t m_messagesRefused = 0;
    qint64 m_peakBacklog = 0;
    int m_lostAcks = 0;
    /// Connections per address (shared with the sockets' destroyed handlers, which can run while
    /// this object's members are being destroyed).
    struct Connections;
    std::shared_ptr<Connections> m_connections;
    /// Transport sockets handed to the WebSocket server, until their QWebSocket appears.
    std::map<QString, QPointer<QSslSocket>> m_transports;
};

} // namespace cocoon::net
