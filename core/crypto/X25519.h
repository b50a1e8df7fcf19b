#pragma once
#include "common/Expected.h"
#include "crypto/KeyFile.h"
#include "crypto/Ossl.h"
#include "crypto/SecretBytes.h"

#include <QString>

#include <array>
#include <span>

namespace cocoon {

using X25519PublicKey = std::array<unsigned char, 32>;

/// An X25519 private key held by OpenSSL (the raw bytes are not kept outside it).
class X25519PrivateKey
{
public:
    static Expected<X25519PrivateKey, KeyError> generate();
    static Expected<X25519PrivateKey, KeyError> fromRaw(std::span<const unsigned char> raw32);
    /// PKCS#8 PEM (what `openssl genpkey -algorithm X25519` writes) or DER.
    static Expected<X25519PrivateKey, KeyError> fromPkcs8(QByteArrayView pemOrDer);
    static Expected<X25519PrivateKey, KeyError> loadFile(const QString& path);

    X25519PublicKey publicKey() const;
    /// The raw 32-byte scalar, in protected memory (for conformance tests and key derivation checks).
    SecretBytes rawPrivateKey() const;
    /// PKCS#8 PEM, in protected memory.
    Expected<SecretBytes, KeyError> toPkcs8Pem() const;
    /// Writes the PEM with mode 0600 via an atomic rename. Refuses to replace an existing file
    /// unless `overwrite`.
    Expected<void, KeyError> saveFile(const QString& path, bool overwrite = false) const;
    /// X25519(sk, peer); fails on the all-zero result (RFC 7748 §6.1).
    Expected<SecretBytes, KeyError> diffieHellman(const X25519PublicKey& peer) const;

    EVP_PKEY* get() const { return m_key.get(); }

private:
    explicit X25519PrivateKey(ossl::PKey key)
        : m_key(std::move(key))
    { }
    ossl::PKey m_key;
};

/// Parses 64 hex characters.
Expected<X25519PublicKey, KeyError> parsePublicKeyHex(QStringView hex);

} // namespace cocoon
