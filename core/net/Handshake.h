#pragma once
// The node's part of "hello": who it is, what it offers, its evidence bundle, and a signature by
// its identity key over "cocoon/v1 hello" ‖ identity ‖ session ‖ SHA-256(evidence) ‖ coordinator
// key pin, so a hello cannot be replayed to another coordinator or with other evidence.
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

    void sign(const Ed25519PrivateKey& key, const QByteArray& coordinatorPin);
    bool verify(const QByteArray& coordinatorPin) const;
    QCborMap toCbor() const;
    static Expected<NodeHello, NetError> fromCbor(const QCborMap& map);
};

} // namespace cocoon::net
