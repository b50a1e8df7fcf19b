#include "net/Handshake.h"

#include "common/Bytes.h"
#include "crypto/Hash.h"
#include "jobs/Cbor.h"

#include <QCborArray>

namespace cocoon::net {

namespace {

QByteArray nodeSignedPart(const NodeHello& h, const QByteArray& pin, const QByteArray& nonce)
{
    const QByteArray terms
        = cbor::encode(QCborArray {QCborArray::fromStringList(h.kernels), qint64(h.capacity), h.payout});
    return QByteArray("cocoon/v2 hello") + toByteArray(h.identity) + toByteArray(h.session)
        + toByteArray(sha256(h.evidence)) + pin + nonce + toByteArray(sha256(terms));
}

QByteArray ownerSignedPart(const Ed25519PublicKey& key, const QByteArray& pin, const QByteArray& nonce)
{
    return QByteArray("cocoon/v2 owner") + toByteArray(key) + pin + nonce;
}

QByteArray evidenceSignedPart(const Ed25519PublicKey& identity, const X25519PublicKey& session,
    const QByteArray& evidence, const QByteArray& pin, const QByteArray& nonce)
{
    return QByteArray("cocoon/v2 evidence") + toByteArray(identity) + toByteArray(session)
        + toByteArray(sha256(evidence)) + pin + nonce;
}

} // namespace

void NodeHello::sign(const Ed25519PrivateKey& key, const QByteArray& coordinatorPin, const QByteArray& nonce)
{
    identity = key.publicKey();
    signature = toByteArray(key.sign(asBytes(nodeSignedPart(*this, coordinatorPin, nonce))));
}

bool NodeHello::verify(const QByteArray& coordinatorPin, const QByteArray& nonce) const
{
    return ed25519Verify(identity, asBytes(nodeSignedPart(*this, coordinatorPin, nonce)), asBytes(signature));
}

QCborMap NodeHello::toCbor() const
{
    QCborMap m;
    m.insert(QStringLiteral("identity"), toByteArray(identity));
    m.insert(QStringLiteral("session"), toByteArray(session));
    m.insert(QStringLiteral("evidence"), evidence);
    m.insert(QStringLiteral("kernels"), QCborArray::fromStringList(kernels));
    m.insert(QStringLiteral("slots"), capacity);
    m.insert(QStringLiteral("payout"), payout);
    m.insert(QStringLiteral("sig"), signature);
    return m;
}

Expected<NodeHello, NetError> NodeHello::fromCbor(const QCborMap& m)
{
    const auto bad = [](const char* why) {
        return unexpected(netError(NetErrc::Malformed, QStringLiteral("hello: ") + QLatin1String(why)));
    };
    NodeHello h;
    const QByteArray id = m.value(QStringLiteral("identity")).toByteArray();
    const QByteArray session = m.value(QStringLiteral("session")).toByteArray();
    if (m.size() != 7 || id.size() != 32 || session.size() != 32) {
        return bad("identity and session must be 32-byte keys, and nothing else is allowed");
    }
    std::copy(id.begin(), id.end(), h.identity.begin());
    std::copy(session.begin(), session.end(), h.session.begin());
    if (!m.value(QStringLiteral("evidence")).isByteArray() || !m.value(QStringLiteral("kernels")).isArray()
        || !m.value(QStringLiteral("slots")).isInteger() || !m.value(QStringLiteral("payout")).isString()
        || !m.value(QStringLiteral("sig")).isByteArray() || m.value(QStringLiteral("sig")).toByteArray().size() != 64) {
        return bad("a field is missing or of the wrong type");
    }
    h.evidence = m.value(QStringLiteral("evidence")).toByteArray();
    for (const QCborValue& k : m.value(QStringLiteral("kernels")).toArray()) {
        if (!k.isString() || k.toString().size() > 64) {
            return bad("kernels must be names");
        }
        h.kernels << k.toString();
    }
    const qint64 capacity = m.value(QStringLiteral("slots")).toInteger();
    if (capacity < 1 || capacity > 64 || h.kernels.size() > 64) {
        return bad("slots must be 1..64 and at most 64 kernels");
    }
    h.capacity = int(capacity);
    // Signed as sent: a payout address longer than any TON address is refused, not cut.
    h.payout = m.value(QStringLiteral("payout")).toString();
    if (h.payout.size() > 100) {
        return bad("the payout address is longer than 100 characters");
    }
    h.signature = m.value(QStringLiteral("sig")).toByteArray();
    return h;
}

void OwnerHello::sign(const Ed25519PrivateKey& ownerKey, const QByteArray& coordinatorPin, const QByteArray& nonce)
{
    key = ownerKey.publicKey();
    signature = toByteArray(ownerKey.sign(asBytes(ownerSignedPart(key, coordinatorPin, nonce))));
}

bool OwnerHello::verify(const QByteArray& coordinatorPin, const QByteArray& nonce) const
{
    return ed25519Verify(key, asBytes(ownerSignedPart(key, coordinatorPin, nonce)), asBytes(signature));
}

QCborMap OwnerHello::toCbor() const
{
    QCborMap m;
    m.insert(QStringLiteral("key"), toByteArray(key));
    m.insert(QStringLiteral("sig"), signature);
    return m;
}

Expected<OwnerHello, NetError> OwnerHello::fromCbor(const QCborMap& m)
{
    const QByteArray key = m.value(QStringLiteral("key")).toByteArray();
    const QByteArray sig = m.value(QStringLiteral("sig")).toByteArray();
    if (m.size() != 2 || key.size() != 32 || sig.size() != 64) {
        return unexpected(netError(NetErrc::Malformed,
            QStringLiteral("hello: an owner's map holds exactly a 32-byte 'key' and a 64-byte 'sig'")));
    }
    OwnerHello h;
    std::copy(key.begin(), key.end(), h.key.begin());
    h.signature = sig;
    return h;
}

QByteArray signEvidenceRenewal(const Ed25519PrivateKey& identity, const X25519PublicKey& session,
    const QByteArray& evidence, const QByteArray& coordinatorPin, const QByteArray& nonce)
{
    return toByteArray(
        identity.sign(asBytes(evidenceSignedPart(identity.publicKey(), session, evidence, coordinatorPin, nonce))));
}

bool verifyEvidenceRenewal(const Ed25519PublicKey& identity, const X25519PublicKey& session, const QByteArray& evidence,
    const QByteArray& coordinatorPin, const QByteArray& nonce, const QByteArray& signature)
{
    return signature.size() == 64
        && ed25519Verify(identity, asBytes(evidenceSignedPart(identity, session, evidence, coordinatorPin, nonce)),
            asBytes(signature));
}

} // namespace cocoon::net
