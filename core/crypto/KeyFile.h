#pragma once
// PKCS#8 private keys of any OpenSSL key type (X25519, Ed25519): parse PEM or DER, load a file,
// write a file with mode 0600 through an atomic rename. The key classes build on these.
#include "common/Expected.h"
#include "crypto/Ossl.h"
#include "crypto/SecretBytes.h"

#include <QString>

namespace cocoon {

enum class KeyErrc {
    InvalidLength, ///< raw key of the wrong size
    WrongType, ///< a key, but of another algorithm
    BadEncoding, ///< not PEM/DER PKCS#8, or damaged
    WeakKey, ///< Diffie-Hellman gave the all-zero value (small-order public key)
    FileExists, ///< refusing to overwrite a key file
    Io,
    Internal, ///< OpenSSL failed unexpectedly
};
using KeyError = Error<KeyErrc>;

namespace keyfile {

/// Parses PKCS#8 (PEM "PRIVATE KEY" block) or DER; `type` is OpenSSL's name ("X25519", "ED25519").
Expected<ossl::PKey, KeyError> parse(QByteArrayView pemOrDer, const char* type);
/// Reads and parses a key file (read into wiped memory).
Expected<ossl::PKey, KeyError> load(const QString& path, const char* type);
/// PKCS#8 PEM in protected memory.
Expected<SecretBytes, KeyError> toPem(EVP_PKEY* key);
/// Writes PKCS#8 PEM with mode 0600; refuses to replace an existing file unless `overwrite`.
Expected<void, KeyError> save(EVP_PKEY* key, const QString& path, bool overwrite);
/// A key from raw private bytes.
Expected<ossl::PKey, KeyError> fromRaw(const char* type, std::span<const unsigned char> raw, std::size_t expected);
/// The raw public key bytes (32 for X25519 and Ed25519).
std::array<unsigned char, 32> rawPublic(EVP_PKEY* key);
/// The raw private key bytes.
SecretBytes rawPrivate(EVP_PKEY* key);

} // namespace keyfile
} // namespace cocoon
