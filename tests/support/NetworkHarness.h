#pragma once
// Nodes on an in-process worker network over loopback, for the network tests, the load test and
// the network benchmark: each node is built the way the contributor builds its own — an identity
// and a session key, an evidence bundle bound to them (collected from an empty root, so the
// honest `sealed` tier), a ledger on a real SQLite file and a jobs directory — and joins the
// coordinator at `url` with its pin. Header-only and free of QtTest, so bench/ can use it.
#include "attest/EvidenceBundle.h"
#include "attest/LocalEvidence.h"
#include "ledger/Ledger.h"
#include "net/NodeClient.h"

#include <QDir>
#include <QTemporaryDir>

#include <atomic>
#include <memory>
#include <optional>

namespace cocoon::test {

struct SimNode
{
    Ed25519PrivateKey identity = *Ed25519PrivateKey::generate();
    X25519PrivateKey session = *X25519PrivateKey::generate();
    QString dir;
    std::optional<ledger::Ledger> ledger;
    std::unique_ptr<net::NodeClient> client;
};

/// An encoded evidence bundle for a machine without a TEE, bound to `identity` and `session`.
inline QByteArray sealedTierEvidence(
    const Clock& clock, const Ed25519PublicKey& identity, const X25519PublicKey& session)
{
    static const QTemporaryDir emptyRoot; // no /sys, no /dev: no TEE to find
    const auto evidence = attest::collectLocalEvidence(
        emptyRoot.path(), attest::bindingReportData(identity, session), nullptr, false, "test");
    return attest::EvidenceBundle::fromLocal(
        evidence, identity, session, std::uint64_t(clock.nowUtc().toMSecsSinceEpoch()))
        .encode();
}

/// A throttle that holds a job at its first step until opened (a node that is busy, then dies or
/// finishes on cue).
class Gate final : public jobs::Throttle
{
public:
    jobs::ThrottleDecision next(const jobs::ThrottleQuery&) override
    {
        return open ? jobs::ThrottleDecision::proceed() : jobs::ThrottleDecision::stop(QStringLiteral("held"));
    }
    std::atomic<bool> open {false};
};

struct SimNodeOptions
{
    int capacity = 1;
    jobs::Throttle* throttle = nullptr;
    bool ledger = true; ///< without one, results are not persisted for redelivery
    bool renewEvidence = false; ///< collect a fresh bundle when the old one is 20 h old
    QList<QSslCertificate> caCertificates; ///< with an empty pin: a private CA to trust
    QString payout; ///< the TON address the node asks to be paid at
    QList<net::ModelOffer> models; ///< language models it serves (ai.generate) ...
    jobs::ModelLookup modelFiles; ///< ... and where their files are
};

/// A node in `dir` joining `url` (its client started).
inline std::unique_ptr<SimNode> startNode(
    const Clock& clock, const QUrl& url, const QString& pin, const QString& dir, const SimNodeOptions& options = {})
{
    auto n = std::make_unique<SimNode>();
    n->dir = dir;
    QDir().mkpath(dir + QStringLiteral("/jobs"));
    if (options.ledger) {
        if (auto l = ledger::Ledger::open(dir + QStringLiteral("/ledger.sqlite"), clock)) {
            n->ledger.emplace(std::move(*l));
        }
    }
    net::NodeOptions o;
    o.url = url;
    o.pin = pin;
    o.jobsDir = dir + QStringLiteral("/jobs");
    o.capacity = options.capacity;
    o.firstBackoff = std::chrono::milliseconds(50);
    o.maxBackoff = std::chrono::milliseconds(500);
    o.evidence = sealedTierEvidence(clock, n->identity.publicKey(), n->session.publicKey());
    o.caCertificates = options.caCertificates;
    o.payout = options.payout;
    o.models = options.models;
    if (options.renewEvidence) {
        SimNode* node = n.get(); // owns the client that calls this
        o.renewEvidence = [&clock, node] {
            return sealedTierEvidence(clock, node->identity.publicKey(), node->session.publicKey());
        };
    }
    jobs::JobContext c;
    c.sessionKey = &n->session;
    c.identity = &n->identity;
    c.clock = &clock;
    c.sleep = [](std::chrono::microseconds) {};
    c.models = options.modelFiles;
    n->client = std::make_unique<net::NodeClient>(o, c, n->ledger ? &*n->ledger : nullptr, options.throttle);
    n->client->start();
    return n;
}

} // namespace cocoon::test
