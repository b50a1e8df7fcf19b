#pragma once
#include "Kernels.h"

namespace cocoon::kernels {

/// Writes the 32-byte ai.generate result header (the text itself is already in place after it).
void writeGenerateHeader(std::span<std::uint8_t> output, const GenerateOutput& header);

namespace cuda {
/// ai.generate through the CUDA plugin's llama.cpp on CUDA device `device`. When the plugin cannot
/// take it (not loadable, or built without -DCOCOON_LLM_CUDA=ON) it returns nullptr with
/// `unavailable` saying why, in words for the receipt, and the caller runs it on the CPU.
std::unique_ptr<Task> makeGenerateTask(const GenerateParams& params, const std::string& modelPath,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int device, std::string& error,
    bool* modelRefused, std::string& unavailable);
/// The CUDA plugin's idle resident models for `device`: their bytes, let go with `release`
/// (0 when the plugin has none).
std::uint64_t residentModels(int device, bool release);
} // namespace cuda

} // namespace cocoon::kernels
