#pragma once
// A signed job receipt: proof of what ran, on what, and what it earned. Canonical CBOR
// {"body": bstr, "sig": bstr}; the Ed25519 signature covers "cocoon/v1 receipt" || body
// (docs/protocol.md, "Receipt v1").
#include "crypto/Ed25519.h"
#include "crypto/Hash.h"
#include "jobs/JobError.h"
#include "jobs/Manifest.h"

namespace cocoon::jobs {

struct Receipt
{
    static constexpr int kVersion = 1;

    JobId jobId {};
    Sha256 manifestHash {};
    Sha256 inputHash {}; ///< SHA-256 of the sealed input envelope
    Sha256 outputHash {}; ///< SHA-256 of the sealed output envelope
    QString kernel;
    std::uint32_t kernelVersion = 1;
    QString backend; ///< "cpu" | "cuda"
    QString device; ///< e.g. "cpu", "cuda:0 NVIDIA GeForce RTX 4070"
    std::uint64_t units = 0;
    std::uint64_t priceNano = 0;
    std::uint64_t startMs = 0; ///< Unix milliseconds (UTC)
    std::uint64_t endMs = 0;
    Ed25519PublicKey nodeKey {};
    QByteArray evidenceHash; ///< SHA-256 of the node's attestation evidence; empty until that exists
    /// Streamed results (jobs/Stream.h): how many sealed chunks were sent and their hash chain.
    /// Absent from the body when nothing was streamed.
    std::uint32_t chunkCount = 0;
    Sha256 chunkChain {};

    QByteArray body() const;
    /// The signed receipt (what is persisted and sent).
    QByteArray sign(const Ed25519PrivateKey& key) const;
    /// Decodes a signed receipt and checks its signature against the node key inside it.
    static Expected<Receipt, JobError> verify(QByteArrayView signedReceipt);
};

} // namespace cocoon::jobs
