// Fuzz target: what ai.generate reads from strangers before any model runs — the GGUF header of a
// model file (inspectModel: ggml's GGUF parser plus our limits), the chat (decodeChat) and a
// result (generateOutput, the owner's side). The first byte picks the reader. Invariants: nothing
// crashes or hangs; every refusal says why; an accepted model's tensors lie inside the file; a chat
// decoded and encoded again is the same bytes. The fuzz preset builds without llama.cpp (its clang
// build would push CI past 30 minutes), so there the GGUF case is off; configure the fuzz preset
// with -DCOCOON_LLM=ON to fuzz it (the seeds replay it in every test build).
#include "Kernels.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::kernels;
    if (size == 0)
        return 0;
    const std::span<const std::uint8_t> input(data + 1, size - 1);
    std::string error;
    switch (data[0] % 3) {
    case 0: {
        if (!llmAvailable())
            return 0;
        const auto info = inspectModel(input, input.size(), error);
        if (!info && error.empty())
            std::abort();
        if (info && info->tensorBytes > input.size())
            std::abort();
        break;
    }
    case 1: {
        const auto chat = decodeChat(input, error);
        if (!chat && error.empty())
            std::abort();
        if (chat && encodeChat(*chat) != std::vector<std::uint8_t>(input.begin(), input.end()))
            std::abort();
        break;
    }
    default: {
        const auto out = generateOutput(input);
        if (out && out->text.size() > input.size())
            std::abort();
        break;
    }
    }
    return 0;
}
