// Sealed envelope v1: round trips and every rejection the format promises.
#include "TestSupport.h"
#include "crypto/Envelope.h"

#include <QBuffer>
#include <QRandomGenerator>

using namespace cocoon;
using envelope::EnvelopeErrc;

Q_DECLARE_METATYPE(cocoon::envelope::EnvelopeErrc)
Q_DECLARE_METATYPE(cocoon::hpke::Aead)

namespace {

std::span<const unsigned char> sp(const QByteArray& b)
{
    return {reinterpret_cast<const unsigned char*>(b.constData()), std::size_t(b.size())};
}

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator g(seed);
    for (qsizetype i = 0; i < n; ++i) {
        b[i] = char(g.generate() & 0xff);
    }
    return b;
}

/// Generates `size` pseudo-random bytes without holding them (to show memory stays bounded).
class GeneratorDevice : public QIODevice
{
public:
    explicit GeneratorDevice(qint64 size)
        : m_left(size)
    {
        open(ReadOnly);
    }
    qint64 largestRead = 0;

protected:
    qint64 readData(char* data, qint64 max) override
    {
        const qint64 n = std::min(max, m_left);
        for (qint64 i = 0; i < n; ++i) {
            data[i] = char((m_pos + i) * 131 % 251);
        }
        m_pos += n;
        m_left -= n;
        largestRead = std::max(largestRead, n);
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_left + QIODevice::bytesAvailable(); }

private:
    qint64 m_left;
    qint64 m_pos = 0;
};

/// Counts what is written (and keeps it only when asked).
class SinkDevice : public QIODevice
{
public:
    explicit SinkDevice(bool keep = false)
        : m_keep(keep)
    {
        open(WriteOnly);
    }
    qint64 total = 0;
    qint64 largestWrite = 0;
    QByteArray kept;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 n) override
    {
        total += n;
        largestWrite = std::max(largestWrite, n);
        if (m_keep) {
            kept.append(data, n);
        }
        return n;
    }

private:
    bool m_keep;
};

struct Fixture
{
    X25519PrivateKey key = *X25519PrivateKey::generate();
    envelope::SealParams params(std::uint32_t chunk = 1024, hpke::Aead aead = hpke::Aead::Aes256Gcm) const
    {
        envelope::SealParams p;
        p.recipient = key.publicKey();
        p.purpose = "job-input";
        p.contextAad = QByteArray::fromHex("0011223344556677");
        p.aead = aead;
        p.chunkSize = chunk;
        return p;
    }
};

} // namespace

class TestEnvelope : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void headerLayout();
    void rejects_data();
    void rejects();
    void streamingMemoryIsBounded();
    void streamingRejectsTruncationAndExtension();
    void sealerChecksChunkSizes();
    void badParameters();
};

void TestEnvelope::roundTrip_data()
{
    QTest::addColumn<hpke::Aead>("aead");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("size");
    for (hpke::Aead aead : {hpke::Aead::Aes256Gcm, hpke::Aead::ChaCha20Poly1305}) {
        const char* a = aead == hpke::Aead::Aes256Gcm ? "aes" : "chacha";
        const int chunk = 4096;
        for (int size : {0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 7}) {
            QTest::addRow("%s-chunk%d-size%d", a, chunk, size) << aead << chunk << size;
        }
        const int big = int(envelope::kDefaultChunkSize);
        for (int size : {big - 1, big, big + 1, 5 * big + 12345}) {
            QTest::addRow("%s-default-chunk-size%d", a, size) << aead << big << size;
        }
    }
}

void TestEnvelope::roundTrip()
{
    QFETCH(hpke::Aead, aead);
    QFETCH(int, chunk);
    QFETCH(int, size);
    Fixture f;
    const auto params = f.params(std::uint32_t(chunk), aead);
    const QByteArray pt = randomBytes(size, quint32(size));

    auto sealed = envelope::seal(params, sp(pt));
    QVERIFY2(sealed, sealed ? "" : qPrintable(sealed.error().message));
    const qsizetype chunks = size == 0 ? 1 : (size + chunk - 1) / chunk;
    QCOMPARE(sealed->size(), qsizetype(envelope::kHeaderSize) + size + chunks * 16);

    auto opened = envelope::open(sp(*sealed), f.key, params.purpose, params.contextAad);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
    QCOMPARE(opened->toByteArray(), pt);

    // The streaming paths produce and accept the same format.
    QByteArray ptCopy = pt;
    QBuffer in(&ptCopy);
    in.open(QIODevice::ReadOnly);
    SinkDevice streamed(true);
    QVERIFY(envelope::sealStream(params, in, std::uint64_t(size), streamed));
    QCOMPARE(streamed.kept.size(), sealed->size());
    QBuffer sealedIn(&streamed.kept);
    sealedIn.open(QIODevice::ReadOnly);
    SinkDevice plain(true);
    auto n = envelope::openStream(sealedIn, f.key, params.purpose, params.contextAad, plain);
    QVERIFY2(n, n ? "" : qPrintable(n.error().message));
    QCOMPARE(*n, std::uint64_t(size));
    QCOMPARE(plain.kept, pt);
}

void TestEnvelope::headerLayout()
{
    Fixture f;
    auto sealed = envelope::seal(f.params(100, hpke::Aead::ChaCha20Poly1305), sp(QByteArray(250, 'a')));
    QVERIFY(sealed);
    const QByteArray h = sealed->left(54);
    QCOMPARE(h.left(4), QByteArray("CCN1"));
    QCOMPARE(h.mid(4, 2).toHex(), QByteArray("0020"));
    QCOMPARE(h.mid(6, 2).toHex(), QByteArray("0001"));
    QCOMPARE(h.mid(8, 2).toHex(), QByteArray("0003"));
    QCOMPARE(h.mid(10, 4).toHex(), QByteArray("00000064"));
    QCOMPARE(h.mid(46, 8).toHex(), QByteArray("00000000000000fa"));
    auto parsed = envelope::Header::parse(sp(h));
    QVERIFY(parsed);
    QCOMPARE(parsed->chunkCount(), 3u);
    QCOMPARE(parsed->chunkPlaintextSize(2), std::size_t(50));
}

void TestEnvelope::rejects_data()
{
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<EnvelopeErrc>("expected");
    // A streaming reader cannot see the total size up front: when the header itself was changed,
    // the first chunk fails authentication (the header is in every chunk's aad) instead.
    QTest::addColumn<EnvelopeErrc>("expectedStreaming");
    // The envelope: 3 chunks of 1024 + one of 10 bytes (3082 bytes of plaintext).
    QTest::newRow("empty input") << "empty" << EnvelopeErrc::TruncatedHeader << EnvelopeErrc::TruncatedHeader;
    QTest::newRow("truncated header") << "header-53" << EnvelopeErrc::TruncatedHeader << EnvelopeErrc::TruncatedHeader;
    QTest::newRow("wrong magic") << "magic" << EnvelopeErrc::BadMagic << EnvelopeErrc::BadMagic;
    QTest::newRow("wrong kem id") << "kem" << EnvelopeErrc::UnsupportedSuite << EnvelopeErrc::UnsupportedSuite;
    QTest::newRow("wrong kdf id") << "kdf" << EnvelopeErrc::UnsupportedSuite << EnvelopeErrc::UnsupportedSuite;
    QTest::newRow("unknown aead id") << "aead" << EnvelopeErrc::UnsupportedSuite << EnvelopeErrc::UnsupportedSuite;
    QTest::newRow("aead id swapped to the other suite")
        << "aead-other" << EnvelopeErrc::AuthenticationFailed << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("chunk size zero") << "chunk-zero" << EnvelopeErrc::BadChunkSize << EnvelopeErrc::BadChunkSize;
    QTest::newRow("chunk size too large") << "chunk-huge" << EnvelopeErrc::BadChunkSize << EnvelopeErrc::BadChunkSize;
    QTest::newRow("chunk size changed") << "chunk-other" << EnvelopeErrc::TrailingData
                                        << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("plaintext_len beyond limit") << "len-huge" << EnvelopeErrc::BadLength << EnvelopeErrc::BadLength;
    QTest::newRow("plaintext_len larger than data")
        << "len-plus" << EnvelopeErrc::Truncated << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("plaintext_len smaller than data")
        << "len-minus" << EnvelopeErrc::TrailingData << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("plaintext_len smaller by a whole chunk")
        << "len-minus-chunk" << EnvelopeErrc::TrailingData << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("enc modified") << "enc" << EnvelopeErrc::AuthenticationFailed << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("truncated by one byte") << "cut-1" << EnvelopeErrc::Truncated << EnvelopeErrc::Truncated;
    QTest::newRow("last chunk dropped") << "drop-last" << EnvelopeErrc::Truncated << EnvelopeErrc::Truncated;
    QTest::newRow("extended by one byte") << "extend-1" << EnvelopeErrc::TrailingData << EnvelopeErrc::TrailingData;
    QTest::newRow("extended by a copied chunk")
        << "extend-chunk" << EnvelopeErrc::TrailingData << EnvelopeErrc::TrailingData;
    QTest::newRow("chunks 1 and 2 swapped")
        << "swap" << EnvelopeErrc::AuthenticationFailed << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("byte in chunk 2 flipped")
        << "flip-chunk" << EnvelopeErrc::AuthenticationFailed << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("tag of last chunk flipped")
        << "flip-tag" << EnvelopeErrc::AuthenticationFailed << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("wrong key") << "wrong-key" << EnvelopeErrc::AuthenticationFailed
                               << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("wrong purpose") << "wrong-purpose" << EnvelopeErrc::AuthenticationFailed
                                   << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("wrong context aad") << "wrong-aad" << EnvelopeErrc::AuthenticationFailed
                                       << EnvelopeErrc::AuthenticationFailed;
    QTest::newRow("missing context aad") << "no-aad" << EnvelopeErrc::AuthenticationFailed
                                         << EnvelopeErrc::AuthenticationFailed;
}

void TestEnvelope::rejects()
{
    QFETCH(QString, mutation);
    QFETCH(EnvelopeErrc, expected);
    QFETCH(EnvelopeErrc, expectedStreaming);
    Fixture f;
    auto params = f.params(1024);
    const QByteArray pt = randomBytes(3 * 1024 + 10, 7);
    QByteArray e = *envelope::seal(params, sp(pt));
    const qsizetype c0 = 54, sealedChunk = 1024 + 16;
    X25519PrivateKey key = *X25519PrivateKey::generate();
    bool useOtherKey = false;
    QByteArray purpose = params.purpose;
    QByteArray aad = params.contextAad;

    auto setBE = [&](qsizetype at, quint64 v, int bytes) {
        for (int i = bytes - 1; i >= 0; --i, v >>= 8)
            e[at + i] = char(v & 0xff);
    };
    if (mutation == u"empty")
        e.clear();
    else if (mutation == u"header-53")
        e.truncate(53);
    else if (mutation == u"magic")
        e[3] = '2';
    else if (mutation == u"kem")
        setBE(4, 0x0021, 2);
    else if (mutation == u"kdf")
        setBE(6, 0x0002, 2);
    else if (mutation == u"aead")
        setBE(8, 0x0001, 2);
    else if (mutation == u"aead-other")
        setBE(8, 0x0003, 2);
    else if (mutation == u"chunk-zero")
        setBE(10, 0, 4);
    else if (mutation == u"chunk-huge")
        setBE(10, (16u << 20) + 1, 4);
    else if (mutation == u"chunk-other")
        setBE(10, 2048, 4);
    else if (mutation == u"len-huge")
        setBE(46, (quint64(1) << 50) + 1, 8);
    else if (mutation == u"len-plus")
        setBE(46, 3 * 1024 + 11, 8);
    else if (mutation == u"len-minus")
        setBE(46, 3 * 1024 + 9, 8);
    else if (mutation == u"len-minus-chunk")
        setBE(46, 2 * 1024 + 10, 8);
    else if (mutation == u"enc")
        e[14 + 5] = char(e[14 + 5] ^ 0x40);
    else if (mutation == u"cut-1")
        e.chop(1);
    else if (mutation == u"drop-last")
        e.chop(10 + 16);
    else if (mutation == u"extend-1")
        e.append('\0');
    else if (mutation == u"extend-chunk")
        e.append(e.mid(c0, sealedChunk));
    else if (mutation == u"swap") {
        const QByteArray a = e.mid(c0 + sealedChunk, sealedChunk), b = e.mid(c0 + 2 * sealedChunk, sealedChunk);
        e.replace(c0 + sealedChunk, sealedChunk, b);
        e.replace(c0 + 2 * sealedChunk, sealedChunk, a);
    } else if (mutation == u"flip-chunk")
        e[c0 + 2 * sealedChunk + 100] = char(e[c0 + 2 * sealedChunk + 100] ^ 1);
    else if (mutation == u"flip-tag")
        e[e.size() - 1] = char(e[e.size() - 1] ^ 0x80);
    else if (mutation == u"wrong-key")
        useOtherKey = true;
    else if (mutation == u"wrong-purpose")
        purpose = "job-output";
    else if (mutation == u"wrong-aad")
        aad[0] = char(aad[0] ^ 1);
    else if (mutation == u"no-aad")
        aad.clear();
    else
        QFAIL("unknown mutation");

    const X25519PrivateKey& k = useOtherKey ? key : f.key;
    auto opened = envelope::open(sp(e), k, purpose, aad);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, expected);
    QVERIFY(!opened.error().message.isEmpty());

    // The streaming opener gives the same verdict.
    QBuffer in(&e);
    in.open(QIODevice::ReadOnly);
    SinkDevice out;
    auto streamed = envelope::openStream(in, k, purpose, aad, out);
    QVERIFY(!streamed);
    QCOMPARE(streamed.error().code, expectedStreaming);
}

void TestEnvelope::streamingMemoryIsBounded()
{
    Fixture f;
    const auto params = f.params(64 * 1024);
    const qint64 size = 48ll * 1024 * 1024 + 3;
    GeneratorDevice in(size);
    SinkDevice out;
    QVERIFY(envelope::sealStream(params, in, std::uint64_t(size), out));
    QCOMPARE(out.total, qint64(envelope::Header {0x20, 1, 2, params.chunkSize, {}, std::uint64_t(size)}.sealedSize()));
    // Data moves one chunk at a time: never more than a chunk is read or written at once.
    QVERIFY(in.largestRead <= 64 * 1024);
    QVERIFY(out.largestWrite <= 64 * 1024 + 16);
}

void TestEnvelope::streamingRejectsTruncationAndExtension()
{
    Fixture f;
    const auto params = f.params(100);
    const QByteArray pt = randomBytes(1000, 3);
    const QByteArray e = *envelope::seal(params, sp(pt));
    // Cut at every chunk boundary and mid-chunk: never accepted.
    for (qsizetype cut = 0; cut < e.size(); cut += 29) {
        QByteArray part = e.left(cut);
        QBuffer in(&part);
        in.open(QIODevice::ReadOnly);
        SinkDevice out;
        auto r = envelope::openStream(in, f.key, params.purpose, params.contextAad, out);
        QVERIFY2(!r, qPrintable(QStringLiteral("accepted a prefix of %1 bytes").arg(cut)));
        QVERIFY(r.error().code == EnvelopeErrc::Truncated || r.error().code == EnvelopeErrc::TruncatedHeader);
    }
}

void TestEnvelope::sealerChecksChunkSizes()
{
    Fixture f;
    auto sealer = envelope::Sealer::create(f.params(10), 25);
    QVERIFY(sealer);
    QByteArray out(64, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    QCOMPARE(sealer->sealNext(sp(QByteArray(9, 'x')), o).error().code, EnvelopeErrc::BadLength);
    QVERIFY(sealer->sealNext(sp(QByteArray(10, 'x')), o));
    QVERIFY(sealer->sealNext(sp(QByteArray(10, 'x')), o));
    QVERIFY(sealer->sealNext(sp(QByteArray(5, 'x')), o));
    QVERIFY(sealer->finished());
    QCOMPARE(sealer->sealNext(sp(QByteArray(5, 'x')), o).error().code, EnvelopeErrc::BadLength);
}

void TestEnvelope::badParameters()
{
    Fixture f;
    auto p = f.params();
    p.purpose = "";
    QCOMPARE(envelope::seal(p, {}).error().code, EnvelopeErrc::BadParameter);
    p.purpose = "has space";
    QCOMPARE(envelope::seal(p, {}).error().code, EnvelopeErrc::BadParameter);
    p.purpose = QByteArray(65, 'a');
    QCOMPARE(envelope::seal(p, {}).error().code, EnvelopeErrc::BadParameter);
    p = f.params();
    p.contextAad = QByteArray(64 * 1024 + 1, 'a');
    QCOMPARE(envelope::seal(p, {}).error().code, EnvelopeErrc::BadParameter);
    p = f.params(0);
    QCOMPARE(envelope::seal(p, {}).error().code, EnvelopeErrc::BadChunkSize);
    p = f.params();
    p.recipient = {}; // small-order point
    QCOMPARE(envelope::seal(p, {}).error().code, EnvelopeErrc::BadParameter);
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "TestEnvelope.moc"
