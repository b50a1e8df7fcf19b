#pragma once
// Ed25519 signing keys: the node identity (receipts) and, later, coordinator statements.
#include "common/Expected.h"
#include "crypto/KeyFile.h"

#include <array>
#include <span>

namespace cocoon {

using Ed25519PublicKey = std::array<unsigned char, 32>;
using Ed25519Signature = std::array<unsigned char, 64>;

class Ed25519PrivateKey
{
public:
    static Expected<Ed25519PrivateKey, KeyError> generate();
    static Expected<Ed25519PrivateKey, KeyError> fromSeed(std::span<const unsigned char> seed32);
    static Expected<Ed25519PrivateKey, KeyError> loadFile(const QString& path);
    /// Loads `path`, or creates a new key there (mode 0600) when it does not exist.
    static Expected<Ed25519PrivateKey, KeyError> loadOrCreate(const QString& path, bool* created = nullptr);

    Ed25519PublicKey publicKey() const;
    Expected<void, KeyError> saveFile(const QString& path, bool overwrite = false) const;
    Ed25519Signature sign(std::span<const unsigned char> message) const;

private:
    explicit Ed25519PrivateKey(ossl::PKey key)
        : m_key(std::move(key))
    { }
    ossl::PKey m_key;
};

/// True when `signature` is a valid Ed25519 signature of `message` by `publicKey`.
bool ed25519Verify(const Ed25519PublicKey& publicKey, std::span<const unsigned char> message,
    std::span<const unsigned char> signature);

} // namespace cocoon
