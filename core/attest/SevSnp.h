#pragma once
// AMD SEV-SNP attestation reports: parsing (the 0x4A0-byte ATTESTATION_REPORT of AMD's SEV-SNP ABI
// specification) and offline verification:
//   VCEK -> ASK -> ARK, each RSA-PSS SHA-384, where the ARK must be one of AMD's roots pinned in
//   this program (Milan, Genoa, Turin) — a chain shipped with the evidence is never its own anchor;
//   the report's ECDSA P-384 / SHA-384 signature (R, S little-endian at 0x2A0 and 0x2E8, over bytes
//   [0, 0x2A0)) with the VCEK's key;
//   the VCEK's hwID and TCB extensions against the report's chip_id and reported_tcb, and its
//   product name against the root's product line;
//   policy: the debug bit, a minimum TCB, allowed measurements, the expected report_data.
#include "attest/Findings.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <array>
#include <cstdint>
#include <optional>

namespace cocoon::attest {

inline constexpr std::size_t kSevReportSize = 0x4A0;

/// The security patch levels in a TCB_VERSION (layout differs on Turin, which adds FMC).
struct SevTcb
{
    int fmc = 0; ///< Turin only
    int bootloader = 0;
    int tee = 0;
    int snp = 0;
    int microcode = 0;
    bool operator==(const SevTcb&) const = default;
    /// Every component at least `other`'s.
    bool atLeast(const SevTcb& other) const;
};

struct SevReport
{
    std::uint32_t version = 0;
    std::uint32_t guestSvn = 0;
    std::uint64_t policy = 0;
    std::uint32_t vmpl = 0;
    std::uint32_t signatureAlgo = 0;
    std::uint64_t currentTcb = 0;
    std::uint64_t reportedTcb = 0;
    std::uint64_t committedTcb = 0;
    std::uint64_t launchTcb = 0;
    std::uint64_t platformInfo = 0;
    QByteArray reportData; ///< 64 bytes
    QByteArray measurement; ///< 48 bytes
    QByteArray hostData; ///< 32
    QByteArray idKeyDigest; ///< 48
    QByteArray reportId; ///< 32
    QByteArray chipId; ///< 64
    QByteArray signedPart; ///< bytes [0, 0x2A0)
    QByteArray signatureR; ///< 72 bytes, little-endian as in the report
    QByteArray signatureS;

    bool debugAllowed() const { return (policy >> 19) & 1; }
    /// The TCB_VERSION `raw` decoded for a product line ("Milan", "Genoa", "Turin").
    static SevTcb decodeTcb(std::uint64_t raw, const QString& productLine);
};

/// Parses a raw report; hex text (with or without whitespace) is accepted too.
Expected<SevReport, AttestError> parseSevReport(const QByteArray& rawOrHex);

struct SevPolicy
{
    bool allowDebug = false;
    std::optional<SevTcb> minimumTcb;
    QList<QByteArray> allowedMeasurements; ///< empty: any
    std::optional<QByteArray> expectedReportData; ///< 64 bytes
};

struct SevVerdict : Findings
{
    QString productLine; ///< from the pinned root
    SevReport report;
    SevTcb reportedTcb;
    QJsonObject toJson() const;
};

/// Verifies `report` against the VCEK (DER or PEM) and the ASK+ARK chain (PEM) under `policy`.
/// Every check runs, so the verdict lists every reason at once.
SevVerdict verifySevReport(
    const SevReport& report, const QByteArray& vcek, const QByteArray& askArkChain, const SevPolicy& policy);

} // namespace cocoon::attest
