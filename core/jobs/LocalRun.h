#pragma once
// Runs one catalogue kernel in-process on plaintext (cocoonctl run-local, enrolment benchmark).
#include "Kernels.h"
#include "common/Clock.h"
#include "crypto/SecretBytes.h"
#include "jobs/Catalogue.h"

namespace cocoon::jobs {

struct LocalRunResult
{
    SecretBytes output;
    kernels::Footprint footprint;
    QString device;
    std::size_t steps = 0;
    double seconds = 0.0;
};

Expected<LocalRunResult, JobError> runLocal(const kernels::Params& params, std::span<const std::uint8_t> input,
    kernels::Backend backend, const Clock& clock, const NodeLimits& limits = {});

} // namespace cocoon::jobs
