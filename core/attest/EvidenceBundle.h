#pragma once
// The evidence bundle a node sends with its hello and a job owner checks before sealing to the
// node (docs/protocol.md, "Evidence bundle v1"): canonical CBOR holding the node's identity and
// session keys, the report_data that binds them, the CPU TEE's raw report or quote with the
// certificates the host supplied, and each GPU's signed SPDM report with its chain. Every absent
// piece carries the node's reason. A verifier trusts nothing the node claims: it recomputes the
// binding, verifies each report against the pinned vendor roots, and decides the tier itself.
#include "attest/Findings.h"
#include "attest/LocalEvidence.h"

#include <optional>

namespace cocoon::attest {

struct BundleGpu
{
    int index = 0;
    QByteArray report;
    QByteArray chain; ///< PEM, leaf first
    QString reason;
};

struct EvidenceBundle
{
    static constexpr int kVersion = 1;
    static constexpr qsizetype kMaxBytes = 256 * 1024;

    std::uint64_t createdMs = 0;
    Ed25519PublicKey identity {};
    X25519PublicKey session {};
    QByteArray reportData; ///< 64 bytes: SHA-512(identity ‖ session)
    QString claimedTier; ///< what the node believes; verifiers decide for themselves
    QString cpuType; ///< "sev-snp", "tdx", "none"
    QByteArray cpuReport;
    QByteArray cpuCerts; ///< SEV: the host's certificate table (auxblob), if any
    QString cpuReason;
    QList<BundleGpu> gpus;

    static EvidenceBundle fromLocal(const LocalEvidence& evidence, const Ed25519PublicKey& identity,
        const X25519PublicKey& session, std::uint64_t createdMs);
    QByteArray encode() const;
    static Expected<EvidenceBundle, AttestError> decode(QByteArrayView bytes);
};

struct BundleExpectations
{
    std::optional<Ed25519PublicKey> identity; ///< the node the verifier means to talk to
    std::optional<X25519PublicKey> session;
    bool gpuNeeded = false; ///< the job runs on a GPU: GPU evidence is required for "confidential"
    std::optional<std::uint64_t> nowMs; ///< with maxAgeMs: refuse stale bundles
    std::uint64_t maxAgeMs = 24ull * 3600 * 1000;
    bool allowDebug = false;
};

struct BundleVerdict : Findings
{
    jobs::Tier tier = jobs::Tier::Sealed; ///< decided here, not taken from the bundle
    QStringList tierReasons;
    bool bindingOk = false;
    bool cpuVerified = false;
    QString cpuDetail;
    QList<bool> gpuVerified;
    QStringList gpuDetails;
    QJsonObject toJson() const;
};

/// `valid` means the bundle is well formed, bound to its keys and matches the expectations; the
/// tier says how much the hardware proves (sealed with reasons, or confidential).
BundleVerdict verifyBundle(const EvidenceBundle& bundle, const BundleExpectations& expect);

/// The VCEK, ASK and ARK (DER) from an SEV-SNP host certificate table (GHCB spec: 24-byte entries
/// {GUID, offset, length} ending with a zero entry). Missing ones are empty.
struct SevHostCerts
{
    QByteArray vcek, ask, ark;
};
SevHostCerts parseSevCertTable(const QByteArray& table);

} // namespace cocoon::attest
