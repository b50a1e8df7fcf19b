// The confidential-computing pre-flight: one line per requirement, passed or failed with what was
// found and an actionable fix, always agreeing with the tier the evidence earns.
#include "attest/Preflight.h"

#include <QtTest>

using namespace cocoon;
using namespace cocoon::attest;
using R = PreflightCheck::Result;

class TestPreflight : public QObject
{
    Q_OBJECT
private slots:
    void homePcWithAGeForce()
    {
        LocalEvidence e;
        e.cpuTee = "none";
        e.cpuReason = "no /dev/sev-guest, /dev/tdx_guest or configfs-tsm";
        e.gpuReason = "CC mode is off (GeForce GPUs have none)";
        e.decideTier(true);
        const auto checks = preflightChecks(e, true);
        QCOMPARE(checks.size(), 3);
        QCOMPARE(checks[0].result, R::Fail);
        QVERIFY(checks[0].detail.contains("configfs-tsm"));
        QVERIFY(checks[0].fix.contains("confidential VM"));
        QCOMPARE(checks[1].result, R::Fail);
        QVERIFY(checks[1].detail.contains("GeForce"));
        QVERIFY(checks[1].fix.contains("nvidia-smi conf-compute"));
        QCOMPARE(checks[2].result, R::Fail);
        QVERIFY(checks[2].detail.startsWith("Sealed"));
    }

    void cpuOnlyConfidentialVm()
    {
        LocalEvidence e;
        e.cpuTee = "sev-snp";
        e.cpuSource = "configfs-tsm (sev_guest)";
        e.cpuVerified = true;
        e.decideTier(false);
        const auto checks = preflightChecks(e, false);
        QCOMPARE(checks[0].result, R::Pass);
        QVERIFY(checks[0].fix.isEmpty());
        QVERIFY(checks[0].detail.contains("SEV-SNP"));
        QCOMPARE(checks[1].result, R::NotNeeded);
        QCOMPARE(checks[2].result, e.tier == jobs::Tier::Confidential ? R::Pass : R::Fail);
        QCOMPARE(checks[2].result, R::Pass);
    }

    void unverifiableReportSaysToUpdate()
    {
        LocalEvidence e;
        e.cpuTee = "tdx";
        e.cpuReason = "the quote's TCB is out of date";
        e.decideTier(false);
        const auto checks = preflightChecks(e, false);
        QCOMPARE(checks[0].result, R::Fail);
        QVERIFY(checks[0].fix.contains("update"));
        QCOMPARE(checks[2].result, R::Fail);
    }
};

QTEST_GUILESS_MAIN(TestPreflight)
#include "TestPreflight.moc"
