#include "net/Tls.h"

#include "attest/Pki.h"
#include "common/AtomicFile.h"
#include "crypto/Ossl.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <QAbstractSocket>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QWebSocket>

namespace cocoon::net {

namespace {

QByteArray bioText(BIO* bio)
{
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(n));
}

} // namespace

void acceptPinnedCertificate(QWebSocket& socket, const QString& pin, const QList<QSslCertificate>& extraCas)
{
    if (pin.isEmpty()) {
        if (!extraCas.isEmpty()) {
            QSslConfiguration c = QSslConfiguration::defaultConfiguration();
            c.addCaCertificates(extraCas);
            socket.setSslConfiguration(c);
        }
        return;
    }
    QObject::connect(
        &socket, &QWebSocket::sslErrors, &socket, [&socket](const QList<QSslError>&) { socket.ignoreSslErrors(); });
}

QString pinMismatch(QWebSocket& socket, const QString& pin)
{
    if (pin.isEmpty()) {
        return {};
    }
    const QString actual = pinOf(socket.sslConfiguration().peerCertificate());
    if (actual.compare(pin, Qt::CaseInsensitive) == 0) {
        return {};
    }
    return QStringLiteral("the coordinator's key does not match the pin (it presents %1): refusing to talk to it")
        .arg(actual.isEmpty() ? QStringLiteral("no certificate") : actual);
}

QByteArray presentedPin(QWebSocket& socket)
{
    return QByteArray::fromHex(pinOf(socket.sslConfiguration().peerCertificate()).toLatin1());
}

bool isPin(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-fA-F]{64}$"));
    return re.match(text).hasMatch();
}

QString pinOf(const QSslCertificate& certificate)
{
    auto x = attest::pki::readCertificate(certificate.toDer());
    return x ? attest::pki::spkiSha256(x.get()) : QString();
}

Expected<TlsIdentity, QString> makeSelfSigned(const QString& commonName, const Clock& clock)
{
    ossl::PKey key(EVP_EC_gen("P-256"));
    attest::pki::X509Ptr cert(X509_new());
    if (!key || !cert) {
        return unexpected(QStringLiteral("could not create a TLS key"));
    }
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_set_version(cert.get(), 2);
    time_t now = time_t(clock.nowUtc().toSecsSinceEpoch());
    X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -3600, &now);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), 3650, 0, &now);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"},
             std::pair {NID_basic_constraints, "critical,CA:FALSE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        if (!ext) {
            return unexpected(QStringLiteral("could not build the TLS certificate"));
        }
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
        return unexpected(QStringLiteral("could not sign the TLS certificate"));
    }
    ossl::Bio certBio(BIO_new(BIO_s_mem()));
    ossl::Bio keyBio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certBio.get(), cert.get())
        || !PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
        return unexpected(QStringLiteral("could not encode the TLS identity"));
    }
    QByteArray keyPem = bioText(keyBio.get());
    TlsIdentity id {QSslCertificate(bioText(certBio.get()), QSsl::Pem), QSslKey(keyPem, QSsl::Ec, QSsl::Pem), {}};
    keyPem.fill('\0');
    id.pin = attest::pki::spkiSha256(cert.get());
    if (id.certificate.isNull() || id.key.isNull()) {
        return unexpected(QStringLiteral("Qt could not read the generated TLS identity"));
    }
    return id;
}

Expected<TlsIdentity, QString> loadTlsIdentity(const QString& certFile, const QString& keyFile)
{
    QFile c(certFile), k(keyFile);
    if (!c.open(QIODevice::ReadOnly)) {
        return unexpected(QStringLiteral("cannot read %1: %2").arg(certFile, c.errorString()));
    }
    if (!k.open(QIODevice::ReadOnly)) {
        return unexpected(QStringLiteral("cannot read %1: %2").arg(keyFile, k.errorString()));
    }
    const auto certs = QSslCertificate::fromData(c.readAll(), QSsl::Pem);
    QByteArray keyPem = k.readAll();
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    }
    keyPem.fill('\0');
    if (certs.isEmpty()) {
        return unexpected(QStringLiteral("%1 holds no PEM certificate").arg(certFile));
    }
    if (key.isNull()) {
        return unexpected(QStringLiteral("%1 holds no PEM EC or RSA private key").arg(keyFile));
    }
    return TlsIdentity {certs.front(), key, pinOf(certs.front())};
}

Expected<TlsIdentity, QString> loadOrCreateSelfSigned(const QString& dir, const Clock& clock)
{
    const QString certFile = QDir(dir).filePath(QStringLiteral("tls-cert.pem"));
    const QString keyFile = QDir(dir).filePath(QStringLiteral("tls-key.pem"));
    if (QFile::exists(certFile) && QFile::exists(keyFile)) {
        return loadTlsIdentity(certFile, keyFile);
    }
    auto id = makeSelfSigned(QStringLiteral("cocoon-coordinator"), clock);
    if (!id) {
        return id;
    }
    QByteArray keyPem = id->key.toPem();
    auto saved = writeFileAtomically(keyFile, keyPem);
    keyPem.fill('\0');
    if (!saved) {
        return unexpected(saved.error());
    }
    if (auto c = writeFileAtomically(certFile, id->certificate.toPem(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        !c) {
        return unexpected(c.error());
    }
    return id;
}

void sendWithoutDelay(QWebSocket& socket)
{
    // QWebSocket does not expose its transport; on the client side it is its child.
    if (auto* transport = socket.findChild<QAbstractSocket*>()) {
        transport->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
}

} // namespace cocoon::net
