#pragma once
// Canonical CBOR (RFC 8949 §4.2.1, core deterministic encoding) on top of QCborValue:
// definite lengths and shortest integer forms (QCborValue already writes those) and map keys
// sorted by their encoded bytes (done here). Our formats use only unsigned/negative integers,
// byte and text strings, arrays, maps, booleans and null — no floats, tags or undefined — so
// every value has exactly one encoding and hashes and signatures are stable.
#include "common/Expected.h"
#include "crypto/Ed25519.h"

#include <QByteArray>
#include <QCborValue>

namespace cocoon::cbor {

/// Deepest nesting of arrays and maps a decoded value may have (the top level is depth 0).
inline constexpr int kMaxDepth = 16;

/// The canonical encoding. Values of other types than those listed above are encoded as null.
QByteArray encode(const QCborValue& value);

/// Decodes `bytes` and accepts them only if they are exactly the canonical encoding of an
/// allowed value: one top-level item, nothing after it, no more than `maxBytes`, arrays and maps
/// nested no deeper than kMaxDepth, map keys only text strings or integers.
Expected<QCborValue, QString> decodeCanonical(QByteArrayView bytes, qsizetype maxBytes);

/// A signed document: canonical {"body": bstr, "sig": bstr}, the Ed25519 signature over
/// `domain` || body (receipts, credit statements; docs/protocol.md).
struct SignedBody
{
    QByteArray body;
    QByteArray sig;
};
QByteArray signBody(const char* domain, const QByteArray& body, const Ed25519PrivateKey& key);
/// Splits a signed document (no signature check yet: the key is usually inside the body).
Expected<SignedBody, QString> splitSigned(QByteArrayView bytes, qsizetype maxBytes);
bool verifyBody(const char* domain, const SignedBody& signedBody, const Ed25519PublicKey& key);

/// The allowed types only (recursively); the first offending path in `where`.
bool hasOnlyAllowedTypes(const QCborValue& value, QString* where);

} // namespace cocoon::cbor
