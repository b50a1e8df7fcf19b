#pragma once
#include "Kernels.h"

namespace cocoon::kernels {

/// Writes the 32-byte ai.generate result header (the text itself is already in place after it).
void writeGenerateHeader(std::span<std::uint8_t> output, const GenerateOutput& header);

} // namespace cocoon::kernels
