#pragma once
#include "Kernels.h"

namespace cocoon::kernels::cpu {

std::unique_ptr<Task> makeMlp(const MlpParams&, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
    std::span<std::uint8_t> scratch, std::uint64_t stepWork);
std::unique_ptr<Task> makeResize(const ResizeParams&, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
    std::span<std::uint8_t> scratch, std::uint64_t stepWork);
std::unique_ptr<Task> makeConvert(
    const ConvertParams&, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, std::uint64_t stepWork);
std::unique_ptr<Task> makeColstats(const ColstatsParams&, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
    std::span<std::uint8_t> scratch, std::uint64_t stepWork);
std::unique_ptr<Task> makeProbe(
    const ProbeParams&, std::span<std::uint8_t> out, std::span<std::uint8_t> scratch, std::uint64_t stepWork);

/// Default work per step: about this many multiply-adds (a few milliseconds on one core).
inline constexpr std::uint64_t kDefaultStepWork = 1u << 21;

} // namespace cocoon::kernels::cpu
