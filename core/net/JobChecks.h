#pragma once
// What a coordinator checks about a job without opening it: the units and output size the
// catalogue meters from the manifest, the credit at the coordinator's own price (never above what
// the owner offers, never past INT64_MAX), the sealed envelopes' headers and lengths, and a node's
// receipt against all of these. The numbers a node or owner states are compared, never believed.
#include "common/Expected.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"

namespace cocoon::net {

struct Metered
{
    std::uint64_t units = 0; ///< the catalogue's metering of the job
    std::uint64_t inputBytes = 0;
    std::uint64_t outputBytes = 0; ///< plaintext
    std::uint64_t sealedOutputBytes = 0; ///< the sealed output envelope's exact size
    /// `units` is a bound, the receipt's count applies (ai.generate: the tokens that ran).
    bool unitsAreBound = false;
    /// ai.generate: the model the job names (SHA-256, empty otherwise) and its size.
    QByteArray modelSha256;
    std::uint64_t modelBytes = 0;
};

/// Meters a manifest with the catalogue; refused when its parameters are invalid, its numbers
/// overflow, its input length disagrees, or its sealed output would not fit in a result frame.
Expected<Metered, QString> meter(const jobs::Manifest& manifest);

/// units × unitPrice, refused when it overflows INT64_MAX or the owner offers less.
Expected<std::uint64_t, QString> creditFor(
    const jobs::Manifest& manifest, const Metered& metered, std::uint64_t unitPrice);

/// Empty when `sealed` is a well-formed envelope of exactly `plaintextLen` bytes; else why not.
QString checkSealedLength(QByteArrayView sealed, std::uint64_t plaintextLen, const char* what);

/// Empty when `receipt` is the receipt of this job as leased: its job, node, kernel, manifest,
/// input and output hashes, metered units and the manifest's price for them; else why not.
QString checkReceipt(const jobs::Receipt& receipt, const jobs::Manifest& manifest, const Metered& metered,
    const QByteArray& jobId, const QByteArray& node, const QByteArray& inputHash, QByteArrayView output);

} // namespace cocoon::net
