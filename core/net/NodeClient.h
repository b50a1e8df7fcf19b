#pragma once
// The node's side of the worker protocol: one outbound WSS connection (the node opens no port),
// the coordinator's key pinned; exponential backoff with jitter between attempts; hello, welcome
// and heartbeats; offers run as sealed jobs (core/jobs) on a worker thread; results delivered at
// least once — the sealed output and signed receipt are persisted (jobs directory, ledger) before
// they are sent, and sent again after every reconnect until acknowledged; job ids make that
// idempotent. Each acknowledgement carries the coordinator's signed cumulative credit statement,
// which the ledger keeps only if it grows (a lower total is reported as coordinatorRollback).
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "jobs/Job.h"
#include "net/Protocol.h"

#include <QObject>
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

struct NodeOptions
{
    QUrl url; ///< wss://host:port
    QString pin; ///< hex SHA-256 of the coordinator's public key; empty: trust the system CAs
    std::chrono::milliseconds firstBackoff {500};
    std::chrono::milliseconds maxBackoff {30000};
    int capacity = 1;
    QString payout;
    QByteArray evidence; ///< this node's evidence bundle (attest::EvidenceBundle, encoded)
    QString jobsDir; ///< where sealed outputs and receipts are persisted
    /// Running or paused, and why (from the scheduler); default: always running.
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
    void stop();
    bool isConnected() const { return m_welcomed; }
    int jobsRunning() const { return int(m_running.size()); }
    QString lastError() const { return m_lastError; }

signals:
    void connected();
    void disconnected(const QString& reason);
    void jobStarted(const QByteArray& jobId, const QString& kernel);
    void jobFinished(const QByteArray& jobId, bool ok, const QString& detail);
    void credited(std::uint64_t totalNano, std::uint64_t jobs);
    /// The coordinator presented a lower cumulative credit than it signed before.
    void coordinatorRollback(const QString& message);
    /// A refusal that will not go away by retrying (wrong pin, evidence refused, version).
    void refused(const QString& message);

private:
    struct Running;
    void connectNow();
    void scheduleReconnect(const QString& why);
    void onConnected();
    void onFrame(const QByteArray& frame);
    void sendHello();
    void sendHeartbeat();
    void onOffer(const Message& m);
    void onAck(const Message& m);
    void onJobDone(const QByteArray& jobId);
    void resendUnacked();
    void recordStatement(const QByteArray& statement);
    void send(const QByteArray& frame);

    NodeOptions m_options;
    jobs::JobContext m_context;
    ledger::Ledger* m_ledger;
    jobs::Throttle* m_throttle;
    jobs::AlwaysRun m_always;
    std::unique_ptr<QWebSocket> m_ws;
    QTimer m_heartbeat;
    QTimer m_reconnect;
    int m_attempt = 0;
    bool m_stopped = true;
    bool m_welcomed = false;
    bool m_draining = false;
    QString m_lastError;
    std::map<QByteArray, std::unique_ptr<Running>> m_running;
};

} // namespace cocoon::net
