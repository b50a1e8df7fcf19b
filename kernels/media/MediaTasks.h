#pragma once
#include "Kernels.h"

namespace cocoon::kernels::media {

/// makeMediaTask(), or a task whose first step fails with the refusal (for callers without an
/// error channel, e.g. makeCpuTask(); jobs ask makeMediaTask() first and refuse with a typed error).
std::unique_ptr<Task> makeMediaOrRefusal(
    const TranscodeParams& params, std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int cudaDevice);

} // namespace cocoon::kernels::media
