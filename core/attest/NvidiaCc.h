#pragma once
// NVIDIA GPU confidential-computing evidence: the SPDM GET_MEASUREMENTS request and the GPU's
// signed MEASUREMENTS response (as nvidia-smi / NVML's attestation report hands them over), and
// its offline verification:
//   the response's ECDSA P-384 signature, SHA-384 over request ‖ response-without-signature, with
//   the leaf certificate of the GPU's chain;
//   the chain, each certificate signed by the next, ending in NVIDIA's Device Identity CA, pinned
//   here;
//   the request's nonce against the one the verifier chose (freshness).
// OCSP status and NVIDIA's reference measurements (RIMs) need the internet: not fetched (offline by
// design); the measurements are listed for comparison.
#include "attest/Findings.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace cocoon::attest {

struct SpdmMeasurement
{
    int index = 0;
    int dmtfType = 0;
    QByteArray value;
};

struct NvidiaReport
{
    QByteArray request; ///< the 37-byte GET_MEASUREMENTS request
    QByteArray response; ///< the whole MEASUREMENTS response, signature included
    int spdmVersion = 0; ///< 0x11 = SPDM 1.1
    QByteArray requestNonce; ///< 32 bytes, chosen by the verifier
    QByteArray responseNonce; ///< 32 bytes, chosen by the GPU
    QList<SpdmMeasurement> measurements;
    QByteArray opaqueData;
    QByteArray signature; ///< r ‖ s, big-endian, 96 bytes
};

/// Parses the report (raw, or hex text as the tools write it).
Expected<NvidiaReport, AttestError> parseNvidiaReport(const QByteArray& rawOrHex);

struct NvidiaPolicy
{
    std::optional<QByteArray> expectedNonce; ///< 32 bytes
};

struct NvidiaVerdict : Findings
{
    NvidiaReport report;
    QString leafSubject;
    QJsonObject toJson() const;
};

/// Verifies `report` with the GPU's certificate chain (PEM, leaf first).
NvidiaVerdict verifyNvidiaReport(const NvidiaReport& report, const QByteArray& chainPem, const NvidiaPolicy& policy);

} // namespace cocoon::attest
