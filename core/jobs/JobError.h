#pragma once
#include "common/Expected.h"

namespace cocoon::jobs {

/// Why a job was refused or failed. Every code comes with a message a person can act on.
enum class JobErrc {
    Malformed, ///< not a manifest / receipt: CBOR damaged or fields of the wrong type
    NotCanonical, ///< valid CBOR but not the canonical encoding (hashes would not be stable)
    UnsupportedVersion, ///< manifest or receipt version this node does not know
    UnknownKernel, ///< not in the catalogue: only catalogue kernels ever run
    KernelVersion, ///< the catalogue has this kernel at another version
    BadParams, ///< parameters outside the kernel's schema or limits
    TooLarge, ///< beyond this node's limits (bytes, memory, VRAM), or sizes overflow
    InputMismatch, ///< the sealed input does not match the manifest (length, binding)
    InputRejected, ///< the sealed input failed to open (tampered, wrong key); nothing ran
    BadInput, ///< the opened input is not what the kernel accepts (format, limits); the job never ran
    DeadlinePassed, ///< the deadline is already over
    TierTooLow, ///< the job asks for a confidentiality tier this node does not have
    BackendUnavailable, ///< the requested backend (e.g. CUDA) cannot be used here
    ModelUnavailable, ///< ai.generate: the node does not serve the model, or its file failed the checks
    DeviceFailed, ///< the device reported an error while running
    Cancelled,
    BadSignature, ///< a receipt's signature does not verify
    Io, ///< persisting the result failed
};
using JobError = Error<JobErrc>;

inline JobError jobError(JobErrc code, QString message)
{
    return JobError {code, std::move(message)};
}

} // namespace cocoon::jobs
