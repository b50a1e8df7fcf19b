#include "crypto/X25519.h"

#include "common/AtomicFile.h"
#include "common/Hex.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QFile>

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
    if (raw.size() != 32) {
        return unexpected(keyErr(
            KeyErrc::InvalidLength, QStringLiteral("an X25519 private key is 32 bytes, not %1").arg(raw.size())));
    }
    ossl::PKey key(EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, raw.data(), raw.size()));
    if (!key) {
        return unexpected(keyErr(KeyErrc::Internal, QStringLiteral("cannot load X25519 key: ") + ossl::lastError()));
    }
    return X25519PrivateKey(std::move(key));
}

Expected<X25519PrivateKey, KeyError> X25519PrivateKey::fromPkcs8(QByteArrayView bytes)
{
    ossl::Bio bio(BIO_new_mem_buf(bytes.data(), int(bytes.size())));
    EVP_PKEY* raw = nullptr;
    if (bytes.contains(QByteArrayView("-----BEGIN"))) {
        raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    } else {
        raw = d2i_PrivateKey_bio(bio.get(), nullptr);
    }
    ossl::PKey key(raw);
    const QString detail = ossl::lastError();
    if (!key) {
        return unexpected(keyErr(KeyErrc::BadEncoding,
            QStringLiteral("not a PKCS#8 private key (PEM or DER)%1")
                .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail)));
    }
    if (!EVP_PKEY_is_a(key.get(), "X25519")) {
        return unexpected(keyErr(KeyErrc::NotX25519,
            QStringLiteral("the key is %1, not X25519").arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key.get())))));
    }
    return X25519PrivateKey(std::move(key));
}

Expected<X25519PrivateKey, KeyError> X25519PrivateKey::loadFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return unexpected(
            keyErr(KeyErrc::Io, QStringLiteral("cannot read key file %1: %2").arg(path, f.errorString())));
    }
    if (f.size() > 64 * 1024) {
        return unexpected(keyErr(KeyErrc::BadEncoding, QStringLiteral("%1 is too large to be a key file").arg(path)));
    }
    SecretBytes buf(std::size_t(f.size()));
    if (f.read(reinterpret_cast<char*>(buf.data()), f.size()) != f.size()) {
        return unexpected(
            keyErr(KeyErrc::Io, QStringLiteral("cannot read key file %1: %2").arg(path, f.errorString())));
    }
    auto key = fromPkcs8(QByteArrayView(buf.data(), qsizetype(buf.size())));
    if (!key) {
        return unexpected(keyErr(key.error().code, path + QStringLiteral(": ") + key.error().message));
    }
    return key;
}

X25519PublicKey X25519PrivateKey::publicKey() const
{
    X25519PublicKey pub {};
    std::size_t len = pub.size();
    EVP_PKEY_get_raw_public_key(m_key.get(), pub.data(), &len);
    return pub;
}

SecretBytes X25519PrivateKey::rawPrivateKey() const
{
    SecretBytes raw(32);
    std::size_t len = raw.size();
    EVP_PKEY_get_raw_private_key(m_key.get(), raw.data(), &len);
    return raw;
}

Expected<SecretBytes, KeyError> X25519PrivateKey::toPkcs8Pem() const
{
    ossl::Bio bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return unexpected(keyErr(KeyErrc::Internal, QStringLiteral("cannot encode key: ") + ossl::lastError()));
    }
    char* p = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &p);
    return SecretBytes(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(p), std::size_t(n)));
}

Expected<void, KeyError> X25519PrivateKey::saveFile(const QString& path, bool overwrite) const
{
    if (!overwrite && QFile::exists(path)) {
        return unexpected(keyErr(KeyErrc::FileExists,
            QStringLiteral("%1 already exists; refusing to overwrite a key (use --force)").arg(path)));
    }
    auto pem = toPkcs8Pem();
    if (!pem) {
        return unexpected(pem.error());
    }
    auto written = writeFileAtomically(
        path, QByteArrayView(pem->data(), qsizetype(pem->size())), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!written) {
        return unexpected(keyErr(KeyErrc::Io, written.error()));
    }
    return {};
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
