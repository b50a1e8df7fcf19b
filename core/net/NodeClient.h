#pragma once
// The node's side of the worker protocol: one outbound WSS connection (the node opens no port),
// the coordinator's key pinned; exponential backoff with jitter between attempts; the
// coordinator's challenge, hello, welcome and heartbeats; offers run as sealed jobs (core/jobs) on
// a worker thread; results delivered at least once — the sealed output and signed receipt are
// persisted (jobs directory, ledger) before they are sent, and sent again after every reconnect
// until acknowledged (or refused, or a week old); job ids make that idempotent. Each
// acknowledgement carries the coordinator's signed cumulative credit statement, kept only when it
// is signed by the key this coordinator presented on first joining (an alarm otherwise) and only
// if it grows (a lower total is reported as coordinatorRollback). The evidence bundle is renewed
// on the live connection before it ages out.
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "jobs/Job.h"
#include "net/Handshake.h"
#include "net/Protocol.h"

#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

class QWebSocket;

namespace cocoon::ledger {
class Ledger;
}

namespace cocoon::net {

/// A device this node runs jobs on: its own slots, limits and throttle. The coordinator leases each
/// job to one device (the offer names it) and the job runs there, paused and resumed by that
/// device's scheduling alone.
struct NodeWorker
{
    NodeDevice device; ///< what the hello declares
    kernels::Backend backend = kernels::Backend::Cpu;
    int cudaDevice = 0; ///< with the CUDA backend
    /// The limits a job offered now must fit (host memory, the GPU's free-memory budget); null:
    /// the context's.
    std::function<jobs::NodeLimits()> limits;
    jobs::Throttle* throttle = nullptr; ///< null: always run
    /// Running or paused, and why (the device's scheduler); null: always running.
    std::function<std::pair<bool, QString>()> state;
};

struct NodeOptions
{
    QUrl url; ///< wss://host:port
    QString pin; ///< hex SHA-256 of the coordinator's public key; empty: trust the system CAs
    QList<QSslCertificate> caCertificates; ///< without a pin: CAs trusted besides the system's
    std::chrono::milliseconds firstBackoff {500};
    std::chrono::milliseconds maxBackoff {30000};
    /// The devices jobs run on. Empty: one CPU worker with `capacity` slots, the context's limits,
    /// the constructor's throttle and `state`.
    std::vector<NodeWorker> workers;
    int capacity = 1;
    QString payout;
    QList<ModelOffer> models; ///< the language models this node serves (its context's `models` finds them)
    QByteArray evidence; ///< this node's evidence bundle (attest::EvidenceBundle, encoded)
    /// A fresh bundle for the same keys (evidence collected again now); renewal is off without it.
    std::function<QByteArray()> renewEvidence;
    /// Age at which the bundle is renewed (verifiers accept 24 h).
    std::chrono::milliseconds evidenceRenewAfter {20 * 3600 * 1000};
    int maxUnacked = 64; ///< results waiting for acknowledgement before new offers are refused
    std::chrono::milliseconds keepUnacked {7 * 24 * 3600 * 1000}; ///< then they are given up
    QString jobsDir; ///< where sealed outputs and receipts are persisted
    /// Running or paused, and why (the default worker's scheduler); default: always running.
    std::function<std::pair<bool, QString>()> state;
};

class NodeClient : public QObject
{
    Q_OBJECT
public:
    /// `context` gives the keys, clock, limits and backend jobs run with; `ledger` may be null.
    NodeClient(NodeOptions options, jobs::JobContext context, ledger::Ledger* ledger,
        jobs::Throttle* throttle = nullptr, QObject* parent = nullptr);
    ~NodeClient() override;

    void start();
    /// The coordinator's price per unit of `kernel` (its welcome); nullopt before one.
    std::optional<std::uint64_t> price(const QString& kernel) const;
    void stop();
    bool isConnected() const { return m_welcomed; }
    int jobsRunning() const { return int(m_running.size()); }
    const std::vector<NodeWorker>& workers() const { return m_workers; }
    QString lastError() const { return m_lastError; }

signals:
    void connected();
    void disconnected(const QString& reason);
    /// A job was accepted and runs on `device` ("cpu", "gpu0", ...).
    void jobStarted(const QByteArray& jobId, const QString& kernel, const QString& device);
    /// Done (`detail` names the kernel) or failed (`detail` says why) on `device`.
    void jobFinished(const QByteArray& jobId, bool ok, const QString& detail, const QString& device);
    void credited(std::uint64_t totalNano, std::uint64_t jobs);
    /// The coordinator presented a lower cumulative credit than it signed before.
    void coordinatorRollback(const QString& message);
    /// A refusal that will not go away by retrying (wrong pin, evidence refused, version).
    void refused(const QString& message);
    /// The coordinator refused to credit a result (it is no longer sent, nor counted as earned).
    void resultRefused(const QByteArray& jobId, const QString& reason);
    /// The coordinator signs statements with another key than it did on first joining, or sent
    /// a statement signed by a key that is not its own: nothing it signs is recorded.
    void coordinatorKeyAlarm(const QString& message);
    /// The evidence bundle was renewed and sent on the live connection.
    void evidenceRenewed();

private:
    struct Running;
    void connectNow();
    void scheduleReconnect(const QString& why);
    void onConnected();
    void onFrame(const QByteArray& frame);
    void sendHello();
    void sendHeartbeat();
    void onWelcome(const Message& m);
    void onOffer(const Message& m);
    void renewEvidenceIfDue();
    QString endpoint() const;
    void onAck(const Message& m);
    void onJobDone(const QByteArray& jobId);
    void resendUnacked();
    void recordStatement(const QByteArray& statement);
    void send(const QByteArray& frame);
    int runningOn(std::size_t worker) const;

    NodeOptions m_options;
    jobs::JobContext m_context;
    ledger::Ledger* m_ledger;
    jobs::AlwaysRun m_always;
    std::vector<NodeWorker> m_workers;
    std::unique_ptr<QWebSocket> m_ws;
    QTimer m_heartbeat;
    QTimer m_reconnect;
    int m_attempt = 0;
    bool m_stopped = true;
    bool m_welcomed = false;
    bool m_draining = false;
    QString m_lastError;
    QByteArray m_nonce; ///< this connection's challenge
    QByteArray m_coordinatorPin; ///< the key this connection's coordinator presented (raw SHA-256)
    QByteArray m_coordinatorKey; ///< its statement-signing key, as first pinned
    QCborMap m_prices; ///< its price table (welcome): what it credits per unit of each kernel
    std::uint64_t m_evidenceCreatedMs = 0;
    std::map<QByteArray, std::unique_ptr<Running>> m_running;
};

} // namespace cocoon::net
