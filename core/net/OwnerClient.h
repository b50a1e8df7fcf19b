#pragma once
// The job owner's side of the worker protocol: run one job end to end. The owner lists the nodes
// that offer the kernel, verifies each candidate's evidence bundle itself (binding, reports,
// tier — the coordinator's word is not taken), seals the input to the chosen node's session key,
// submits, follows progress, opens the result with its own reply key and checks the signed
// receipt. If the node refuses, fails or goes away, the nodes are listed again and the input is
// sealed afresh for the next eligible node not tried yet (up to maxNodes).
#include "attest/EvidenceBundle.h"
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "crypto/SecretBytes.h"
#include "jobs/Owner.h"
#include "jobs/Stream.h"
#include "net/Handshake.h"
#include "net/Protocol.h"

#include <QCborMap>
#include <QObject>
#include <QSet>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>

class QWebSocket;

namespace cocoon::net {

struct OwnerRequest
{
    QString kernel;
    QCborMap params;
    QByteArray input;
    jobs::Tier minTier = jobs::Tier::Sealed;
    std::uint64_t pricePerUnitNano = 0; ///< 0: the coordinator's price for the kernel (its welcome)
    std::chrono::seconds deadline {600};
    int maxNodes = 3;
    int listLimit = 8; ///< how many ranked candidates to ask the coordinator for
    /// The device the job must run on: "cuda" (a GPU), "cpu", or "any" (a free GPU first).
    QString backend = QStringLiteral("any");
    /// Only list the language models that nodes with verified evidence serve (OwnerOutcome::models).
    bool listModelsOnly = false;
};

struct OwnerOutcome
{
    SecretBytes output;
    jobs::Receipt receipt;
    QByteArray nodeIdentity;
    QString nodeTier;
    int nodesTried = 0;
    std::uint32_t chunks = 0; ///< streamed pieces received, opened, and covered by the receipt
    QList<ModelOffer> models; ///< listModelsOnly: each model once, from nodes whose evidence verified
};

class OwnerClient : public QObject
{
    Q_OBJECT
public:
    /// Owners are keys: jobs submitted on this client belong to its owner key (a fresh one unless
    /// set), and only that key may fetch or cancel them.
    OwnerClient(const Clock& clock, QUrl url, QString pin, QObject* parent = nullptr);
    ~OwnerClient() override;
    void setOwnerKey(Ed25519PrivateKey key) { m_ownerKey.emplace(std::move(key)); }
    Ed25519PublicKey ownerKey() const { return m_ownerKey->publicKey(); }
    /// Without a pin: CAs trusted besides the system's (a private network's CA; tests).
    void setCaCertificates(QList<QSslCertificate> cas) { m_cas = std::move(cas); }

    using Done = std::function<void(Expected<OwnerOutcome, NetError>)>;
    /// Runs `request`; `done` is called once. One request at a time per client; the connection
    /// stays open between requests (closed with the client).
    void run(OwnerRequest request, Done done);
    /// Cancels the request in flight: the coordinator drops it (and tells the node holding it to
    /// stop); `done` gets a Cancelled error. A result that raced the cancel is still delivered.
    void cancel(const QString& reason = {});

signals:
    void progress(std::uint64_t step, std::uint64_t steps, const QString& state);
    /// Each node looked at, and why it was or was not used.
    void nodeConsidered(const QByteArray& identity, bool chosen, const QString& why);
    /// A streamed piece of the result (ai.generate's text), opened with the reply key, in order.
    /// The receipt is checked to cover every piece before the request finishes.
    void streamed(const QByteArray& piece);

private:
    void onFrame(const QByteArray& frame);
    void listNodes();
    void submitToNextNode();
    void finish(Expected<OwnerOutcome, NetError> outcome);
    void open();

    const Clock& m_clock;
    QUrl m_url;
    QString m_pin;
    QList<QSslCertificate> m_cas;
    std::optional<Ed25519PrivateKey> m_ownerKey;
    QByteArray m_coordinatorPin; ///< the key the coordinator presented (raw SHA-256)
    QCborMap m_prices; ///< the coordinator's price table, from its welcome
    std::unique_ptr<QWebSocket> m_ws;
    OwnerRequest m_request;
    Done m_done;
    struct Candidate
    {
        QByteArray identity;
        X25519PublicKey session {};
        QString tier;
    };
    std::vector<Candidate> m_candidates;
    int m_tried = 0;
    QSet<QByteArray> m_triedNodes;
    std::optional<X25519PrivateKey> m_replyKey;
    std::optional<jobs::PreparedJob> m_job;
    std::optional<jobs::stream::Reader> m_stream;
    QByteArray m_modelHash; ///< ai.generate: only nodes serving this model are candidates
    QString m_streamError; ///< the first streamed chunk that did not open (the result is then refused)
    Candidate m_current;
    QString m_lastFailure;
    bool m_ready = false; ///< connected and welcomed
    bool m_submitted = false; ///< the current job was sent to the coordinator
    QString m_cancelled; ///< non-empty once cancel() was called for the current request
};

} // namespace cocoon::net
