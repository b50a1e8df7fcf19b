#pragma once
// Who is on the other end of a worker-protocol connection. The coordinator opens every connection
// with a fresh 32-byte nonce (`challenge`); each signature below covers that nonce and the
// coordinator's key pin, so a hello or an evidence renewal can be neither replayed on another
// connection nor sent to another coordinator (docs/protocol.md, "Handshake").
//
// A node's hello: its identity and session keys, its evidence bundle, and the terms it offers
// (its devices — each with a backend, memory, kernels and slots — and a payout address), signed by
// its identity key over
//   "cocoon/v2 hello" ‖ identity ‖ session ‖ SHA-256(evidence) ‖ pin ‖ nonce ‖ SHA-256(terms)
// where terms = canonical CBOR [[[id, backend, name, memory, kernels, slots], ...], payout] — with a
// third entry [[sha256, bytes, name], ...] when the node serves language models (ai.generate).
// An owner's hello: an Ed25519 key it signs "cocoon/v2 owner" ‖ key ‖ pin ‖ nonce with; the jobs
// it submits belong to that key (only it may fetch or cancel them).
// A node's evidence renewal: "cocoon/v2 evidence" ‖ identity ‖ session ‖ SHA-256(evidence) ‖ pin ‖ nonce.
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "net/Protocol.h"

#include <QCborArray>
#include <QStringList>

namespace cocoon::net {

/// One device a node offers work on: the coordinator leases each job to one of a node's devices,
/// and the node runs it there under that device's own throttle.
struct NodeDevice
{
    QString id; ///< "cpu", "gpu0", ... (unique within the node)
    QString backend; ///< "cpu" or "cuda"
    QString name; ///< for people ("NVIDIA GeForce RTX 4070")
    std::uint64_t memoryBytes = 0; ///< the GPU's memory (0 for the CPU)
    QStringList kernels; ///< catalogue kernels it runs
    int slotCount = 1; ///< jobs it runs at once

    /// A CPU device offering `kernels` (tests, and nodes that run on the CPU only).
    static NodeDevice cpu(QStringList kernels, int slotCount = 1);
    QCborArray toCbor() const;
    static Expected<NodeDevice, NetError> fromCbor(const QCborValue& value);
};

/// A language model a node serves (ai.generate): its GGUF file's SHA-256 and size, and a name.
struct ModelOffer
{
    QByteArray sha256; ///< 32 bytes
    std::uint64_t bytes = 0;
    QString name;

    QCborArray toCbor() const;
    static Expected<ModelOffer, NetError> fromCbor(const QCborValue& value);
    bool operator==(const ModelOffer&) const = default;
};

/// The backends a job may ask for ("any" takes the first free device, GPUs first).
bool isBackendName(const QString& name);
/// True when `device` serves a job asking for `backend` ("any", "cpu", "cuda").
bool servesBackend(const NodeDevice& device, const QString& backend);

struct NodeHello
{
    Ed25519PublicKey identity {};
    X25519PublicKey session {};
    QByteArray evidence; ///< attest::EvidenceBundle, encoded
    QList<NodeDevice> devices; ///< 1..16, ids unique
    QString payout; ///< TON payout address (any form), may be empty
    QList<ModelOffer> models; ///< at most 32
    QByteArray signature;

    /// Every kernel some device runs, and all devices' slots together.
    QStringList kernels() const;
    int totalSlots() const;

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
