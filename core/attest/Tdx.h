#pragma once
// Intel TDX quotes, version 4 (ECDSA P-256 attestation key, TDX TEE): parsing and offline
// verification:
//   the attestation key's signature over header ‖ TD report body;
//   the QE report's signature by the PCK certificate, and the QE report's binding of the
//   attestation key (its report_data = SHA-256(attestation key ‖ QE authentication data) ‖ zeros);
//   the PCK chain (PCK -> platform/processor CA -> root) up to Intel's SGX Root CA, pinned here;
//   policy: the debug attribute, allowed MRTDs, the expected report_data.
// Revocation lists and TCB-level collateral need Intel's servers: not fetched (offline by design).
#include "attest/Findings.h"

#include <QByteArray>
#include <QJsonObject>

#include <array>
#include <optional>

namespace cocoon::attest {

struct TdxQuote
{
    std::uint16_t version = 0;
    std::uint16_t attestationKeyType = 0;
    std::uint32_t teeType = 0;
    QByteArray header; ///< 48 bytes
    QByteArray body; ///< the 584-byte TD report body
    QByteArray teeTcbSvn, mrSeam, mrTd, mrConfigId, mrOwner, mrOwnerConfig, reportData;
    std::array<QByteArray, 4> rtmr;
    std::uint64_t tdAttributes = 0;
    std::uint64_t xfam = 0;
    QByteArray signature; ///< r ‖ s, big-endian, 64 bytes
    QByteArray attestationKey; ///< x ‖ y, 64 bytes
    QByteArray qeReport; ///< 384 bytes (an SGX report body)
    QByteArray qeReportSignature; ///< r ‖ s
    QByteArray qeAuthData;
    QByteArray pckChainPem;
    qsizetype trailingBytes = 0; ///< after the declared quote; ignored (not signed) and reported

    bool debug() const { return tdAttributes & 1; }
};

/// Parses a quote (raw bytes). Truncated data, lengths that point past the end, other versions or
/// key types are refused with the reason.
Expected<TdxQuote, AttestError> parseTdxQuote(const QByteArray& raw);

struct TdxPolicy
{
    bool allowDebug = false;
    QList<QByteArray> allowedMrTd; ///< empty: any
    std::optional<QByteArray> expectedReportData; ///< 64 bytes
};

struct TdxVerdict : Findings
{
    TdxQuote quote;
    QJsonObject toJson() const;
};

TdxVerdict verifyTdxQuote(const TdxQuote& quote, const TdxPolicy& policy);

} // namespace cocoon::attest
