#include "net/Handshake.h"

#include "common/Bytes.h"
#include "crypto/Hash.h"

#include <QCborArray>

namespace cocoon::net {

namespace {
QByteArray signedPart(const NodeHello& h, const QByteArray& pin)
{
    return QByteArray("cocoon/v1 hello") + toByteArray(h.identity) + toByteArray(h.session)
        + toByteArray(sha256(h.evidence)) + pin;
}
} // namespace

void NodeHello::sign(const Ed25519PrivateKey& key, const QByteArray& coordinatorPin)
{
    identity = key.publicKey();
    signature = toByteArray(key.sign(asBytes(signedPart(*this, coordinatorPin))));
}

bool NodeHello::verify(const QByteArray& coordinatorPin) const
{
    return ed25519Verify(identity, asBytes(signedPart(*this, coordinatorPin)), asBytes(signature));
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
    h.payout = m.value(QStringLiteral("payout")).toString().left(100);
    h.signature = m.value(QStringLiteral("sig")).toByteArray();
    return h;
}

} // namespace cocoon::net
