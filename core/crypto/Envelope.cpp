#include "crypto/Envelope.h"

#include <QIODevice>

#include <cstring>

namespace cocoon::envelope {
namespace {

EnvelopeError envErr(EnvelopeErrc c, QString m)
{
    return EnvelopeError {c, std::move(m)};
}

void putBE(unsigned char* p, std::uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i) {
        p[i] = static_cast<unsigned char>(v);
        v >>= 8;
    }
}

std::uint64_t getBE(const unsigned char* p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
        v = (v << 8) | p[i];
    }
    return v;
}

Expected<void, EnvelopeError> checkPurposeAndAad(const QByteArray& purpose, const QByteArray& contextAad)
{
    if (purpose.isEmpty() || purpose.size() > qsizetype(kMaxPurpose)) {
        return unexpected(
            envErr(EnvelopeErrc::BadParameter, QStringLiteral("purpose must be 1 to %1 characters").arg(kMaxPurpose)));
    }
    for (char c : purpose) {
        if (c < 0x21 || c > 0x7e) {
            return unexpected(
                envErr(EnvelopeErrc::BadParameter, QStringLiteral("purpose must be printable ASCII without spaces")));
        }
    }
    if (contextAad.size() > qsizetype(kMaxContextAad)) {
        return unexpected(envErr(
            EnvelopeErrc::BadParameter, QStringLiteral("context aad is limited to %1 bytes").arg(kMaxContextAad)));
    }
    return {};
}

QByteArray aadPrefix(std::span<const unsigned char> headerBytes, const QByteArray& contextAad)
{
    QByteArray aad;
    aad.reserve(qsizetype(headerBytes.size()) + contextAad.size() + 9);
    aad.append(reinterpret_cast<const char*>(headerBytes.data()), qsizetype(headerBytes.size()));
    aad.append(contextAad);
    aad.append(9, '\0');
    return aad;
}

std::span<const unsigned char> aadFor(QByteArray& aad, std::uint64_t index, bool last)
{
    auto* tail = reinterpret_cast<unsigned char*>(aad.data()) + aad.size() - 9;
    putBE(tail, index, 8);
    tail[8] = last ? 1 : 0;
    return {reinterpret_cast<const unsigned char*>(aad.constData()), std::size_t(aad.size())};
}

/// Reads up to n bytes, waiting on devices that deliver data in pieces; fewer only at the end.
qint64 readExact(QIODevice& in, unsigned char* dst, qint64 n)
{
    qint64 got = 0;
    while (got < n) {
        const qint64 r = in.read(reinterpret_cast<char*>(dst) + got, n - got);
        if (r < 0) {
            return -1;
        }
        if (r == 0 && !in.waitForReadyRead(30000)) {
            break;
        }
        got += r;
    }
    return got;
}

bool writeAll(QIODevice& out, const unsigned char* p, qint64 n)
{
    return out.write(reinterpret_cast<const char*>(p), n) == n;
}

} // namespace

QByteArray infoFor(const QByteArray& purpose)
{
    return QByteArrayLiteral("cocoon/v1 ") + purpose;
}

// ---- header -----------------------------------------------------------------

Expected<Header, EnvelopeError> Header::parse(std::span<const unsigned char> b)
{
    if (b.size() < kHeaderSize) {
        return unexpected(envErr(EnvelopeErrc::TruncatedHeader,
            QStringLiteral("not a sealed envelope: %1 bytes, the header alone is %2").arg(b.size()).arg(kHeaderSize)));
    }
    if (std::memcmp(b.data(), "CCN1", 4) != 0) {
        return unexpected(
            envErr(EnvelopeErrc::BadMagic, QStringLiteral("not a sealed envelope (it does not start with CCN1)")));
    }
    Header h;
    h.kemId = std::uint16_t(getBE(&b[4], 2));
    h.kdfId = std::uint16_t(getBE(&b[6], 2));
    h.aeadId = std::uint16_t(getBE(&b[8], 2));
    h.chunkSize = std::uint32_t(getBE(&b[10], 4));
    std::memcpy(h.enc.data(), &b[14], 32);
    h.plaintextLen = getBE(&b[46], 8);
    if (h.kemId != hpke::kKemX25519HkdfSha256 || h.kdfId != hpke::kKdfHkdfSha256 || !hpke::aeadFromId(h.aeadId)) {
        return unexpected(envErr(EnvelopeErrc::UnsupportedSuite,
            QStringLiteral("unsupported cipher suite (kem 0x%1, kdf 0x%2, aead 0x%3); "
                           "this version reads kem 0x0020, kdf 0x0001, aead 0x0002/0x0003")
                .arg(h.kemId, 4, 16, QLatin1Char('0'))
                .arg(h.kdfId, 4, 16, QLatin1Char('0'))
                .arg(h.aeadId, 4, 16, QLatin1Char('0'))));
    }
    if (h.chunkSize == 0 || h.chunkSize > kMaxChunkSize) {
        return unexpected(envErr(EnvelopeErrc::BadChunkSize,
            QStringLiteral("chunk size %1 is outside 1..%2").arg(h.chunkSize).arg(kMaxChunkSize)));
    }
    if (h.plaintextLen > kMaxPlaintext) {
        return unexpected(envErr(EnvelopeErrc::BadLength,
            QStringLiteral("declared length %1 is beyond the 1 PiB limit").arg(h.plaintextLen)));
    }
    return h;
}

std::array<unsigned char, kHeaderSize> Header::serialize() const
{
    std::array<unsigned char, kHeaderSize> b {};
    std::memcpy(b.data(), "CCN1", 4);
    putBE(&b[4], kemId, 2);
    putBE(&b[6], kdfId, 2);
    putBE(&b[8], aeadId, 2);
    putBE(&b[10], chunkSize, 4);
    std::memcpy(&b[14], enc.data(), 32);
    putBE(&b[46], plaintextLen, 8);
    return b;
}

std::uint64_t Header::chunkCount() const
{
    return plaintextLen == 0 ? 1 : (plaintextLen + chunkSize - 1) / chunkSize;
}

std::size_t Header::chunkPlaintextSize(std::uint64_t index) const
{
    const std::uint64_t start = index * chunkSize;
    if (start >= plaintextLen) {
        return 0;
    }
    return std::size_t(std::min<std::uint64_t>(chunkSize, plaintextLen - start));
}

std::uint64_t Header::sealedSize() const
{
    return kHeaderSize + plaintextLen + chunkCount() * hpke::kTagSize;
}

// ---- sealer -----------------------------------------------------------------

Sealer::Sealer(Header h, hpke::Context ctx, const QByteArray& contextAad)
    : m_header(h)
    , m_headerBytes(h.serialize())
    , m_ctx(std::move(ctx))
    , m_aad(aadPrefix(m_headerBytes, contextAad))
{ }

Expected<Sealer, EnvelopeError> Sealer::create(const SealParams& p, std::uint64_t plaintextLen)
{
    if (auto ok = checkPurposeAndAad(p.purpose, p.contextAad); !ok) {
        return unexpected(ok.error());
    }
    if (p.chunkSize == 0 || p.chunkSize > kMaxChunkSize) {
        return unexpected(envErr(EnvelopeErrc::BadChunkSize,
            QStringLiteral("chunk size %1 is outside 1..%2").arg(p.chunkSize).arg(kMaxChunkSize)));
    }
    if (plaintextLen > kMaxPlaintext) {
        return unexpected(envErr(EnvelopeErrc::BadLength, QStringLiteral("input is beyond the 1 PiB limit")));
    }
    const QByteArray info = infoFor(p.purpose);
    auto setup = hpke::setupBaseSender(
        p.aead, p.recipient, {reinterpret_cast<const unsigned char*>(info.constData()), std::size_t(info.size())});
    if (!setup) {
        const auto code
            = setup.error().code == hpke::HpkeErrc::InvalidKey ? EnvelopeErrc::BadParameter : EnvelopeErrc::Internal;
        return unexpected(envErr(code, setup.error().message));
    }
    Header h;
    h.aeadId = static_cast<std::uint16_t>(p.aead);
    h.chunkSize = p.chunkSize;
    h.enc = setup->enc;
    h.plaintextLen = plaintextLen;
    return Sealer(h, std::move(setup->context), p.contextAad);
}

Expected<void, EnvelopeError> Sealer::sealNext(std::span<const unsigned char> plaintext, unsigned char* out)
{
    if (finished()) {
        return unexpected(envErr(EnvelopeErrc::BadLength, QStringLiteral("all chunks are already sealed")));
    }
    if (plaintext.size() != m_header.chunkPlaintextSize(m_next)) {
        return unexpected(envErr(EnvelopeErrc::BadLength,
            QStringLiteral("chunk %1 must be %2 bytes, got %3")
                .arg(m_next)
                .arg(m_header.chunkPlaintextSize(m_next))
                .arg(plaintext.size())));
    }
    const bool last = m_next + 1 == m_header.chunkCount();
    auto sealed = m_ctx.seal(aadFor(m_aad, m_next, last), plaintext, out);
    if (!sealed) {
        return unexpected(envErr(EnvelopeErrc::Internal, sealed.error().message));
    }
    ++m_next;
    return {};
}

// ---- opener -----------------------------------------------------------------

Opener::Opener(Header h, hpke::Context ctx, std::span<const unsigned char> headerBytes, const QByteArray& contextAad)
    : m_header(h)
    , m_ctx(std::move(ctx))
    , m_aad(aadPrefix(headerBytes.first(kHeaderSize), contextAad))
{ }

Expected<Opener, EnvelopeError> Opener::create(std::span<const unsigned char> headerBytes, const X25519PrivateKey& key,
    const QByteArray& purpose, const QByteArray& contextAad)
{
    auto h = Header::parse(headerBytes);
    if (!h) {
        return unexpected(h.error());
    }
    if (auto ok = checkPurposeAndAad(purpose, contextAad); !ok) {
        return unexpected(ok.error());
    }
    const QByteArray info = infoFor(purpose);
    auto ctx = hpke::setupBaseReceiver(*hpke::aeadFromId(h->aeadId), std::span<const unsigned char, 32>(h->enc), key,
        {reinterpret_cast<const unsigned char*>(info.constData()), std::size_t(info.size())});
    if (!ctx) {
        // A small-order enc can only come from a forged or damaged envelope.
        return unexpected(envErr(EnvelopeErrc::AuthenticationFailed,
            QStringLiteral("the envelope's key material is invalid: ") + ctx.error().message));
    }
    return Opener(*h, std::move(*ctx), headerBytes, contextAad);
}

Expected<void, EnvelopeError> Opener::openNext(std::span<const unsigned char> sealedChunk, unsigned char* out)
{
    if (finished()) {
        return unexpected(envErr(EnvelopeErrc::TrailingData, QStringLiteral("data after the last chunk")));
    }
    if (sealedChunk.size() != nextSealedSize()) {
        return unexpected(envErr(EnvelopeErrc::Truncated,
            QStringLiteral("chunk %1 is %2 bytes, expected %3")
                .arg(m_next)
                .arg(sealedChunk.size())
                .arg(nextSealedSize())));
    }
    const bool last = m_next + 1 == m_header.chunkCount();
    auto opened = m_ctx.open(aadFor(m_aad, m_next, last), sealedChunk, out);
    if (!opened) {
        return unexpected(envErr(EnvelopeErrc::AuthenticationFailed,
            m_next == 0 ? QStringLiteral("cannot open: wrong key, purpose or context data, "
                                         "or the envelope was modified")
                        : QStringLiteral("chunk %1 failed authentication: the envelope was "
                                         "modified or its chunks reordered")
                              .arg(m_next)));
    }
    ++m_next;
    return {};
}

// ---- whole buffers ----------------------------------------------------------

Expected<QByteArray, EnvelopeError> seal(const SealParams& params, std::span<const unsigned char> plaintext)
{
    auto sealer = Sealer::create(params, plaintext.size());
    if (!sealer) {
        return unexpected(sealer.error());
    }
    const Header& h = sealer->header();
    QByteArray out(qsizetype(h.sealedSize()), Qt::Uninitialized);
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    std::memcpy(dst, sealer->headerBytes().data(), kHeaderSize);
    dst += kHeaderSize;
    std::size_t offset = 0;
    while (!sealer->finished()) {
        const std::size_t n = h.chunkPlaintextSize(sealer->nextIndex());
        if (auto ok = sealer->sealNext(plaintext.subspan(offset, n), dst); !ok) {
            return unexpected(ok.error());
        }
        offset += n;
        dst += n + hpke::kTagSize;
    }
    return out;
}

Expected<SecretBytes, EnvelopeError> open(std::span<const unsigned char> sealed, const X25519PrivateKey& key,
    const QByteArray& purpose, const QByteArray& contextAad)
{
    auto opener = Opener::create(sealed, key, purpose, contextAad);
    if (!opener) {
        return unexpected(opener.error());
    }
    const Header& h = opener->header();
    if (sealed.size() < h.sealedSize()) {
        return unexpected(envErr(EnvelopeErrc::Truncated,
            QStringLiteral("the envelope is truncated: %1 of %2 bytes").arg(sealed.size()).arg(h.sealedSize())));
    }
    if (sealed.size() > h.sealedSize()) {
        return unexpected(envErr(EnvelopeErrc::TrailingData,
            QStringLiteral("%1 unexpected bytes after the last chunk").arg(sealed.size() - h.sealedSize())));
    }
    SecretBytes out(std::size_t(h.plaintextLen));
    std::size_t in = kHeaderSize;
    std::size_t offset = 0;
    while (!opener->finished()) {
        const std::size_t n = opener->nextSealedSize();
        if (auto ok = opener->openNext(sealed.subspan(in, n), out.data() + offset); !ok) {
            return unexpected(ok.error()); // `out` is wiped when it goes out of scope
        }
        in += n;
        offset += n - hpke::kTagSize;
    }
    return out;
}

// ---- streams ----------------------------------------------------------------

Expected<void, EnvelopeError> sealStream(
    const SealParams& params, QIODevice& in, std::uint64_t plaintextLen, QIODevice& out)
{
    auto sealer = Sealer::create(params, plaintextLen);
    if (!sealer) {
        return unexpected(sealer.error());
    }
    if (!writeAll(out, sealer->headerBytes().data(), kHeaderSize)) {
        return unexpected(envErr(EnvelopeErrc::Io, QStringLiteral("cannot write: ") + out.errorString()));
    }
    const std::size_t chunk
        = std::size_t(std::min<std::uint64_t>(params.chunkSize, std::max<std::uint64_t>(plaintextLen, 1)));
    SecretBytes plain(chunk);
    QByteArray sealed(qsizetype(chunk + hpke::kTagSize), Qt::Uninitialized);
    std::uint64_t done = 0;
    while (!sealer->finished()) {
        const std::size_t n = sealer->header().chunkPlaintextSize(sealer->nextIndex());
        const qint64 got = readExact(in, plain.data(), qint64(n));
        if (got != qint64(n)) {
            return unexpected(envErr(EnvelopeErrc::Io,
                got < 0 ? QStringLiteral("cannot read input: ") + in.errorString()
                        : QStringLiteral("input ended after %1 bytes; %2 were expected")
                              .arg(done + std::uint64_t(got))
                              .arg(plaintextLen)));
        }
        auto* dst = reinterpret_cast<unsigned char*>(sealed.data());
        if (auto ok = sealer->sealNext(plain.span().first(n), dst); !ok) {
            return unexpected(ok.error());
        }
        if (!writeAll(out, dst, qint64(n + hpke::kTagSize))) {
            return unexpected(envErr(EnvelopeErrc::Io, QStringLiteral("cannot write: ") + out.errorString()));
        }
        done += n;
    }
    return {};
}

Expected<std::uint64_t, EnvelopeError> openStream(
    QIODevice& in, const X25519PrivateKey& key, const QByteArray& purpose, const QByteArray& contextAad, QIODevice& out)
{
    std::array<unsigned char, kHeaderSize> headerBytes {};
    const qint64 got = readExact(in, headerBytes.data(), kHeaderSize);
    if (got < 0) {
        return unexpected(envErr(EnvelopeErrc::Io, QStringLiteral("cannot read input: ") + in.errorString()));
    }
    auto opener = Opener::create(
        std::span<const unsigned char>(headerBytes.data(), std::size_t(got)), key, purpose, contextAad);
    if (!opener) {
        return unexpected(opener.error());
    }
    const Header& h = opener->header();
    const std::size_t maxSealed
        = std::size_t(std::min<std::uint64_t>(h.chunkSize, std::max<std::uint64_t>(h.plaintextLen, 1)))
        + hpke::kTagSize;
    QByteArray sealed(qsizetype(maxSealed), Qt::Uninitialized);
    SecretBytes plain(maxSealed - hpke::kTagSize);
    while (!opener->finished()) {
        const std::size_t n = opener->nextSealedSize();
        auto* buf = reinterpret_cast<unsigned char*>(sealed.data());
        const qint64 r = readExact(in, buf, qint64(n));
        if (r < 0) {
            return unexpected(envErr(EnvelopeErrc::Io, QStringLiteral("cannot read input: ") + in.errorString()));
        }
        if (r != qint64(n)) {
            return unexpected(envErr(EnvelopeErrc::Truncated,
                QStringLiteral("the envelope is truncated: chunk %1 of %2 is incomplete")
                    .arg(opener->nextIndex() + 1)
                    .arg(h.chunkCount())));
        }
        if (auto ok = opener->openNext({buf, n}, plain.data()); !ok) {
            return unexpected(ok.error());
        }
        if (!writeAll(out, plain.data(), qint64(n - hpke::kTagSize))) {
            return unexpected(envErr(EnvelopeErrc::Io, QStringLiteral("cannot write: ") + out.errorString()));
        }
    }
    unsigned char extra = 0;
    if (readExact(in, &extra, 1) == 1) {
        return unexpected(envErr(EnvelopeErrc::TrailingData,
            QStringLiteral("unexpected data after the last chunk (the envelope was extended)")));
    }
    return h.plaintextLen;
}

} // namespace cocoon::envelope
