// NVIDIA GPU CC evidence against NVIDIA's own Hopper sample (../shared/testdata/nvidia-cc, from
// nvtrust's local verifier), and each tampering a verifier must catch.
#include "TestSupport.h"
#include "attest/NvidiaCc.h"
#include "common/Hex.h"

using namespace cocoon;
using namespace cocoon::attest;
using cocoon::test::flipped;

Q_DECLARE_METATYPE(cocoon::attest::AttestErrc)

namespace {

QByteArray file(const QString& name)
{
    return test::readFile(test::sharedTestData("nvidia-cc/" + name));
}

QByteArray rawReport()
{
    return QByteArray::fromHex(file("hopperAttestationReport.txt").trimmed());
}

} // namespace

class TestNvidiaCc : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (file("hopperAttestationReport.txt").isEmpty())
            COCOON_SKIP_OR_FAIL("../shared/testdata/nvidia-cc is absent: NVIDIA CC conformance tests skipped");
    }

    void realReportVerifies()
    {
        auto r = parseNvidiaReport(file("hopperAttestationReport.txt")); // hex, as the tools write it
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->spdmVersion, 0x11);
        QCOMPARE(r->measurements.size(), 64);
        QCOMPARE(hex::encode(r->requestNonce),
            QStringLiteral("931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb"));
        NvidiaPolicy p;
        p.expectedNonce = r->requestNonce;
        const NvidiaVerdict v = verifyNvidiaReport(*r, file("hopperCertChain.txt"), p);
        QVERIFY2(v.valid, qPrintable(v.reasons.join("; ")));
        const QJsonObject j = v.toJson();
        QCOMPARE(j["spdm_version"].toString(), QStringLiteral("1.1"));
        QVERIFY(j["device"].toString().contains("GH100"));
        QCOMPARE(j["measurements"].toArray().size(), 64);
        QVERIFY(parseNvidiaReport(rawReport())); // raw bytes too
    }

    void tampering_data()
    {
        QTest::addColumn<QByteArray>("report");
        QTest::addColumn<QByteArray>("chain");
        QTest::addColumn<AttestErrc>("code");
        QTest::addColumn<QString>("mentions");
        const QByteArray rep = rawReport();
        const QByteArray chain = file("hopperCertChain.txt");
        QTest::newRow("bit in the request nonce")
            << flipped(rep, 10) << chain << AttestErrc::BadSignature << "signature over its measurements";
        QTest::newRow("bit in a measurement")
            << flipped(rep, 37 + 8 + 20) << chain << AttestErrc::BadSignature << "does not verify";
        QTest::newRow("bit in the response nonce")
            << flipped(rep, 37 + 8 + 3520 + 3) << chain << AttestErrc::BadSignature << "does not verify";
        QTest::newRow("bit in the signature")
            << flipped(rep, rep.size() - 20) << chain << AttestErrc::BadSignature << "does not verify";
        // Another chain: AMD's, which is neither this GPU's nor NVIDIA's.
        QTest::newRow("another vendor's chain")
            << rep << test::readFile(test::sharedTestData("sev-snp/ask_ark_milan.pem")) << AttestErrc::UntrustedRoot
            << "NVIDIA's Device Identity CA";
        // The chain without its leaf: the next certificate (BROM) did not sign the report.
        const qsizetype second = chain.indexOf("-----BEGIN CERTIFICATE-----", 10);
        QTest::newRow("leaf missing") << rep << chain.mid(second) << AttestErrc::BadSignature << "does not verify";
        // The chain with its root replaced by the leaf again: not NVIDIA's root.
        const qsizetype last = chain.lastIndexOf("-----BEGIN CERTIFICATE-----");
        QTest::newRow("root replaced") << rep << (chain.left(last) + chain.left(second)) << AttestErrc::UntrustedRoot
                                       << "Device Identity CA";
        QTest::newRow("one certificate") << rep << chain.left(second) << AttestErrc::Malformed << "holds 1";
    }
    void tampering()
    {
        QFETCH(QByteArray, report);
        QFETCH(QByteArray, chain);
        QFETCH(AttestErrc, code);
        QFETCH(QString, mentions);
        auto r = parseNvidiaReport(report);
        QVERIFY(r);
        const NvidiaVerdict v = verifyNvidiaReport(*r, chain, NvidiaPolicy {});
        QVERIFY(!v.valid);
        QVERIFY2(v.codes.contains(code), qPrintable(v.reasons.join("; ")));
        QVERIFY2(v.reasons.join("; ").contains(mentions), qPrintable(v.reasons.join("; ")));
    }

    void staleNonce()
    {
        auto r = parseNvidiaReport(rawReport());
        QVERIFY(r);
        NvidiaPolicy p;
        p.expectedNonce = QByteArray(32, '\x42');
        const NvidiaVerdict v = verifyNvidiaReport(*r, file("hopperCertChain.txt"), p);
        QCOMPARE(v.codes, QList {AttestErrc::PolicyViolation});
        QVERIFY(v.reasons.first().contains("another nonce"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("mentions");
        const QByteArray rep = rawReport();
        QTest::newRow("empty") << QByteArray() << "truncated";
        QTest::newRow("request only") << rep.left(40) << "truncated";
        QTest::newRow("cut in the record") << rep.left(1000) << "shorter than its declared length";
        QTest::newRow("signature cut") << rep.chopped(1) << "95 bytes are left";
        QTest::newRow("extra bytes") << (rep + "xx") << "98 bytes are left";
        QTest::newRow("not SPDM") << flipped(rep, 1, 0x10) << "GET_MEASUREMENTS request";
        QTest::newRow("no signature asked") << flipped(rep, 2) << "did not ask for a signature";
        QTest::newRow("no response") << flipped(rep, 38, 0x02) << "MEASUREMENTS response";
        QTest::newRow("block count") << flipped(rep, 37 + 4) << "announces 65";
        QTest::newRow("oversized") << QByteArray(2 << 20, '0') << "a few KiB";
    }
    void malformed()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, mentions);
        auto r = parseNvidiaReport(input);
        QVERIFY(!r);
        QCOMPARE(r.error().code, AttestErrc::Malformed);
        QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestNvidiaCc)
#include "TestNvidiaCc.moc"
