#include "jobs/Owner.h"

#include "common/Bytes.h"
#include "crypto/Envelope.h"
#include "jobs/Catalogue.h"

namespace cocoon::jobs {

Expected<PreparedJob, JobError> prepareJob(const QString& kernel, const QCborMap& params,
    std::span<const unsigned char> input, const X25519PublicKey& nodeSessionKey, const X25519PublicKey& replyKey,
    std::uint64_t deadline, std::uint64_t pricePerUnitNano, std::uint64_t coefficientPpb, Tier minTier)
{
    auto parsed = parseParams(kernel, params);
    if (!parsed)
        return unexpected(parsed.error());
    PreparedJob job;
    Manifest& m = job.manifest;
    m.jobId = Manifest::newJobId();
    m.kernel = kernel;
    m.kernelVersion = kernels::kCatalogueVersion;
    m.params = params;
    m.inputLength = input.size();
    m.replyKey = replyKey;
    m.pricePerUnitNano = pricePerUnitNano;
    m.coefficientPpb = coefficientPpb;
    m.deadline = deadline;
    m.minTier = minTier;
    job.manifestBytes = m.encode();
    envelope::SealParams sealing;
    sealing.recipient = nodeSessionKey;
    sealing.purpose = QByteArrayLiteral("job-input");
    sealing.contextAad = toByteArray(sha256(job.manifestBytes));
    auto sealed = envelope::seal(sealing, input);
    if (!sealed)
        return unexpected(
            jobError(JobErrc::InputMismatch, QStringLiteral("cannot seal the input: ") + sealed.error().message));
    job.sealedInput = std::move(*sealed);
    return job;
}

Expected<SecretBytes, JobError> openResult(const PreparedJob& job, const QByteArray& sealedOutput,
    const QByteArray& signedReceipt, const X25519PrivateKey& replyKey, Receipt* receiptOut)
{
    auto receipt = Receipt::verify(signedReceipt);
    if (!receipt)
        return unexpected(receipt.error());
    const Sha256 manifestHash = sha256(job.manifestBytes);
    if (receipt->jobId != job.manifest.jobId || receipt->manifestHash != manifestHash) {
        return unexpected(jobError(JobErrc::InputMismatch, QStringLiteral("the receipt is for another job")));
    }
    if (receipt->outputHash != sha256(sealedOutput) || receipt->inputHash != sha256(job.sealedInput)) {
        return unexpected(
            jobError(JobErrc::InputMismatch, QStringLiteral("the receipt does not cover this input and output")));
    }
    auto plain
        = envelope::open(asBytes(sealedOutput), replyKey, QByteArrayLiteral("job-output"), toByteArray(manifestHash));
    if (!plain)
        return unexpected(
            jobError(JobErrc::InputRejected, QStringLiteral("the result does not open: ") + plain.error().message));
    if (receiptOut)
        *receiptOut = *receipt;
    return std::move(*plain);
}

} // namespace cocoon::jobs
