#include "attest/Preflight.h"

#include <QCoreApplication>

namespace cocoon::attest {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cocoon::attest::Preflight", text);
}

} // namespace

QList<PreflightCheck> preflightChecks(const LocalEvidence& e, bool gpuNeeded)
{
    using R = PreflightCheck::Result;
    QList<PreflightCheck> checks;

    PreflightCheck cpu;
    cpu.title = tr("CPU confidential VM (AMD SEV-SNP or Intel TDX)");
    if (e.cpuTee != u"none" && e.cpuVerified) {
        cpu.result = R::Pass;
        cpu.detail = tr("%1 report obtained through %2 and verified.").arg(e.cpuTee.toUpper(), e.cpuSource);
    } else {
        cpu.detail = e.cpuReason.isEmpty() ? tr("No confidential-VM interface was found.") : e.cpuReason;
        cpu.fix = e.cpuTee == u"none"
            ? tr("Run Cocoon Contributor inside a confidential VM: an AMD SEV-SNP guest (EPYC 7003 or newer) or an "
                 "Intel TDX guest (Xeon 4th generation or newer), with Linux 6.7 or newer for configfs-tsm. Desktop "
                 "PCs cannot do this; jobs still run sealed (end-to-end encrypted).")
            : tr("The guest's report could not be verified: update the host firmware (TCB) and the guest kernel, then "
                 "start the app again.");
    }
    checks << cpu;

    PreflightCheck gpu;
    gpu.title = tr("NVIDIA GPU in confidential-computing mode");
    if (!gpuNeeded) {
        gpu.result = R::NotNeeded;
        gpu.detail = tr("No NVIDIA GPU is offered, so its mode does not matter.");
    } else if (e.gpuConfidential) {
        gpu.result = R::Pass;
        gpu.detail = tr("CC mode is on and every GPU's signed report verifies.");
    } else {
        gpu.detail = e.gpuReason.isEmpty() ? tr("CC mode is off.") : e.gpuReason;
        gpu.fix = tr("Only Hopper and Blackwell data-centre GPUs (H100, H200, B200) have CC mode. On one, turn it on "
                     "with 'nvidia-smi conf-compute -scc on' and a reboot, inside a confidential VM. Consumer GPUs "
                     "(GeForce) cannot: they earn the sealed tier.");
    }
    checks << gpu;

    PreflightCheck tier;
    tier.title = tr("Privacy tier offered to job owners");
    if (e.tier == jobs::Tier::Confidential) {
        tier.result = R::Pass;
        tier.detail = tr("Confidential: jobs run in memory this machine can prove is private.");
    } else {
        tier.detail = tr("Sealed: jobs are encrypted end to end, but this machine cannot prove its memory is private.");
        tier.fix = tr("Nothing is required: this machine earns from every job that accepts the sealed tier; jobs that "
                      "demand the confidential tier go only to machines that pass the checks above.");
    }
    checks << tier;
    return checks;
}

} // namespace cocoon::attest
