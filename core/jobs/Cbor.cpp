#include "jobs/Cbor.h"

#include "common/Bytes.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamReader>

#include <algorithm>
#include <vector>

namespace cocoon::cbor {
namespace {

QCborValue canonical(const QCborValue& v)
{
    if (v.isMap()) {
        std::vector<std::pair<QByteArray, std::pair<QCborValue, QCborValue>>> entries;
        const QCborMap m = v.toMap();
        for (auto it = m.constBegin(); it != m.constEnd(); ++it) {
            QCborValue key = canonical(it.key());
            QByteArray encodedKey = key.toCbor();
            entries.push_back({std::move(encodedKey), {std::move(key), canonical(it.value())}});
        }
        // Bytewise lexicographic order of the encoded keys (RFC 8949 §4.2.1).
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        QCborMap out;
        for (auto& e : entries) {
            out.insert(e.second.first, e.second.second);
        }
        return out;
    }
    if (v.isArray()) {
        QCborArray out;
        for (const QCborValue& item : v.toArray()) {
            out.append(canonical(item));
        }
        return out;
    }
    if (v.isInteger() || v.isByteArray() || v.isString() || v.isBool() || v.isNull()) {
        return v;
    }
    return QCborValue(nullptr);
}

// Walks the encoded item once before anything is built from it: nesting at most kMaxDepth deep,
// map keys only text strings or integers. QCborValue accepts containers as map keys, and a few
// hundred bytes of maps keyed by maps keyed by maps cost memory and time exponential in the
// depth to build and walk (found by fuzz_manifest); none of our formats needs either.
QString checkShape(QCborStreamReader& reader, int depth)
{
    if (!reader.isValid()) {
        return QStringLiteral("not valid CBOR: %1").arg(reader.lastError().toString());
    }
    if (!reader.isArray() && !reader.isMap()) {
        reader.next();
        return {};
    }
    if (depth >= kMaxDepth) {
        return QStringLiteral("nested more than %1 levels deep").arg(kMaxDepth);
    }
    const bool isMap = reader.isMap();
    if (!reader.enterContainer()) {
        return QStringLiteral("not valid CBOR: %1").arg(reader.lastError().toString());
    }
    for (bool atKey = isMap; reader.lastError() == QCborError::NoError && reader.hasNext(); atKey = isMap && !atKey) {
        if (atKey && reader.isValid() && !reader.isString() && !reader.isInteger()) {
            return QStringLiteral("a map key that is not a text string or an integer");
        }
        if (QString error = checkShape(reader, depth + 1); !error.isEmpty()) {
            return error;
        }
    }
    if (reader.lastError() == QCborError::NoError) {
        reader.leaveContainer();
    }
    return {};
}

} // namespace

bool hasOnlyAllowedTypes(const QCborValue& v, QString* where)
{
    if (v.isMap()) {
        const QCborMap m = v.toMap();
        for (auto it = m.constBegin(); it != m.constEnd(); ++it) {
            if (!hasOnlyAllowedTypes(it.key(), where) || !hasOnlyAllowedTypes(it.value(), where)) {
                if (where && it.key().isString()) {
                    *where = it.key().toString() + (where->isEmpty() ? QString() : QLatin1Char('.') + *where);
                }
                return false;
            }
        }
        return true;
    }
    if (v.isArray()) {
        const QCborArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!hasOnlyAllowedTypes(a.at(i), where)) {
                if (where) {
                    *where = QStringLiteral("[%1]").arg(i) + (where->isEmpty() ? QString() : QLatin1Char('.') + *where);
                }
                return false;
            }
        }
        return true;
    }
    return v.isInteger() || v.isByteArray() || v.isString() || v.isBool() || v.isNull();
}

QByteArray encode(const QCborValue& value)
{
    return canonical(value).toCbor();
}

Expected<QCborValue, QString> decodeCanonical(QByteArrayView bytes, qsizetype maxBytes)
{
    if (bytes.size() > maxBytes) {
        return unexpected(QStringLiteral("%1 bytes is more than the %2-byte limit").arg(bytes.size()).arg(maxBytes));
    }
    {
        QCborStreamReader shape(bytes.data(), bytes.size());
        if (QString error = checkShape(shape, 0); !error.isEmpty()) {
            return unexpected(error);
        }
    }
    QCborStreamReader reader(bytes.data(), bytes.size());
    QCborValue v = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError) {
        return unexpected(QStringLiteral("not valid CBOR: %1").arg(reader.lastError().toString()));
    }
    if (reader.currentOffset() != bytes.size()) {
        return unexpected(QStringLiteral("unexpected bytes after the CBOR item"));
    }
    QString where;
    if (!hasOnlyAllowedTypes(v, &where)) {
        return unexpected(QStringLiteral("unsupported CBOR type (floats, tags and other simple values are not "
                                         "allowed) at %1")
                              .arg(where.isEmpty() ? QStringLiteral("top level") : where));
    }
    if (encode(v) != bytes) {
        return unexpected(QStringLiteral("not in canonical CBOR encoding (RFC 8949 §4.2.1)"));
    }
    return v;
}

QByteArray signBody(const char* domain, const QByteArray& body, const Ed25519PrivateKey& key)
{
    const Ed25519Signature sig = key.sign(asBytes(QByteArray(domain) + body));
    QCborMap outer;
    outer.insert(QStringLiteral("body"), body);
    outer.insert(QStringLiteral("sig"), toByteArray(sig));
    return encode(outer);
}

Expected<SignedBody, QString> splitSigned(QByteArrayView bytes, qsizetype maxBytes)
{
    auto outer = decodeCanonical(bytes, maxBytes);
    if (!outer) {
        return unexpected(outer.error());
    }
    const QCborMap m = outer->toMap();
    if (!outer->isMap() || m.size() != 2 || !m.value(QStringLiteral("body")).isByteArray()
        || !m.value(QStringLiteral("sig")).isByteArray()) {
        return unexpected(QStringLiteral("expected a map of exactly 'body' and 'sig' byte strings"));
    }
    return SignedBody {m.value(QStringLiteral("body")).toByteArray(), m.value(QStringLiteral("sig")).toByteArray()};
}

bool verifyBody(const char* domain, const SignedBody& signedBody, const Ed25519PublicKey& key)
{
    return ed25519Verify(key, asBytes(QByteArray(domain) + signedBody.body), asBytes(signedBody.sig));
}

} // namespace cocoon::cbor
