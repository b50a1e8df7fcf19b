#pragma once
// Who is on the other end of a worker-protocol connection. The coordinator opens every connection
// with a fresh 32-byte nonce (`challenge`); each signature below covers that nonce and the
// coordinator's key pin, so a hello or an evidence renewal can be neither replayed on another
// connection nor sent to another coordinator (docs/protocol.md, "Handshake").
//
// A node's hello: its identity and session keys, its evidence bundle, and the terms it offers
// (kernels, slots, payout address), signed by its identity key over
//   "cocoon/v2 hello" ‖ identity ‖ session ‖ SHA-256(evidence) ‖ pin ‖ nonce ‖ SHA-256(terms)
// where terms = canonical CBOR [kernels, slots, payout].
// An owner's hello: an Ed25519 key it signs "cocoon/v2 owner" ‖ key ‖ pin ‖ nonce with; the jobs
// it submits belong to that key (only it may fetch or cancel them).
// A node's evidence renewal: "cocoon/v2 evidence" ‖ identity ‖ session ‖ SHA-256(evidence) ‖ pin ‖ nonce.
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "net/Protocol.h"

#include <QStringList>

namespace cocoon::net {

struct NodeHello
{
    Ed25519PublicKey identity {};
    X25519PublicKey session {};
    QByteArray evidence; ///< attest::EvidenceBundle, encoded
    QStringList kernels;
    int capacity = 1; ///< jobs it runs at once
    QString payout; ///< TON payout address (any form), may be empty
    QByteArray signature;

    void sign(const Ed25519PrivateKey& key, const QByteArray& coordinatorPin, const QByteArray& nonce);
    bool verify(const QByteArray& coordinatorPin, const QByteArray& nonce) const;
    QCborMap toCbor() const;
    static Expected<NodeHello, NetError> fromCbor(const QCborMap& map);
};

struct OwnerHello
{
    Ed25519PublicKey key {};
    QByteArray signature;

    void sign(const Ed25519PrivateKey& ownerKey, const QByteArray& coordinatorPin, const QByteArray& nonce);
    bool verify(const QByteArray& coordinatorPin, const QByteArray& nonce) const;
    QCborMap toCbor() const;
    static Expected<OwnerHello, NetError> fromCbor(const QCborMap& map);
};

/// The signature of an `evidence` message (a node renewing its bundle on a live connection).
QByteArray signEvidenceRenewal(const Ed25519PrivateKey& identity, const X25519PublicKey& session,
    const QByteArray& evidence, const QByteArray& coordinatorPin, const QByteArray& nonce);
bool verifyEvidenceRenewal(const Ed25519PublicKey& identity, const X25519PublicKey& session, const QByteArray& evidence,
    const QByteArray& coordinatorPin, const QByteArray& nonce, const QByteArray& signature);

} // namespace cocoon::net
