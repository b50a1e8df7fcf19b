#include "crypto/KeyFile.h"

#include "common/AtomicFile.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QFile>

namespace cocoon::keyfile {
namespace {

KeyError keyErr(KeyErrc c, QString m)
{
    return KeyError {c, std::move(m)};
}

QString displayName(const char* type)
{
    return QString::fromLatin1(type).compare(QLatin1String("ED25519"), Qt::CaseInsensitive) == 0
        ? QStringLiteral("Ed25519")
        : QString::fromLatin1(type);
}

} // namespace

Expected<ossl::PKey, KeyError> parse(QByteArrayView bytes, const char* type)
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
    if (!EVP_PKEY_is_a(key.get(), type)) {
        return unexpected(keyErr(KeyErrc::WrongType,
            QStringLiteral("the key is %1, not %2")
                .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key.get())), displayName(type))));
    }
    return key;
}

Expected<ossl::PKey, KeyError> load(const QString& path, const char* type)
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
    auto key = parse(QByteArrayView(buf.data(), qsizetype(buf.size())), type);
    if (!key) {
        return unexpected(keyErr(key.error().code, path + QStringLiteral(": ") + key.error().message));
    }
    return key;
}

Expected<SecretBytes, KeyError> toPem(EVP_PKEY* key)
{
    ossl::Bio bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return unexpected(keyErr(KeyErrc::Internal, QStringLiteral("cannot encode key: ") + ossl::lastError()));
    }
    char* p = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &p);
    return SecretBytes(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(p), std::size_t(n)));
}

Expected<void, KeyError> save(EVP_PKEY* key, const QString& path, bool overwrite)
{
    if (!overwrite && QFile::exists(path)) {
        return unexpected(keyErr(KeyErrc::FileExists,
            QStringLiteral("%1 already exists; refusing to overwrite a key (use --force)").arg(path)));
    }
    auto pem = toPem(key);
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

Expected<ossl::PKey, KeyError> fromRaw(const char* type, std::span<const unsigned char> raw, std::size_t expected)
{
    if (raw.size() != expected) {
        return unexpected(keyErr(KeyErrc::InvalidLength,
            QStringLiteral("a %1 private key is %2 bytes, not %3")
                .arg(displayName(type))
                .arg(expected)
                .arg(raw.size())));
    }
    ossl::PKey key(EVP_PKEY_new_raw_private_key_ex(nullptr, type, nullptr, raw.data(), raw.size()));
    if (!key) {
        return unexpected(keyErr(KeyErrc::Internal, QStringLiteral("cannot load key: ") + ossl::lastError()));
    }
    return key;
}

std::array<unsigned char, 32> rawPublic(EVP_PKEY* key)
{
    std::array<unsigned char, 32> pub {};
    std::size_t len = pub.size();
    EVP_PKEY_get_raw_public_key(key, pub.data(), &len);
    return pub;
}

SecretBytes rawPrivate(EVP_PKEY* key)
{
    SecretBytes raw(32);
    std::size_t len = raw.size();
    EVP_PKEY_get_raw_private_key(key, raw.data(), &len);
    return raw;
}

} // namespace cocoon::keyfile
