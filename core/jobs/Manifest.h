#pragma once
// The job manifest: what to run, on what, for whom, at what price. Canonical CBOR
// (docs/protocol.md, "Job manifest v1"); its SHA-256 binds the sealed input and output.
#include "crypto/Hash.h"
#include "crypto/X25519.h"
#include "jobs/JobError.h"

#include <QCborMap>

#include <array>

namespace cocoon::jobs {

enum class Tier { Sealed, Confidential };
QString tierName(Tier tier);

using JobId = std::array<unsigned char, 16>;

struct Manifest
{
    static constexpr int kVersion = 1;
    static constexpr qsizetype kMaxBytes = 64 * 1024;

    JobId jobId {};
    QString kernel;
    std::uint32_t kernelVersion = 1;
    QCborMap params;
    std::uint64_t inputLength = 0;
    X25519PublicKey replyKey {};
    std::uint64_t pricePerUnitNano = 0; ///< nanoTON per unit ...
    std::uint64_t coefficientPpb = 1000000000; ///< ... times coefficient / 10^9
    std::uint64_t deadline = 0; ///< Unix seconds (UTC)
    Tier minTier = Tier::Sealed;

    static JobId newJobId();
    QByteArray encode() const;
    Sha256 hash() const;
    /// Strict: canonical encoding, known version, every field present with the right type, no extra keys.
    static Expected<Manifest, JobError> decode(QByteArrayView bytes);

    /// price = floor(units × pricePerUnitNano × coefficientPpb / 10^9), saturating at 2^64-1.
    std::uint64_t priceFor(std::uint64_t units) const;
};

} // namespace cocoon::jobs
