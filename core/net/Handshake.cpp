#include "net/Handshake.h"

#include "common/Bytes.h"
#include "crypto/Hash.h"
#include "jobs/Cbor.h"

#include <QCborArray>
#include <QRegularExpression>

namespace cocoon::net {

namespace {

QCborArray devicesCbor(const QList<NodeDevice>& devices)
{
    QCborArray a;
    for (const NodeDevice& d : devices) {
        a.append(d.toCbor());
    }
    return a;
}

QByteArray nodeSignedPart(const NodeHello& h, const QByteArray& pin, const QByteArray& nonce)
{
    QCborArray termList {devicesCbor(h.devices), h.payout};
    if (!h.models.isEmpty()) {
        QCborArray models;
        for (const ModelOffer& m : h.models)
            models.append(m.toCbor());
        termList.append(models);
    }
    const QByteArray terms = cbor::encode(termList);
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

NodeDevice NodeDevice::cpu(QStringList kernels, int slotCount)
{
    return {QStringLiteral("cpu"), QStringLiteral("cpu"), QStringLiteral("CPU"), 0, std::move(kernels), slotCount};
}

QCborArray NodeDevice::toCbor() const
{
    return QCborArray {id, backend, name, qint64(std::min<std::uint64_t>(memoryBytes, INT64_MAX)),
        QCborArray::fromStringList(kernels), qint64(slotCount)};
}

Expected<NodeDevice, NetError> NodeDevice::fromCbor(const QCborValue& value)
{
    const auto bad = [](const char* why) {
        return unexpected(netError(NetErrc::Malformed, QStringLiteral("hello: a device ") + QLatin1String(why)));
    };
    const QCborArray a = value.toArray();
    if (!value.isArray() || a.size() != 6 || !a[0].isString() || !a[1].isString() || !a[2].isString()
        || !a[3].isInteger() || !a[4].isArray() || !a[5].isInteger()) {
        return bad("must be [id, backend, name, memory, kernels, slots]");
    }
    NodeDevice d;
    d.id = a[0].toString();
    d.backend = a[1].toString();
    d.name = a[2].toString();
    static const QRegularExpression idPattern(QStringLiteral("^(cpu|gpu[0-9]{1,2})$"));
    if (!idPattern.match(d.id).hasMatch()) {
        return bad("id must be 'cpu' or 'gpu<N>'");
    }
    if (d.backend != u"cpu" && d.backend != u"cuda") {
        return bad("backend must be 'cpu' or 'cuda'");
    }
    if (d.name.size() > 100 || a[3].toInteger() < 0) {
        return bad("name is longer than 100 characters, or its memory is negative");
    }
    d.memoryBytes = std::uint64_t(a[3].toInteger());
    const QCborArray kernels = a[4].toArray();
    if (kernels.size() > 64) {
        return bad("offers more than 64 kernels");
    }
    for (const QCborValue& k : kernels) {
        if (!k.isString() || k.toString().size() > 64) {
            return bad("kernel must be a name");
        }
        d.kernels << k.toString();
    }
    const qint64 count = a[5].toInteger();
    if (count < 1 || count > 64) {
        return bad("must have 1..64 slots");
    }
    d.slotCount = int(count);
    return d;
}

QCborArray ModelOffer::toCbor() const
{
    return QCborArray {sha256, qint64(std::min<std::uint64_t>(bytes, INT64_MAX)), name};
}

Expected<ModelOffer, NetError> ModelOffer::fromCbor(const QCborValue& value)
{
    const QCborArray a = value.toArray();
    if (!value.isArray() || a.size() != 3 || !a[0].isByteArray() || a[0].toByteArray().size() != 32 || !a[1].isInteger()
        || a[1].toInteger() <= 0 || !a[2].isString() || a[2].toString().size() > 100) {
        return unexpected(netError(NetErrc::Malformed,
            QStringLiteral("hello: a model must be [32-byte sha256, size, name of at most 100 characters]")));
    }
    return ModelOffer {a[0].toByteArray(), std::uint64_t(a[1].toInteger()), a[2].toString()};
}

bool isBackendName(const QString& name)
{
    return name == u"any" || name == u"cpu" || name == u"cuda";
}

bool servesBackend(const NodeDevice& device, const QString& backend)
{
    return backend.isEmpty() || backend == u"any" || device.backend == backend;
}

QStringList NodeHello::kernels() const
{
    QStringList all;
    for (const NodeDevice& d : devices) {
        for (const QString& k : d.kernels) {
            if (!all.contains(k)) {
                all << k;
            }
        }
    }
    return all;
}

int NodeHello::totalSlots() const
{
    int n = 0;
    for (const NodeDevice& d : devices) {
        n += d.slotCount;
    }
    return n;
}

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
    m.insert(QStringLiteral("devices"), devicesCbor(devices));
    m.insert(QStringLiteral("payout"), payout);
    m.insert(QStringLiteral("sig"), signature);
    if (!models.isEmpty()) {
        QCborArray a;
        for (const ModelOffer& o : models)
            a.append(o.toCbor());
        m.insert(QStringLiteral("models"), a);
    }
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
    const bool hasModels = m.contains(QStringLiteral("models"));
    if (m.size() != (hasModels ? 7 : 6) || id.size() != 32 || session.size() != 32) {
        return bad("identity and session must be 32-byte keys, and nothing else is allowed");
    }
    std::copy(id.begin(), id.end(), h.identity.begin());
    std::copy(session.begin(), session.end(), h.session.begin());
    if (!m.value(QStringLiteral("evidence")).isByteArray() || !m.value(QStringLiteral("devices")).isArray()
        || !m.value(QStringLiteral("payout")).isString() || !m.value(QStringLiteral("sig")).isByteArray()
        || m.value(QStringLiteral("sig")).toByteArray().size() != 64) {
        return bad("a field is missing or of the wrong type");
    }
    h.evidence = m.value(QStringLiteral("evidence")).toByteArray();
    const QCborArray devices = m.value(QStringLiteral("devices")).toArray();
    if (devices.isEmpty() || devices.size() > 16) {
        return bad("a node offers 1..16 devices");
    }
    QStringList ids;
    for (const QCborValue& v : devices) {
        auto d = NodeDevice::fromCbor(v);
        if (!d) {
            return unexpected(d.error());
        }
        if (ids.contains(d->id)) {
            return bad("two devices have the same id");
        }
        ids << d->id;
        h.devices << *d;
    }
    if (h.totalSlots() > 64) {
        return bad("a node offers at most 64 slots in all");
    }
    // Signed as sent: a payout address longer than any TON address is refused, not cut.
    h.payout = m.value(QStringLiteral("payout")).toString();
    if (h.payout.size() > 100) {
        return bad("the payout address is longer than 100 characters");
    }
    h.signature = m.value(QStringLiteral("sig")).toByteArray();
    if (hasModels) {
        const QCborValue models = m.value(QStringLiteral("models"));
        if (!models.isArray() || models.toArray().isEmpty() || models.toArray().size() > 32)
            return bad("models must be a list of 1 to 32 models");
        for (const QCborValue& v : models.toArray()) {
            auto o = ModelOffer::fromCbor(v);
            if (!o)
                return unexpected(o.error());
            h.models << *o;
        }
    }
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
