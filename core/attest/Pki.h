#pragma once
// The certificate and signature plumbing the evidence verifiers share (OpenSSL underneath).
#include "crypto/Ossl.h"

#include <openssl/x509.h>

#include <QByteArray>
#include <QString>

#include <vector>

namespace cocoon::attest::pki {

using X509Ptr = std::unique_ptr<X509, ossl::Deleter<X509_free>>;

/// One certificate, DER or PEM; null when it is neither.
X509Ptr readCertificate(const QByteArray& derOrPem);
/// Every PEM certificate in `pem`, in order.
std::vector<X509Ptr> readPemChain(const QByteArray& pem);
/// The hex SHA-256 of a certificate's SubjectPublicKeyInfo (how vendor roots are pinned).
QString spkiSha256(X509* cert);
/// `cert`'s signature verifies with `issuer`'s public key.
bool signedBy(X509* cert, X509* issuer);
/// An ECDSA signature given as big-endian r and s, over `data` hashed with `md`.
bool verifyEcdsa(EVP_PKEY* key, const EVP_MD* md, const QByteArray& data, const QByteArray& r, const QByteArray& s);
/// A P-256 public key from its raw 64-byte x ‖ y.
ossl::PKey p256Key(const QByteArray& xy);

} // namespace cocoon::attest::pki
