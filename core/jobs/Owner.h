#pragma once
// The job owner's side: build a manifest, seal the input to a node's session key, and open and
// check the result. Used by cocoonctl (run-local, and submit with the network) and by tests.
#include "crypto/SecretBytes.h"
#include "crypto/X25519.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"

namespace cocoon::jobs {

struct PreparedJob
{
    Manifest manifest;
    QByteArray manifestBytes;
    QByteArray sealedInput;
};

/// A manifest for `kernel`/`params` over `input`, with a fresh job id, and the input sealed to the
/// node (`job-input`, bound to the manifest hash).
Expected<PreparedJob, JobError> prepareJob(const QString& kernel, const QCborMap& params,
    std::span<const unsigned char> input, const X25519PublicKey& nodeSessionKey, const X25519PublicKey& replyKey,
    std::uint64_t deadlineUnixSeconds, std::uint64_t pricePerUnitNano = 0, std::uint64_t coefficientPpb = 1000000000,
    Tier minTier = Tier::Sealed);

/// Opens a job's sealed output with the owner's reply key and checks that the receipt is signed,
/// names this manifest, and covers exactly this sealed output.
Expected<SecretBytes, JobError> openResult(const PreparedJob& job, const QByteArray& sealedOutput,
    const QByteArray& signedReceipt, const X25519PrivateKey& replyKey, Receipt* receiptOut = nullptr);

} // namespace cocoon::jobs
