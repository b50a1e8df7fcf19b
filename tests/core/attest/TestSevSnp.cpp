// SEV-SNP verification against real reports and certificates from other projects
// (../shared/testdata/sev-snp: go-sev-guest's and virtee's samples), and every tampering a
// verifier must catch, each with its reason.
#include "TestSupport.h"
#include "attest/SevSnp.h"
#include "common/Hex.h"

using namespace cocoon;
using namespace cocoon::attest;
using cocoon::test::flipped;

Q_DECLARE_METATYPE(cocoon::attest::AttestErrc)

namespace {

QByteArray data(const QString& rel)
{
    return test::readFile(test::sharedTestData("sev-snp/" + rel));
}

} // namespace

class TestSevSnp : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (data("attestation.bin").isEmpty())
            COCOON_SKIP_OR_FAIL("../shared/testdata/sev-snp is absent: SEV-SNP conformance tests skipped");
    }

    void realReportsVerify_data()
    {
        QTest::addColumn<QString>("report");
        QTest::addColumn<QString>("vcek");
        QTest::addColumn<QString>("chain");
        QTest::addColumn<bool>("debug");
        QTest::newRow("go-sev-guest Milan (debug policy)") << "attestation.bin"
                                                           << "vcek.der"
                                                           << "ask_ark_milan.pem" << true;
        QTest::newRow("virtee Milan (hex)") << "virtee/report_milan.hex"
                                            << "virtee/vcek_milan.der"
                                            << "virtee/cert_chain_milan" << false;
    }
    void realReportsVerify()
    {
        QFETCH(QString, report);
        QFETCH(QString, vcek);
        QFETCH(QString, chain);
        QFETCH(bool, debug);
        auto r = parseSevReport(data(report));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->version, 2u);
        QCOMPARE(r->debugAllowed(), debug);
        SevPolicy policy;
        policy.allowDebug = true;
        policy.expectedReportData = r->reportData;
        policy.allowedMeasurements = {r->measurement};
        const SevVerdict v = verifySevReport(*r, data(vcek), data(chain), policy);
        QVERIFY2(v.valid, qPrintable(v.reasons.join("; ")));
        QCOMPARE(v.productLine, QStringLiteral("Milan"));
        const QJsonObject j = v.toJson();
        QCOMPARE(j["valid"].toBool(), true);
        QCOMPARE(j["debug"].toBool(), debug);
        QCOMPARE(j["chip_id"].toString().size(), 128);
        // The debug bit is reported, and refused unless allowed.
        policy.allowDebug = false;
        const SevVerdict strict = verifySevReport(*r, data(vcek), data(chain), policy);
        QCOMPARE(strict.valid, !debug);
        if (debug)
            QVERIFY(strict.reasons.join(";").contains("allows debugging"));
    }

    void goSevGuestSampleFacts()
    {
        auto r = parseSevReport(data("attestation.bin"));
        QVERIFY(r);
        QCOMPARE(r->policy, 0xb0000ull);
        QCOMPARE(r->reportData.left(4), QByteArray::fromHex("01020304"));
    }

    void tampering_data()
    {
        QTest::addColumn<QByteArray>("report");
        QTest::addColumn<QByteArray>("vcek");
        QTest::addColumn<QByteArray>("chain");
        QTest::addColumn<AttestErrc>("code");
        QTest::addColumn<QString>("mentions");
        const QByteArray rep = data("attestation.bin");
        const QByteArray vcek = data("vcek.der");
        const QByteArray chain = data("ask_ark_milan.pem");
        QTest::newRow("bit in report_data")
            << flipped(rep, 0x50) << vcek << chain << AttestErrc::BadSignature << "signature does not verify";
        QTest::newRow("bit in measurement")
            << flipped(rep, 0x90 + 7, 0x40) << vcek << chain << AttestErrc::BadSignature << "signature";
        QTest::newRow("bit in policy") << flipped(rep, 0x0A, 0x08) << vcek << chain << AttestErrc::BadSignature
                                       << "signature";
        QTest::newRow("bit in signature R")
            << flipped(rep, 0x2A0 + 3) << vcek << chain << AttestErrc::BadSignature << "signature";
        QTest::newRow("bit in signature S")
            << flipped(rep, 0x2E8 + 40) << vcek << chain << AttestErrc::BadSignature << "signature";
        QTest::newRow("chip id changed") << flipped(rep, 0x1A0) << vcek << chain << AttestErrc::Mismatch
                                         << "another chip";
        QTest::newRow("reported TCB changed")
            << flipped(rep, 0x180 + 7) << vcek << chain << AttestErrc::Mismatch << "another TCB";
        QTest::newRow("Genoa chain for a Milan VCEK")
            << rep << vcek << data("ask_ark_genoa.pem") << AttestErrc::BadChain << "not signed by the ASK";
        QTest::newRow("VCEK of another chip (Turin)")
            << rep << data("virtee/vcek_turin.der") << chain << AttestErrc::BadChain << "VCEK is not signed";
        QTest::newRow("VCEK of another Milan chip")
            << rep << data("virtee/vcek_milan.der") << chain << AttestErrc::Mismatch << "another chip";
        const QByteArray nvidiaRoot = test::readFile(test::sharedTestData("nvidia-cc/verifier_device_root.pem"));
        const QByteArray ask = chain.left(chain.indexOf("-----END CERTIFICATE-----") + 26);
        QTest::newRow("a root that is not AMD's")
            << rep << vcek << (ask + nvidiaRoot) << AttestErrc::UntrustedRoot << "not one of AMD's root keys";
        QTest::newRow("chain without its root") << rep << vcek << ask << AttestErrc::Malformed << "ASK and the ARK";
        QTest::newRow("VCEK not a certificate")
            << rep << QByteArray("garbage") << chain << AttestErrc::Malformed << "not a certificate";
    }
    void tampering()
    {
        QFETCH(QByteArray, report);
        QFETCH(QByteArray, vcek);
        QFETCH(QByteArray, chain);
        QFETCH(AttestErrc, code);
        QFETCH(QString, mentions);
        auto r = parseSevReport(report);
        QVERIFY(r);
        SevPolicy policy;
        policy.allowDebug = true;
        const SevVerdict v = verifySevReport(*r, vcek, chain, policy);
        QVERIFY(!v.valid);
        QVERIFY2(v.codes.contains(code), qPrintable(v.reasons.join("; ")));
        QVERIFY2(v.reasons.join("; ").contains(mentions), qPrintable(v.reasons.join("; ")));
    }

    void policyChecks()
    {
        auto r = parseSevReport(data("virtee/report_milan.hex"));
        QVERIFY(r);
        const QByteArray vcek = data("virtee/vcek_milan.der"), chain = data("virtee/cert_chain_milan");
        SevPolicy p;
        p.expectedReportData = QByteArray(64, 'x');
        SevVerdict v = verifySevReport(*r, vcek, chain, p);
        QVERIFY(!v.valid);
        QCOMPARE(v.codes, QList {AttestErrc::PolicyViolation});
        QVERIFY(v.reasons.first().contains("bound to other keys"));
        p = {};
        p.allowedMeasurements = {QByteArray(48, '\0')};
        QVERIFY(verifySevReport(*r, vcek, chain, p).reasons.first().contains("not an allowed one"));
        p = {};
        SevTcb future = SevReport::decodeTcb(r->reportedTcb, "Milan");
        future.snp += 1;
        p.minimumTcb = future;
        QVERIFY(verifySevReport(*r, vcek, chain, p).reasons.first().contains("older than the minimum"));
        p.minimumTcb = SevReport::decodeTcb(r->reportedTcb, "Milan");
        QVERIFY(verifySevReport(*r, vcek, chain, p).valid);
    }

    void malformedInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("mentions");
        const QByteArray rep = data("attestation.bin");
        QTest::newRow("empty") << QByteArray() << "this one is 0";
        QTest::newRow("truncated") << rep.left(0x49F) << "1183 bytes";
        QTest::newRow("oversized") << (rep + 'x') << "1185 bytes";
        QTest::newRow("hex, truncated") << rep.left(100).toHex() << "is 1184 bytes; this one is 100";
        QTest::newRow("not hex") << QByteArray(2 * 0x4A0, 'z') << "not hex";
        QByteArray v9 = rep;
        v9[0] = 9;
        QTest::newRow("unknown version") << v9 << "version 9";
        QByteArray algo = rep;
        algo[0x34] = 2;
        QTest::newRow("unknown algorithm") << algo << "algorithm 2";
    }
    void malformedInput()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, mentions);
        auto r = parseSevReport(input);
        QVERIFY(!r);
        QCOMPARE(r.error().code, AttestErrc::Malformed);
        QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSevSnp)
#include "TestSevSnp.moc"
