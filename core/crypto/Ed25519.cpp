#include "crypto/Ed25519.h"

#include <QFile>

namespace cocoon {

Expected<Ed25519PrivateKey, KeyError> Ed25519PrivateKey::generate()
{
    ossl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "ED25519", nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_generate(ctx.get(), &key) <= 0) {
        return unexpected(
            KeyError {KeyErrc::Internal, QStringLiteral("Ed25519 key generation failed: ") + ossl::lastError()});
    }
    return Ed25519PrivateKey(ossl::PKey(key));
}

Expected<Ed25519PrivateKey, KeyError> Ed25519PrivateKey::fromSeed(std::span<const unsigned char> seed)
{
    auto key = keyfile::fromRaw("ED25519", seed, 32);
    if (!key) {
        return unexpected(key.error());
    }
    return Ed25519PrivateKey(std::move(*key));
}

Expected<Ed25519PrivateKey, KeyError> Ed25519PrivateKey::loadFile(const QString& path)
{
    auto key = keyfile::load(path, "ED25519");
    if (!key) {
        return unexpected(key.error());
    }
    return Ed25519PrivateKey(std::move(*key));
}

Expected<Ed25519PrivateKey, KeyError> Ed25519PrivateKey::loadOrCreate(const QString& path, bool* created)
{
    if (created) {
        *created = false;
    }
    if (QFile::exists(path)) {
        return loadFile(path);
    }
    auto key = generate();
    if (!key) {
        return key;
    }
    if (auto saved = key->saveFile(path); !saved) {
        return unexpected(saved.error());
    }
    if (created) {
        *created = true;
    }
    return key;
}

Ed25519PublicKey Ed25519PrivateKey::publicKey() const
{
    return keyfile::rawPublic(m_key.get());
}

Expected<void, KeyError> Ed25519PrivateKey::saveFile(const QString& path, bool overwrite) const
{
    return keyfile::save(m_key.get(), path, overwrite);
}

Ed25519Signature Ed25519PrivateKey::sign(std::span<const unsigned char> message) const
{
    Ed25519Signature sig {};
    std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX_free>> ctx(EVP_MD_CTX_new());
    std::size_t len = sig.size();
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, m_key.get(), nullptr) != 1
        || EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1) {
        ossl::lastError();
        sig.fill(0); // an all-zero signature never verifies
    }
    return sig;
}

bool ed25519Verify(
    const Ed25519PublicKey& publicKey, std::span<const unsigned char> message, std::span<const unsigned char> signature)
{
    if (signature.size() != 64) {
        return false;
    }
    ossl::PKey key(EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, publicKey.data(), publicKey.size()));
    std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX_free>> ctx(EVP_MD_CTX_new());
    const bool ok = key && ctx
        && EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) == 1
        && EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
    ossl::lastError();
    return ok;
}

} // namespace cocoon
