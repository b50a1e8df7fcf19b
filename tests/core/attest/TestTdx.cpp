// Intel TDX quote v4 verification against a real production quote (go-tdx-guest's Sapphire
// Rapids sample in ../shared/testdata/tdx), and each tampering a verifier must catch.
#include "TestSupport.h"
#include "attest/Tdx.h"
#include "common/Hex.h"

#include <QtEndian>

using namespace cocoon;
using namespace cocoon::attest;
using cocoon::test::flipped;

Q_DECLARE_METATYPE(cocoon::attest::AttestErrc)

namespace {

QByteArray sample()
{
    return test::readFile(test::sharedTestData("tdx/tdx_prod_quote_SPR_E4.dat"));
}

// Offsets in the sample: header 0..48, body 48..632, signature length 632, signature data 636:
// quote signature 636..700, attestation key 700..764, cert type/size 764..770, QE report
// 770..1154, QE report signature 1154..1218, auth data length 1218, auth data 1220..1252.
constexpr qsizetype kBody = 48, kSig = 636, kKey = 700, kQeReport = 770, kQeSig = 1154, kAuth = 1220;

} // namespace

class TestTdx : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (sample().isEmpty())
            COCOON_SKIP_OR_FAIL("../shared/testdata/tdx is absent: TDX conformance tests skipped");
    }

    void realQuoteVerifies()
    {
        auto q = parseTdxQuote(sample());
        QVERIFY2(q, qPrintable(q ? QString() : q.error().message));
        QCOMPARE(q->version, 4);
        QVERIFY(!q->debug());
        QCOMPARE(q->trailingBytes, qsizetype(39)); // the sample carries unsigned extra bytes, reported
        TdxPolicy p;
        p.expectedReportData = q->reportData;
        p.allowedMrTd = {q->mrTd};
        const TdxVerdict v = verifyTdxQuote(*q, p);
        QVERIFY2(v.valid, qPrintable(v.reasons.join("; ")));
        const QJsonObject j = v.toJson();
        QCOMPARE(j["type"].toString(), QStringLiteral("tdx"));
        QCOMPARE(j["mr_td"].toString().size(), 96);
        QCOMPARE(j["ignored_trailing_bytes"].toInt(), 39);
    }

    void tampering_data()
    {
        QTest::addColumn<QByteArray>("quote");
        QTest::addColumn<AttestErrc>("code");
        QTest::addColumn<QString>("mentions");
        const QByteArray s = sample();
        QTest::newRow("bit in report_data")
            << flipped(s, kBody + 520) << AttestErrc::BadSignature << "quote's signature does not verify";
        QTest::newRow("bit in MRTD") << flipped(s, kBody + 140, 0x10) << AttestErrc::BadSignature
                                     << "quote's signature";
        QTest::newRow("debug attribute set")
            << flipped(s, kBody + 120) << AttestErrc::BadSignature << "quote's signature";
        QTest::newRow("bit in header") << flipped(s, 20) << AttestErrc::BadSignature << "quote's signature";
        QTest::newRow("bit in quote signature")
            << flipped(s, kSig + 10) << AttestErrc::BadSignature << "quote's signature";
        QTest::newRow("another attestation key")
            << flipped(s, kKey + 63) << AttestErrc::Mismatch << "does not vouch for this attestation key";
        QTest::newRow("bit in QE report")
            << flipped(s, kQeReport + 5) << AttestErrc::BadSignature << "not signed by the PCK key";
        QTest::newRow("bit in QE report signature")
            << flipped(s, kQeSig + 40) << AttestErrc::BadSignature << "not signed by the PCK key";
        QTest::newRow("bit in QE auth data") << flipped(s, kAuth + 1) << AttestErrc::Mismatch << "does not vouch";
        // The PCK certificate's signature bytes sit near the end of its PEM block: change a
        // base64 character in the middle of the first certificate.
        QByteArray pck = s;
        const qsizetype pem = s.indexOf("-----BEGIN CERTIFICATE-----") + 200;
        pck[pem] = pck[pem] == 'A' ? 'B' : 'A';
        QTest::newRow("PCK certificate altered") << pck << AttestErrc::BadChain << "";
    }
    void tampering()
    {
        QFETCH(QByteArray, quote);
        QFETCH(AttestErrc, code);
        QFETCH(QString, mentions);
        auto q = parseTdxQuote(quote);
        if (!q) { // an altered certificate may no longer parse: that is a refusal too
            QCOMPARE(code, AttestErrc::BadChain);
            return;
        }
        TdxPolicy lenient;
        lenient.allowDebug = true;
        const TdxVerdict v = verifyTdxQuote(*q, lenient);
        QVERIFY(!v.valid);
        QVERIFY2(v.codes.contains(code) || (code == AttestErrc::BadChain && !v.codes.isEmpty()),
            qPrintable(v.reasons.join("; ")));
        QVERIFY2(v.reasons.join("; ").contains(mentions), qPrintable(v.reasons.join("; ")));
    }

    void chainNotEndingInIntelsRoot()
    {
        QByteArray s = sample();
        const qsizetype lastCert = s.lastIndexOf("-----BEGIN CERTIFICATE-----");
        const qsizetype end = s.indexOf("-----END CERTIFICATE-----", lastCert) + 25;
        const QByteArray nvidiaRoot
            = test::readFile(test::sharedTestData("nvidia-cc/verifier_device_root.pem")).trimmed();
        // Swap Intel's root for another CA's certificate, fixing up the two declared lengths.
        const QByteArray swapped = s.left(lastCert) + nvidiaRoot + s.mid(end);
        const qsizetype delta = swapped.size() - s.size();
        QByteArray q = swapped;
        const auto bump32 = [&q, delta](qsizetype at) {
            qToLittleEndian<std::uint32_t>(
                std::uint32_t(qFromLittleEndian<std::uint32_t>(q.constData() + at) + delta), q.data() + at);
        };
        bump32(632); // signature data length
        bump32(766); // certification data size
        const qsizetype inner = kAuth + 32 + 2; // PCK chain size after its type
        bump32(inner);
        auto parsed = parseTdxQuote(q);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        const TdxVerdict v = verifyTdxQuote(*parsed, TdxPolicy {});
        QVERIFY(v.codes.contains(AttestErrc::UntrustedRoot));
    }

    void policy()
    {
        auto q = parseTdxQuote(sample());
        QVERIFY(q);
        TdxPolicy p;
        p.expectedReportData = QByteArray(64, '\0');
        TdxVerdict v = verifyTdxQuote(*q, p);
        QCOMPARE(v.codes, QList {AttestErrc::PolicyViolation});
        QVERIFY(v.reasons.first().contains("bound to other keys"));
        p = {};
        p.allowedMrTd = {QByteArray(48, '\x11')};
        QVERIFY(verifyTdxQuote(*q, p).reasons.first().contains("not an allowed one"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("mentions");
        const QByteArray s = sample();
        QTest::newRow("empty") << QByteArray() << "truncated";
        QTest::newRow("header only") << s.left(48) << "truncated";
        QTest::newRow("no signature data") << s.left(640) << "shorter than its declared length";
        QTest::newRow("cut in the PCK chain") << s.left(3000) << "shorter than its declared length";
        QTest::newRow("oversized") << QByteArray(2 << 20, '\0') << "a few KiB";
        QTest::newRow("version 3") << flipped(s, 0, 0x07) << "version 3";
        QTest::newRow("SGX, not TDX") << flipped(s, 4, '\x81') << "not TDX";
        QTest::newRow("key type") << flipped(s, 2, 0x01) << "key type 3";
        QByteArray big = s;
        qToLittleEndian<std::uint32_t>(0xffffffffu, big.data() + 632);
        QTest::newRow("length past the end") << big << "declared length";
    }
    void malformed()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, mentions);
        auto q = parseTdxQuote(input);
        QVERIFY(!q);
        QCOMPARE(q.error().code, AttestErrc::Malformed);
        QVERIFY2(q.error().message.contains(mentions), qPrintable(q.error().message));
    }
};

QTEST_GUILESS_MAIN(TestTdx)
#include "TestTdx.moc"
