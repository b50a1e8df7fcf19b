// The evidence bundle: canonical CBOR round trip, rejection of damaged input, the key binding,
// and verification of real SEV-SNP, TDX and NVIDIA samples carried inside a bundle. The samples
// were made for other keys, so each verifies up to exactly one failure — report_data or nonce —
// which proves the whole chain was checked and that evidence cannot be replayed for new keys.
#include "TestSupport.h"
#include "attest/EvidenceBundle.h"
#include "attest/Pki.h"

#include <openssl/x509.h>

using namespace cocoon;
using namespace cocoon::attest;

namespace {
QByteArray shared(const QString& rel)
{
    return test::readFile(test::sharedTestData(rel));
}

QByteArray der(X509* cert)
{
    unsigned char* out = nullptr;
    const int n = i2d_X509(cert, &out);
    QByteArray b(reinterpret_cast<const char*>(out), n);
    OPENSSL_free(out);
    return b;
}

/// A GHCB certificate table: {GUID, offset, length} entries, a zero entry, then the certificates.
QByteArray certTable(const QByteArray& vcek, const QByteArray& ask, const QByteArray& ark)
{
    const QList<std::pair<QByteArray, QByteArray>> entries = {
        {QByteArray::fromHex("8d75da6364e66445adc5f4b93be8accd"), vcek},
        {QByteArray::fromHex("79b3b74aacbbe44fa02f05aef327c782"), ask},
        {QByteArray::fromHex("a406b4c003a8524997433fb6014cd0ae"), ark},
    };
    QByteArray head, body;
    quint32 offset = quint32((entries.size() + 1) * 24);
    const auto le32 = [](quint32 v) {
        QByteArray b(4, '\0');
        for (int i = 0; i < 4; ++i)
            b[i] = char((v >> (8 * i)) & 0xff);
        return b;
    };
    for (const auto& [guid, cert] : entries) {
        head += guid + le32(offset) + le32(quint32(cert.size()));
        body += cert;
        offset += quint32(cert.size());
    }
    return head + QByteArray(24, '\0') + body;
}
} // namespace

class TestEvidenceBundle : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_b = EvidenceBundle {};
        m_b.identity.fill(0x11);
        m_b.session.fill(0x22);
        m_b.reportData = bindingReportData(m_b.identity, m_b.session);
        m_b.createdMs = 1'790'000'000'000;
        m_b.claimedTier = "sealed";
        m_b.cpuType = "none";
        m_b.cpuReason = "no TEE here";
    }

    void roundTripsCanonically()
    {
        m_b.gpus.append(BundleGpu {1, "report", "chain", ""});
        const QByteArray bytes = m_b.encode();
        auto back = EvidenceBundle::decode(bytes);
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->encode(), bytes);
        QCOMPARE(back->gpus.size(), 1);
        QCOMPARE(back->gpus[0].index, 1);
        QCOMPARE(back->reportData, m_b.reportData);
    }

    void rejectsDamagedInput()
    {
        const QByteArray bytes = m_b.encode();
        QVERIFY(!EvidenceBundle::decode(bytes.left(bytes.size() - 1)));
        QVERIFY(!EvidenceBundle::decode(bytes + '\0'));
        QVERIFY(!EvidenceBundle::decode(QByteArray()));
        QVERIFY(!EvidenceBundle::decode(QByteArray(EvidenceBundle::kMaxBytes + 1, '\xa0')));
        int decoded = 0;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            decoded += EvidenceBundle::decode(test::flipped(bytes, i, 0x40)) ? 1 : 0; // never crashes
        }
        QVERIFY(decoded < bytes.size());
    }

    void bindingAndExpectations()
    {
        BundleVerdict v = verifyBundle(m_b, {});
        QVERIFY(v.valid);
        QVERIFY(v.bindingOk);
        QCOMPARE(v.tier, jobs::Tier::Sealed); // no TEE evidence
        // A bundle whose report_data is not its keys' binding.
        EvidenceBundle other = m_b;
        other.session.fill(0x23);
        v = verifyBundle(other, {});
        QVERIFY(!v.valid);
        QVERIFY(v.reasons.join(' ').contains("not bound"));
        // The owner expects other keys, or a fresher bundle.
        BundleExpectations e;
        e.identity = Ed25519PublicKey {};
        QVERIFY(!verifyBundle(m_b, e).valid);
        e = {};
        e.nowMs = m_b.createdMs + 2 * e.maxAgeMs;
        QVERIFY(verifyBundle(m_b, e).reasons.join(' ').contains("age"));
        // A claim of "confidential" does not make it so.
        m_b.claimedTier = "confidential";
        QCOMPARE(verifyBundle(m_b, {}).tier, jobs::Tier::Sealed);
    }

    void realTdxQuoteInsideABundle()
    {
        const QByteArray quote = shared("tdx/tdx_prod_quote_SPR_E4.dat");
        if (quote.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("../shared/testdata/tdx is not present"));
        }
        m_b.cpuType = "tdx";
        m_b.cpuReport = quote;
        const BundleVerdict v = verifyBundle(*EvidenceBundle::decode(m_b.encode()), {});
        QVERIFY(!v.cpuVerified);
        QCOMPARE(v.cpuDetail,
            QStringLiteral("report_data differs from the expected value (the evidence is bound to other keys)"));
        QCOMPARE(v.tier, jobs::Tier::Sealed);
    }

    void realSevReportWithHostCertificates()
    {
        const QByteArray report = shared("sev-snp/attestation.bin");
        if (report.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("../shared/testdata/sev-snp is not present"));
        }
        const auto chain = pki::readPemChain(shared("sev-snp/ask_ark_milan.pem"));
        QCOMPARE(int(chain.size()), 2);
        m_b.cpuType = "sev-snp";
        m_b.cpuReport = report;
        m_b.cpuCerts = certTable(shared("sev-snp/vcek.der"), der(chain[0].get()), der(chain[1].get()));
        const SevHostCerts parsed = parseSevCertTable(m_b.cpuCerts);
        QCOMPARE(parsed.vcek, shared("sev-snp/vcek.der"));
        BundleExpectations e;
        e.allowDebug = true; // the sample's policy allows debugging
        const BundleVerdict v = verifyBundle(*EvidenceBundle::decode(m_b.encode()), e);
        QVERIFY(!v.cpuVerified);
        QCOMPARE(v.cpuDetail,
            QStringLiteral("report_data differs from the expected value (the evidence is bound to other keys)"));
        // Without the host's certificates it says what is missing.
        m_b.cpuCerts.clear();
        QVERIFY(verifyBundle(m_b, e).cpuDetail.contains("VCEK"));
        // A damaged table is survived.
        QCOMPARE(parseSevCertTable(QByteArray(30, '\xff')).vcek, QByteArray());
    }

    void realGpuReportInsideABundle()
    {
        const QByteArray report = shared("nvidia-cc/hopperAttestationReport.txt");
        if (report.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("../shared/testdata/nvidia-cc is not present"));
        }
        m_b.gpus.append(BundleGpu {0, report, shared("nvidia-cc/hopperCertChain.txt"), ""});
        m_b.gpus.append(BundleGpu {1, {}, {}, "GPU does not support confidential computing"});
        BundleExpectations e;
        e.gpuNeeded = true;
        const BundleVerdict v = verifyBundle(*EvidenceBundle::decode(m_b.encode()), e);
        QCOMPARE(v.gpuVerified, (QList<bool> {false, false}));
        QVERIFY2(v.gpuDetails[0].endsWith(
                     "the report answers another nonce (it is not fresh, or was made for someone else)"),
            qPrintable(v.gpuDetails[0]));
        QVERIFY(v.gpuDetails[1].contains("does not support"));
        QVERIFY(v.tierReasons.join(' ').contains("GPU: "));
    }

private:
    EvidenceBundle m_b;
};

QTEST_GUILESS_MAIN(TestEvidenceBundle)
#include "TestEvidenceBundle.moc"
