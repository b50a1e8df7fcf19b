// cocoonctl keygen | pubkey | seal | open
#include "VerbSupport.h"
#include "common/Hex.h"
#include "crypto/Envelope.h"
#include "crypto/X25519.h"

#include <QBuffer>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace cocoonctl {
namespace {

using namespace cocoon;

QCommandLineOption opt(const QString& name, const QString& help, const QString& value = {})
{
    return QCommandLineOption(name, help, value);
}

void printLine(const QString& s)
{
    QTextStream(stdout) << s << Qt::endl;
}

/// An input: a file (size known) or stdin (read whole: the envelope header needs the length first).
struct Input
{
    std::unique_ptr<QIODevice> device;
    qint64 size = -1;
};

std::optional<Input> openInput(const QString& path, bool needSize, QString* error)
{
    Input in;
    if (path == u"-") {
        auto f = std::make_unique<QFile>();
        if (!f->open(stdin, QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read standard input");
            return std::nullopt;
        }
        if (needSize) {
            auto buf = std::make_unique<QBuffer>();
            buf->setData(f->readAll());
            buf->open(QIODevice::ReadOnly);
            in.size = buf->size();
            in.device = std::move(buf);
        } else {
            in.device = std::move(f);
        }
        return in;
    }
    auto f = std::make_unique<QFile>(path);
    if (!f->open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f->errorString());
        return std::nullopt;
    }
    in.size = f->size();
    in.device = std::move(f);
    return in;
}

/// An output that appears only when everything succeeded: a temporary file renamed on commit()
/// (QSaveFile), or stdout for "-".
class Output
{
public:
    bool open(const QString& path, QString* error)
    {
        if (path == u"-") {
            m_stdout = std::make_unique<QFile>();
            if (!m_stdout->open(stdout, QIODevice::WriteOnly)) {
                *error = QStringLiteral("cannot write standard output");
                return false;
            }
            return true;
        }
        m_file = std::make_unique<QSaveFile>(path);
        m_file->setDirectWriteFallback(false);
        if (!m_file->open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, m_file->errorString());
            return false;
        }
        return true;
    }
    QIODevice& device() { return m_file ? static_cast<QIODevice&>(*m_file) : *m_stdout; }
    bool commit(QString* error)
    {
        if (m_file && !m_file->commit()) {
            *error = QStringLiteral("cannot write %1: %2").arg(m_file->fileName(), m_file->errorString());
            return false;
        }
        if (m_stdout) {
            m_stdout->flush();
        }
        return true;
    }
    void discard()
    {
        if (m_file) {
            m_file->cancelWriting();
            m_file.reset(); // the temporary file is removed
        }
    }

private:
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<QFile> m_stdout;
};

std::optional<QByteArray> aadFrom(QCommandLineParser& p, int* rc)
{
    if (!p.isSet(QStringLiteral("aad-hex"))) {
        return QByteArray();
    }
    auto aad = hex::decode(p.value(QStringLiteral("aad-hex")));
    if (!aad) {
        *rc = fail(QStringLiteral("--aad-hex: ") + aad.error(), kUsage);
        return std::nullopt;
    }
    return *aad;
}

/// "65536", "64K", "64KiB", "1M", "1MiB".
std::optional<quint32> parseSize(QString text)
{
    text = text.trimmed().toUpper();
    quint64 mult = 1;
    for (const auto& [suffix, m] : {std::pair {QStringLiteral("KIB"), 1024ull}, {QStringLiteral("MIB"), 1048576ull},
             {QStringLiteral("K"), 1024ull}, {QStringLiteral("M"), 1048576ull}}) {
        if (text.endsWith(suffix)) {
            text.chop(suffix.size());
            mult = m;
            break;
        }
    }
    bool ok = false;
    const quint64 n = text.toULongLong(&ok);
    if (!ok || n == 0 || n * mult > envelope::kMaxChunkSize) {
        return std::nullopt;
    }
    return quint32(n * mult);
}

} // namespace

int keygen(const QStringList& args)
{
    VerbRun run(QStringLiteral("Create an X25519 private key (PKCS#8 PEM, mode 0600) and print its public key."));
    run.parser().addOption(
        opt(QStringLiteral("out"), QStringLiteral("Where to write the key."), QStringLiteral("file")));
    run.parser().addOption(opt(QStringLiteral("force"), QStringLiteral("Replace an existing file.")));
    if (auto rc = run.start(args))
        return *rc;
    auto out = run.required(QStringLiteral("out"));
    if (!out)
        return kUsage;

    auto key = X25519PrivateKey::generate();
    if (!key)
        return fail(key.error().message);
    if (auto saved = key->saveFile(*out, run.parser().isSet(QStringLiteral("force"))); !saved) {
        return fail(saved.error().message);
    }
    printLine(hex::encode(key->publicKey()));
    return kOk;
}

int pubkey(const QStringList& args)
{
    VerbRun run(QStringLiteral("Print the public key (64 hex characters) of an X25519 private key file."));
    run.parser().addOption(
        opt(QStringLiteral("key"), QStringLiteral("PKCS#8 PEM or DER private key."), QStringLiteral("file")));
    if (auto rc = run.start(args))
        return *rc;
    auto path = run.required(QStringLiteral("key"));
    if (!path)
        return kUsage;
    auto key = X25519PrivateKey::loadFile(*path);
    if (!key)
        return fail(key.error().message);
    printLine(hex::encode(key->publicKey()));
    return kOk;
}

int seal(const QStringList& args)
{
    VerbRun run(QStringLiteral("Seal bytes to an X25519 public key (sealed envelope v1, HPKE)."));
    QCommandLineParser& p = run.parser();
    p.addOption(opt(
        QStringLiteral("to"), QStringLiteral("Recipient public key, 64 hex characters."), QStringLiteral("pubhex")));
    p.addOption(opt(QStringLiteral("purpose"), QStringLiteral("What the envelope is for, e.g. job-input."),
        QStringLiteral("purpose")));
    p.addOption(opt(
        QStringLiteral("aad-hex"), QStringLiteral("Context data bound to the envelope (hex)."), QStringLiteral("hex")));
    p.addOption(opt(QStringLiteral("aead"),
        QStringLiteral("aes-256-gcm or chacha20-poly1305 (default: setting crypto.sealAead)."),
        QStringLiteral("name")));
    p.addOption(opt(QStringLiteral("chunk-size"),
        QStringLiteral("Chunk size in bytes, or with K/M (default: setting crypto.sealChunkKiB)."),
        QStringLiteral("n")));
    p.addOption(
        opt(QStringLiteral("in"), QStringLiteral("Input file, or - for standard input."), QStringLiteral("file")));
    p.addOption(
        opt(QStringLiteral("out"), QStringLiteral("Output file, or - for standard output."), QStringLiteral("file")));
    if (auto rc = run.start(args))
        return *rc;
    const auto to = run.required(QStringLiteral("to"));
    const auto purpose = to ? run.required(QStringLiteral("purpose")) : std::nullopt;
    const auto inPath = purpose ? run.required(QStringLiteral("in")) : std::nullopt;
    const auto outPath = inPath ? run.required(QStringLiteral("out")) : std::nullopt;
    if (!outPath)
        return kUsage;

    envelope::SealParams params;
    auto recipient = parsePublicKeyHex(*to);
    if (!recipient)
        return fail(QStringLiteral("--to: ") + recipient.error().message, kUsage);
    params.recipient = *recipient;
    params.purpose = purpose->toUtf8();
    int rc = kOk;
    auto aad = aadFrom(p, &rc);
    if (!aad)
        return rc;
    params.contextAad = *aad;
    const Settings& settings = *run.runtime().settings;
    const QString aeadName
        = p.isSet(QStringLiteral("aead")) ? p.value(QStringLiteral("aead")) : settings.stringValue(keys::sealAead);
    auto aead = hpke::aeadFromName(aeadName);
    if (!aead)
        return fail(QStringLiteral("--aead: '%1' is not aes-256-gcm or chacha20-poly1305").arg(aeadName), kUsage);
    params.aead = *aead;
    params.chunkSize = quint32(settings.intValue(keys::sealChunkKiB)) * 1024u;
    if (p.isSet(QStringLiteral("chunk-size"))) {
        auto size = parseSize(p.value(QStringLiteral("chunk-size")));
        if (!size) {
            return fail(QStringLiteral("--chunk-size: '%1' is not a size from 1 byte to 16M")
                            .arg(p.value(QStringLiteral("chunk-size"))),
                kUsage);
        }
        params.chunkSize = *size;
    }

    QString error;
    auto in = openInput(*inPath, true, &error);
    if (!in)
        return fail(error);
    Output out;
    if (!out.open(*outPath, &error))
        return fail(error);
    auto sealed = envelope::sealStream(params, *in->device, quint64(in->size), out.device());
    if (!sealed) {
        out.discard();
        return fail(sealed.error().message);
    }
    if (!out.commit(&error))
        return fail(error);
    return kOk;
}

int open(const QStringList& args)
{
    VerbRun run(QStringLiteral("Open a sealed envelope. Exits non-zero with a one-line reason on any failure, "
                               "leaving no output file behind."));
    QCommandLineParser& p = run.parser();
    p.addOption(opt(
        QStringLiteral("key"), QStringLiteral("Recipient private key (PKCS#8 PEM or DER)."), QStringLiteral("file")));
    p.addOption(
        opt(QStringLiteral("purpose"), QStringLiteral("The purpose it was sealed for."), QStringLiteral("purpose")));
    p.addOption(opt(QStringLiteral("aad-hex"), QStringLiteral("The context data it was sealed with (hex)."),
        QStringLiteral("hex")));
    p.addOption(
        opt(QStringLiteral("in"), QStringLiteral("Sealed file, or - for standard input."), QStringLiteral("file")));
    p.addOption(opt(QStringLiteral("out"),
        QStringLiteral("Plaintext file, or - for standard output (written as each "
                       "chunk verifies; check the exit code)."),
        QStringLiteral("file")));
    if (auto rc = run.start(args))
        return *rc;
    const auto keyPath = run.required(QStringLiteral("key"));
    const auto purpose = keyPath ? run.required(QStringLiteral("purpose")) : std::nullopt;
    const auto inPath = purpose ? run.required(QStringLiteral("in")) : std::nullopt;
    const auto outPath = inPath ? run.required(QStringLiteral("out")) : std::nullopt;
    if (!outPath)
        return kUsage;
    int rc = kOk;
    auto aad = aadFrom(p, &rc);
    if (!aad)
        return rc;

    auto key = X25519PrivateKey::loadFile(*keyPath);
    if (!key)
        return fail(key.error().message);
    QString error;
    auto in = openInput(*inPath, false, &error);
    if (!in)
        return fail(error);
    Output out;
    if (!out.open(*outPath, &error))
        return fail(error);
    auto opened = envelope::openStream(*in->device, *key, purpose->toUtf8(), *aad, out.device());
    if (!opened) {
        out.discard();
        return fail(opened.error().message);
    }
    if (!out.commit(&error))
        return fail(error);
    return kOk;
}

} // namespace cocoonctl
