// Manifest v1 and Receipt v1: encoding, strict decoding, pricing, signatures.
#include "TestSupport.h"
#include "jobs/Catalogue.h"
#include "jobs/Cbor.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"

#include <QCborArray>
#include <QDir>

using namespace cocoon;
using namespace cocoon::jobs;

Q_DECLARE_METATYPE(cocoon::jobs::JobErrc)

namespace {

Manifest sample()
{
    Manifest m;
    m.jobId = Manifest::newJobId();
    m.kernel = QStringLiteral("media.resize");
    m.params = QCborMap {{QStringLiteral("width"), 2}, {QStringLiteral("height"), 2}};
    m.inputLength = 1234;
    m.replyKey.fill(7);
    m.pricePerUnitNano = 3;
    m.coefficientPpb = 500000000;
    m.deadline = 1800000000;
    m.minTier = Tier::Confidential;
    return m;
}

} // namespace

class TestManifestReceipt : public QObject
{
    Q_OBJECT
private slots:
    void manifestRoundTrip()
    {
        const Manifest m = sample();
        const QByteArray bytes = m.encode();
        auto back = Manifest::decode(bytes);
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->jobId, m.jobId);
        QCOMPARE(back->kernel, m.kernel);
        QCOMPARE(back->params, m.params);
        QCOMPARE(back->inputLength, m.inputLength);
        QCOMPARE(back->replyKey, m.replyKey);
        QCOMPARE(back->pricePerUnitNano, m.pricePerUnitNano);
        QCOMPARE(back->coefficientPpb, m.coefficientPpb);
        QCOMPARE(back->deadline, m.deadline);
        QCOMPARE(back->minTier, Tier::Confidential);
        QCOMPARE(back->encode(), bytes); // deterministic
        QCOMPARE(back->hash(), sha256(bytes));
    }

    void manifestRejects_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<JobErrc>("code");
        QTest::newRow("not cbor") << "garbage" << JobErrc::Malformed;
        QTest::newRow("not a map") << "array" << JobErrc::Malformed;
        QTest::newRow("unsorted keys") << "unsorted" << JobErrc::NotCanonical;
        QTest::newRow("version 2") << "v2" << JobErrc::UnsupportedVersion;
        QTest::newRow("missing kernel") << "no-kernel" << JobErrc::Malformed;
        QTest::newRow("extra field") << "extra" << JobErrc::Malformed;
        QTest::newRow("short id") << "short-id" << JobErrc::Malformed;
        QTest::newRow("negative in_len") << "negative" << JobErrc::Malformed;
        QTest::newRow("bad tier") << "tier" << JobErrc::Malformed;
        QTest::newRow("params not a map") << "params" << JobErrc::Malformed;
        QTest::newRow("price incomplete") << "price" << JobErrc::Malformed;
        QTest::newRow("float anywhere") << "float" << JobErrc::Malformed;
        QTest::newRow("trailing byte") << "trailing" << JobErrc::Malformed;
        QTest::newRow("oversized") << "huge" << JobErrc::Malformed;
    }
    void manifestRejects()
    {
        QFETCH(QString, mutation);
        QFETCH(JobErrc, code);
        QCborMap m = QCborValue::fromCbor(sample().encode()).toMap();
        QByteArray bytes;
        if (mutation == "garbage")
            bytes = "\xff\x00garbage";
        else if (mutation == "array")
            bytes = cbor::encode(QCborArray {1, 2});
        else if (mutation == "unsorted") {
            QCborMap reordered; // "params" first: not the canonical (length-first) order
            reordered.insert(QStringLiteral("params"), m.value(QStringLiteral("params")));
            for (auto it = m.constBegin(); it != m.constEnd(); ++it)
                if (it.key().toString() != "params")
                    reordered.insert(it.key(), it.value());
            bytes = QCborValue(reordered).toCbor();
        } else {
            if (mutation == "v2")
                m.insert(QStringLiteral("v"), 2);
            else if (mutation == "no-kernel")
                m.remove(QStringLiteral("kernel"));
            else if (mutation == "extra")
                m.insert(QStringLiteral("zzz"), 1);
            else if (mutation == "short-id")
                m.insert(QStringLiteral("id"), QByteArray(15, 'x'));
            else if (mutation == "negative")
                m.insert(QStringLiteral("in_len"), -5);
            else if (mutation == "tier")
                m.insert(QStringLiteral("min_tier"), QStringLiteral("secret"));
            else if (mutation == "params")
                m.insert(QStringLiteral("params"), 3);
            else if (mutation == "price")
                m.insert(QStringLiteral("price"), QCborMap {{QStringLiteral("unit_nano"), 1}});
            else if (mutation == "float")
                m.insert(QStringLiteral("deadline"), 1.5);
            else if (mutation == "huge")
                m.insert(QStringLiteral("kernel"), QString(70000, 'k'));
            bytes = mutation == "float" ? QCborValue(m).toCbor() : cbor::encode(m);
            if (mutation == "trailing")
                bytes.append('\0');
        }
        auto r = Manifest::decode(bytes);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QVERIFY(r.error().message.startsWith("manifest"));
    }

    void fuzzSeedsAreValidManifests()
    {
        // The fuzzer starts from real manifests: every seed must decode and pass the catalogue.
        const QDir dir(qEnvironmentVariable("COCOON_SOURCE_DIR") + "/tests/fuzz/corpus/fuzz_manifest");
        const QStringList seeds = dir.entryList(QDir::Files);
        QVERIFY(seeds.size() >= 5);
        for (const QString& name : seeds) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            auto m = Manifest::decode(f.readAll());
            QVERIFY2(m, qPrintable(name + ": " + (m ? QString() : m.error().message)));
            auto p = parseParams(m->kernel, m->params);
            QVERIFY2(p, qPrintable(name + ": " + (p ? QString() : p.error().message)));
            QCOMPARE(kernels::footprint(*p)->inputBytes, m->inputLength);
        }
    }

    void price_data()
    {
        QTest::addColumn<quint64>("units");
        QTest::addColumn<quint64>("unit");
        QTest::addColumn<quint64>("coef");
        QTest::addColumn<quint64>("price");
        QTest::newRow("identity") << quint64(1000) << quint64(2) << quint64(1000000000) << quint64(2000);
        QTest::newRow("half") << quint64(1000) << quint64(3) << quint64(500000000) << quint64(1500);
        QTest::newRow("per mega-unit") << quint64(123456789) << quint64(1) << quint64(1000) << quint64(123);
        QTest::newRow("rounds down") << quint64(1) << quint64(1) << quint64(999999999) << quint64(0);
        QTest::newRow("huge but exact") << quint64(1ull << 40) << quint64(1ull << 20) << quint64(1000000000)
                                        << quint64(1ull << 60);
        QTest::newRow("saturates") << quint64(~0ull) << quint64(~0ull) << quint64(~0ull) << quint64(~0ull);
    }
    void price()
    {
        QFETCH(quint64, units);
        QFETCH(quint64, unit);
        QFETCH(quint64, coef);
        QFETCH(quint64, price);
        Manifest m;
        m.pricePerUnitNano = unit;
        m.coefficientPpb = coef;
        QCOMPARE(quint64(m.priceFor(units)), price);
    }

    void receiptSignsAndVerifies()
    {
        auto key = Ed25519PrivateKey::generate();
        Receipt r;
        r.jobId = Manifest::newJobId();
        r.manifestHash.fill(1);
        r.inputHash.fill(2);
        r.outputHash.fill(3);
        r.kernel = "bench.probe";
        r.backend = "cpu";
        r.device = "cpu";
        r.units = 42;
        r.priceNano = 7;
        r.startMs = 1;
        r.endMs = 2;
        r.nodeKey = key->publicKey();
        const QByteArray signedReceipt = r.sign(*key);
        auto v = Receipt::verify(signedReceipt);
        QVERIFY2(v, v ? "" : qPrintable(v.error().message));
        QCOMPARE(v->units, 42u);
        QCOMPARE(v->jobId, r.jobId);

        // Any change to the body breaks the signature (or the canonical form).
        for (qsizetype i = 0; i < signedReceipt.size(); i += 3) {
            QByteArray t = signedReceipt;
            t[i] = char(t[i] ^ 0x01);
            QVERIFY2(!Receipt::verify(t), qPrintable(QStringLiteral("accepted a flip at byte %1").arg(i)));
        }
        // A receipt re-signed by another key but naming this node fails.
        auto other = Ed25519PrivateKey::generate();
        auto forged = Receipt::verify(r.sign(*other));
        QVERIFY(!forged);
        QCOMPARE(forged.error().code, JobErrc::BadSignature);
        QCOMPARE(Receipt::verify(signedReceipt.left(20)).error().code, JobErrc::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestManifestReceipt)
#include "TestManifestReceipt.moc"
