#include "crypto/X25519.h"

#include "common/Hex.h"

namespace cocoon {
namespace {

KeyError keyErr(KeyErrc c, QString m)
{
    return KeyError {c, std::move(m)};
}

} // namespace

Expected<X25519PrivateKey, KeyError> X25519PrivateKey::generate()
{
    ossl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "X25519", nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_generate(ctx.get(), &key) <= 0) {
        return unexpected(
            keyErr(KeyErrc::Internal, QStringLiteral("X25519 key generation failed: ") + ossl::lastError()));
    }
    return X25519PrivateKey(ossl::PKey(key));
}

Expected<X25519PrivateKey, KeyError> X25519PrivateKey::fromRaw(std::span<const unsigned char> raw)
{
    auto key = keyfile::fromRaw("X25519", raw, 32);
    if (!key) {
        return unexpected(key.error());
    }
    return X25519PrivateKey(std::move(*key));
}

Expected<X25519PrivateKey, KeyError> X25519PrivateKey::fromPkcs8(QByteArrayView bytes)
{
    auto key = keyfile::parse(bytes, "X25519");
    if (!key) {
        return unexpected(key.error());
    }
    return X25519PrivateKey(std::move(*key));
}

Expected<X25519PrivateKey, KeyError> X25519PrivateKey::loadFile(const QString& path)
{
    auto key = keyfile::load(path, "X25519");
    if (!key) {
        return unexpected(key.error());
    }
    return X25519PrivateKey(std::move(*key));
}

X25519PublicKey X25519PrivateKey::publicKey() const
{
    return keyfile::rawPublic(m_key.get());
}

SecretBytes X25519PrivateKey::rawPrivateKey() const
{
    return keyfile::rawPrivate(m_key.get());
}

Expected<SecretBytes, KeyError> X25519PrivateKey::toPkcs8Pem() const
{
    return keyfile::toPem(m_key.get());
}

Expected<void, KeyError> X25519PrivateKey::saveFile(const QString& path, bool overwrite) const
{
    return keyfile::save(m_key.get(), path, overwrite);
}

Expected<SecretBytes, KeyError> X25519PrivateKey::diffieHellman(const X25519PublicKey& peer) const
{
    ossl::PKey peerKey(EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr, peer.data(), peer.size()));
    ossl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, m_key.get(), nullptr));
    SecretBytes out(32);
    std::size_t len = out.size();
    if (!peerKey || !ctx || EVP_PKEY_derive_init(ctx.get()) <= 0
        || EVP_PKEY_derive_set_peer(ctx.get(), peerKey.get()) <= 0 || EVP_PKEY_derive(ctx.get(), out.data(), &len) <= 0
        || len != 32) {
        ossl::lastError();
        // OpenSSL refuses an all-zero shared secret; that is the only way a valid 32-byte key fails here.
        return unexpected(keyErr(KeyErrc::WeakKey, QStringLiteral("the public key is not usable (small-order point)")));
    }
    unsigned char acc = 0;
    for (unsigned char b : out.span()) {
        acc |= b;
    }
    if (acc == 0) {
        return unexpected(keyErr(KeyErrc::WeakKey, QStringLiteral("the public key is not usable (small-order point)")));
    }
    return out;
}

Expected<X25519PublicKey, KeyError> parsePublicKeyHex(QStringView text)
{
    auto bytes = hex::decode(text);
    if (!bytes) {
        return unexpected(keyErr(KeyErrc::BadEncoding, QStringLiteral("public key: ") + bytes.error()));
    }
    if (bytes->size() != 32) {
        return unexpected(keyErr(KeyErrc::InvalidLength,
            QStringLiteral("an X25519 public key is 64 hex characters (32 bytes), not %1 bytes").arg(bytes->size())));
    }
    X25519PublicKey pub {};
    std::copy(bytes->begin(), bytes->end(), pub.begin());
    return pub;
}

} // namespace cocoon
