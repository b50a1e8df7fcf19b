#pragma once
// Evidence this machine can produce about itself, and the tier it earns.
//
// The 64 bytes of report_data bind the evidence to this node's keys:
//   report_data = SHA-512( node identity Ed25519 public key (32 bytes) ‖ session X25519 public key (32) )
// so a report cannot be replayed for another node or another session (docs/protocol.md).
//
// CPU TEEs are asked through the kernel's configfs-tsm interface (/sys/kernel/config/tsm/report,
// Linux 6.7+), which serves AMD SEV-SNP and Intel TDX guests alike; without it, through the legacy
// device nodes' ioctls (/dev/sev-guest SNP_GET_REPORT, /dev/tdx_guest TDREPORT). The tier is
// "confidential" only when the CPU evidence verifies here and the GPUs are in CC mode (or the node
// offers only its CPU); otherwise "sealed", with the reasons.
#include "attest/Findings.h"
#include "attest/GuestDevice.h"
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "jobs/Manifest.h"

#include <QJsonObject>

namespace cocoon::gpu {
struct CcState;
class Nvml;
} // namespace cocoon::gpu

namespace cocoon::attest {

QByteArray bindingReportData(const Ed25519PublicKey& identity, const X25519PublicKey& session);
/// The 32-byte nonce a GPU's SPDM report carries: the first half of the binding report_data.
QByteArray gpuNonce(const QByteArray& reportData);

/// One NVIDIA GPU's own signed report, as produced and checked on this node.
struct GpuEvidence
{
    int index = 0;
    QByteArray report; ///< SPDM request ‖ signed response
    QByteArray certChain; ///< PEM, leaf first
    bool verified = false;
    QString reason; ///< why there is no report, or why it does not verify
};

struct LocalEvidence
{
    QString cpuTee; ///< "sev-snp", "tdx", or "none"
    QByteArray cpuReport; ///< the raw report or quote (empty when none)
    QByteArray cpuAuxBlob; ///< certificates the host supplied with it (SEV), if any
    QByteArray cpuLocalReport; ///< a TDX TDREPORT from the legacy ioctl (verifiable on this machine only)
    QString cpuSource; ///< "configfs-tsm (sev_guest)", ...
    QString cpuReason; ///< why there is no CPU evidence, or why it does not verify
    bool cpuVerified = false;
    bool gpuConfidential = false;
    QString gpuReason;
    QList<GpuEvidence> gpus;
    jobs::Tier tier = jobs::Tier::Sealed;
    QStringList tierReasons; ///< why not confidential
    QByteArray reportData;
    QJsonObject toJson() const;
    /// Recomputes `tier` and `tierReasons` from what was collected.
    void decideTier(bool gpuNeeded);
};

/// Looks for TEEs under `root` ("" = this machine) and asks for a report bound to `reportData`.
/// `gpuCc` is NVML's view (null: no NVIDIA driver); `gpuNeeded`: the node offers GPUs.
/// `entryName` names the configfs-tsm request (default: a fresh random name); `device` answers the
/// legacy ioctls (default: this OS's).
LocalEvidence collectLocalEvidence(const QString& root, const QByteArray& reportData, const gpu::CcState* gpuCc,
    bool gpuNeeded, const QString& entryName = {}, const GuestDevice* device = nullptr);

/// Asks each of the `gpuCount` NVIDIA GPUs for its own report (nonce = gpuNonce(reportData)) and
/// verifies it here, chain to NVIDIA's pinned root included. With CC mode on, the GPUs count as
/// confidential only if every report verifies; the tier is decided again.
void addGpuEvidence(LocalEvidence& evidence, const gpu::Nvml& nvml, int gpuCount, bool gpuNeeded);

} // namespace cocoon::attest
