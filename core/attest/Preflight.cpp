#include "attest/Preflight.h"

#include <QCoreApplication>

namespace cocoon::attest {
QList<PreflightCheck> preflightChecks(const LocalEvidence& e, bool gpuNeeded)
{
    using R = PreflightCheck::Result;
    QList<PreflightCheck> checks;

    PreflightCheck cpu;
    cpu.title
        = QCoreApplication::translate("cocoon::attest::Preflight", "CPU confidential VM (AMD SEV-SNP or Intel TDX)");
    if (e.cpuTee != u"none" && e.cpuVerified) {
        cpu.result = R::Pass;
        cpu.detail
            = QCoreApplication::translate("cocoon::attest::Preflight", "%1 report obtained through %2 and verified.")
                  .arg(e.cpuTee.toUpper(), e.cpuSource);
    } else {
        cpu.detail = e.cpuReason.isEmpty()
            ? QCoreApplication::translate("cocoon::attest::Preflight", "No confidential-VM interface was found.")
            : e.cpuReason;
        cpu.fix = e.cpuTee == u"none"
            ? QCoreApplication::translate("cocoon::attest::Preflight",
                "Run Cocoon Contributor inside a confidential VM: an AMD SEV-SNP guest (EPYC 7003 or newer) or an "
                "Intel TDX guest (Xeon 4th generation or newer), with Linux 6.7 or newer for configfs-tsm. Desktop "
                "PCs cannot do this; jobs still run sealed (end-to-end encrypted).")
            : QCoreApplication::translate("cocoon::attest::Preflight",
                "The guest's report could not be verified: update the host firmware (TCB) and the guest kernel, then "
                "start the app again.");
    }
    checks << cpu;

    PreflightCheck gpu;
    gpu.title = QCoreApplication::translate("cocoon::attest::Preflight", "NVIDIA GPU in confidential-computing mode");
    if (!gpuNeeded) {
        gpu.result = R::NotNeeded;
        gpu.detail = QCoreApplication::translate(
            "cocoon::attest::Preflight", "No NVIDIA GPU is offered, so its mode does not matter.");
    } else if (e.gpuConfidential) {
        gpu.result = R::Pass;
        gpu.detail = QCoreApplication::translate(
            "cocoon::attest::Preflight", "CC mode is on and every GPU's signed report verifies.");
    } else {
        gpu.detail = e.gpuReason.isEmpty() ? QCoreApplication::translate("cocoon::attest::Preflight", "CC mode is off.")
                                           : e.gpuReason;
        gpu.fix = QCoreApplication::translate("cocoon::attest::Preflight",
            "Only Hopper and Blackwell data-centre GPUs (H100, H200, B200) have CC mode. On one, turn it on "
            "with 'nvidia-smi conf-compute -scc on' and a reboot, inside a confidential VM. Consumer GPUs "
            "(GeForce) cannot: they earn the sealed tier.");
    }
    checks << gpu;

    PreflightCheck tier;
    tier.title = QCoreApplication::translate("cocoon::attest::Preflight", "Privacy tier offered to job owners");
    if (e.tier == jobs::Tier::Confidential) {
        tier.result = R::Pass;
        tier.detail = QCoreApplication::translate(
            "cocoon::attest::Preflight", "Confidential: jobs run in memory this machine can prove is private.");
    } else {
        tier.detail = QCoreApplication::translate("cocoon::attest::Preflight",
            "Sealed: jobs are encrypted end to end, but this machine cannot prove its memory is private.");
        tier.fix = QCoreApplication::translate("cocoon::attest::Preflight",
            "Nothing is required: this machine earns from every job that accepts the sealed tier; jobs that "
            "demand the confidential tier go only to machines that pass the checks above.");
    }
    checks << tier;
    return checks;
}

} // namespace cocoon::attest
