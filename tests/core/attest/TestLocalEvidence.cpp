// Evidence on this node: the report_data binding, the configfs-tsm exchange against a fake
// /sys tree (with a real TDX quote as the kernel's answer), the legacy device nodes, and the tier
// with its reasons. And this machine, which has no TEE: sealed, said plainly.
#include "TestSupport.h"
#include "attest/LocalEvidence.h"
#include "attest/Tdx.h"
#include "common/Hex.h"
#include "gpu/Nvml.h"

#include <QDir>
#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::attest;

namespace {

void put(const QString& root, const QString& rel, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(root + "/" + rel).absolutePath());
    test::writeFile(root + "/" + rel, content);
}

} // namespace

class TestLocalEvidence : public QObject
{
    Q_OBJECT
private slots:
    void gpuReportsThroughNvml()
    {
        // The fake NVML hands over a real Hopper report and chain (../shared/testdata/nvidia-cc).
        if (!QFile::exists(qEnvironmentVariable("FAKE_NVML_GPU_REPORT"))) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("../shared/testdata/nvidia-cc is not present"));
        }
        auto nvml = gpu::Nvml::open(qEnvironmentVariable("COCOON_FAKE_NVML"));
        QVERIFY2(nvml, nvml ? "" : qPrintable(nvml.error()));
        const gpu::CcState cc = (*nvml)->confidentialComputing();
        QVERIFY(cc.enabled);
        // report_data whose first half is the nonce that report was made for: the H100's evidence
        // verifies end to end (signature, chain to NVIDIA's pinned root, nonce).
        const QByteArray sampleNonce
            = hex::decode(u"931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb").value_or(QByteArray());
        QTemporaryDir root;
        LocalEvidence e = collectLocalEvidence(root.path(), sampleNonce + QByteArray(32, '\x07'), &cc, true, "req");
        QVERIFY(e.gpuConfidential);
        addGpuEvidence(e, **nvml, 1, true);
        QCOMPARE(e.gpus.size(), 1);
        QVERIFY2(e.gpus[0].verified, qPrintable(e.gpus[0].reason));
        QVERIFY(e.gpuConfidential);
        QVERIFY(e.tierReasons.join(' ').startsWith("CPU:")); // sealed only for want of a CPU TEE here

        // The gaming GPU has no CC mode: the GPUs no longer count as confidential, and it says why.
        LocalEvidence both = collectLocalEvidence(root.path(), sampleNonce + QByteArray(32, '\x07'), &cc, true, "req");
        addGpuEvidence(both, **nvml, 2, true);
        QVERIFY(both.gpus[0].verified);
        QVERIFY(!both.gpus[1].verified);
        QVERIFY(!both.gpuConfidential);
        QVERIFY2(both.gpuReason.contains("GPU 1"), qPrintable(both.gpuReason));
        QVERIFY(both.tierReasons.join(' ').contains("GPU: "));

        // A fresh nonce the report does not carry (a replayed report): refused for freshness.
        LocalEvidence fresh = collectLocalEvidence(root.path(), QByteArray(64, '\x42'), &cc, true, "req");
        addGpuEvidence(fresh, **nvml, 1, true);
        QVERIFY(!fresh.gpus[0].verified);
        QVERIFY2(fresh.gpus[0].reason.contains("nonce"), qPrintable(fresh.gpus[0].reason));
        QVERIFY(!fresh.gpuConfidential);
        QCOMPARE(fresh.toJson()["gpu"].toObject()["reports"].toArray().size(), 1);
    }

    void bindingIsSha512OfBothKeys()
    {
        Ed25519PublicKey id {};
        X25519PublicKey session {};
        id.fill(0x11);
        session.fill(0x22);
        const QByteArray rd = bindingReportData(id, session);
        QCOMPARE(rd.size(), 64);
        QCOMPARE(
            rd, QCryptographicHash::hash(QByteArray(32, '\x11') + QByteArray(32, '\x22'), QCryptographicHash::Sha512));
        session.fill(0x23);
        QVERIFY(bindingReportData(id, session) != rd); // another session, another binding
    }

    void tdxGuestThroughConfigfsTsm()
    {
        const QByteArray quote = test::readFile(test::sharedTestData("tdx/tdx_prod_quote_SPR_E4.dat"));
        if (quote.isEmpty())
            COCOON_SKIP_OR_FAIL("../shared/testdata/tdx is absent");
        const QByteArray boundTo = parseTdxQuote(quote)->reportData; // the binding the sample carries
        QTemporaryDir root;
        const QString entry = "sys/kernel/config/tsm/report/req";
        put(root.path(), entry + "/provider", "tdx_guest\n");
        put(root.path(), entry + "/outblob", quote);
        LocalEvidence e = collectLocalEvidence(root.path(), boundTo, nullptr, false, "req");
        QCOMPARE(e.cpuTee, QStringLiteral("tdx"));
        QCOMPARE(e.cpuSource, QStringLiteral("configfs-tsm (tdx_guest)"));
        QCOMPARE(test::readFile(root.filePath(entry + "/inblob")), boundTo); // the binding was asked for
        QVERIFY2(e.cpuVerified, qPrintable(e.cpuReason));
        QCOMPARE(e.tier, jobs::Tier::Confidential); // a CPU-only node in a verified TD
        QCOMPARE(e.toJson()["tier"].toString(), QStringLiteral("confidential"));

        // Offering GPUs without CC mode: sealed, and the reason says why.
        gpu::CcState off;
        off.known = true;
        off.reason = "CC mode is off: enable it with NVIDIA's gpu-admin-tools";
        e = collectLocalEvidence(root.path(), boundTo, &off, true, "req");
        QCOMPARE(e.tier, jobs::Tier::Sealed);
        QVERIFY(e.tierReasons.join(";").contains("GPU: CC mode is off"));
        gpu::CcState on;
        on.known = on.enabled = on.gpusReady = on.gpusCapable = true;
        QCOMPARE(collectLocalEvidence(root.path(), boundTo, &on, true, "req").tier, jobs::Tier::Confidential);

        // Evidence bound to other keys is not this node's.
        e = collectLocalEvidence(root.path(), QByteArray(64, '\x01'), nullptr, false, "req");
        QVERIFY(!e.cpuVerified);
        QVERIFY2(e.cpuReason.contains("bound to other keys"), qPrintable(e.cpuReason));
        QCOMPARE(e.tier, jobs::Tier::Sealed);
    }

    void sevGuestNeedsTheVcek()
    {
        const QByteArray report = test::readFile(test::sharedTestData("sev-snp/attestation.bin"));
        if (report.isEmpty())
            COCOON_SKIP_OR_FAIL("../shared/testdata/sev-snp is absent");
        QTemporaryDir root;
        put(root.path(), "sys/kernel/config/tsm/report/req/provider", "sev_guest\n");
        put(root.path(), "sys/kernel/config/tsm/report/req/outblob", report);
        const LocalEvidence e = collectLocalEvidence(root.path(), report.mid(0x50, 64), nullptr, false, "req");
        QCOMPARE(e.cpuTee, QStringLiteral("sev-snp"));
        QCOMPARE(e.cpuReport.size(), 0x4A0);
        QVERIFY(!e.cpuVerified);
        QVERIFY2(e.cpuReason.contains("VCEK"), qPrintable(e.cpuReason));
        QCOMPARE(e.tier, jobs::Tier::Sealed);
    }

    void legacyDeviceNodesAndNothing_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("tee");
        QTest::addColumn<QString>("reason");
        // A plain file where the device node would be: the real ioctl runs and is refused.
        QTest::newRow("SEV-SNP, old kernel") << "dev/sev-guest"
                                             << "sev-snp"
                                             << "SNP_GET_REPORT failed";
        QTest::newRow("TDX, old kernel") << "dev/tdx_guest"
                                         << "tdx"
                                         << "TDX_CMD_GET_REPORT0 failed";
        QTest::newRow("an ordinary machine") << ""
                                             << "none"
                                             << "not running in an AMD SEV-SNP or Intel TDX guest";
    }
    void legacyDeviceNodesAndNothing()
    {
        QFETCH(QString, file);
        QFETCH(QString, tee);
        QFETCH(QString, reason);
        QTemporaryDir root;
        if (!file.isEmpty())
            put(root.path(), file, {});
        const LocalEvidence e = collectLocalEvidence(root.path(), QByteArray(64, '\0'), nullptr, true);
        QCOMPARE(e.cpuTee, tee);
        QVERIFY2(e.cpuReason.contains(reason), qPrintable(e.cpuReason));
        QCOMPARE(e.tier, jobs::Tier::Sealed);
        QVERIFY(e.tierReasons.join(";").contains("GPU: no NVIDIA driver"));
    }

    void legacyIoctlsAnswering()
    {
        // What the drivers would hand back (no TEE here): the real SEV-SNP sample and TDREPORT.
        struct Fake final : GuestDevice
        {
            QByteArray sev, td;
            mutable QByteArray asked;
            Expected<QByteArray, QString> snpReport(const QString&, const QByteArray& rd) const override
            {
                asked = rd;
                return sev;
            }
            Expected<QByteArray, QString> tdReport(const QString&, const QByteArray& rd) const override
            {
                asked = rd;
                return td;
            }
        } fake;
        fake.sev = test::readFile(test::sharedTestData("sev-snp/attestation.bin"));
        fake.td = test::readFile(test::sharedTestData("tdx/tdreport.dat"));
        if (fake.sev.isEmpty() || fake.td.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("../shared/testdata/{sev-snp,tdx} are not present"));
        }
        QTemporaryDir root;
        put(root.path(), "dev/sev-guest", {});
        const QByteArray sampleData = fake.sev.mid(0x50, 64);
        LocalEvidence e = collectLocalEvidence(root.path(), sampleData, nullptr, false, {}, &fake);
        QCOMPARE(fake.asked, sampleData);
        QCOMPARE(e.cpuSource, QStringLiteral("/dev/sev-guest (SNP_GET_REPORT)"));
        QCOMPARE(e.cpuReport, fake.sev);
        QVERIFY2(e.cpuReason.contains("VCEK"), qPrintable(e.cpuReason));

        QTemporaryDir tdxRoot;
        put(tdxRoot.path(), "dev/tdx_guest", {});
        e = collectLocalEvidence(tdxRoot.path(), QByteArray(64, '\x05'), nullptr, false, {}, &fake);
        QCOMPARE(e.cpuTee, QStringLiteral("tdx"));
        QCOMPARE(e.cpuLocalReport, fake.td);
        QVERIFY(e.cpuReport.isEmpty());
        QVERIFY2(e.cpuReason.contains("TDREPORT"), qPrintable(e.cpuReason));
        QCOMPARE(e.toJson()["cpu"].toObject()["local_report_bytes"].toInt(), int(fake.td.size()));
        QCOMPARE(e.tier, jobs::Tier::Sealed);
    }

    void configfsWithoutProvider()
    {
        QTemporaryDir root;
        QDir().mkpath(root.filePath("sys/kernel/config/tsm/report"));
        const LocalEvidence e = collectLocalEvidence(root.path(), QByteArray(64, '\0'), nullptr, false, "req");
        QCOMPARE(e.cpuTee, QStringLiteral("none"));
        QVERIFY2(e.cpuReason.contains("no provider"), qPrintable(e.cpuReason));
    }

    void thisMachine()
    {
        const LocalEvidence e = collectLocalEvidence({}, QByteArray(64, '\0'), nullptr, false);
        QVERIFY(!e.cpuReason.isEmpty() || e.cpuVerified); // a reason, never a crash
    }
};

QTEST_GUILESS_MAIN(TestLocalEvidence)
#include "TestLocalEvidence.moc"
