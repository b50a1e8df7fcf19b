// ai.generate in a build without llama.cpp (configured with -DCOCOON_LLM=OFF): every entry point
// refuses with a reason a person can act on.
#include "Kernels.h"
#include "llm/TinyModel.h"

namespace cocoon::kernels {
namespace {
constexpr const char* kWhy = "this build has no LLM engine (it was configured with -DCOCOON_LLM=OFF)";
}

bool llmAvailable()
{
    return false;
}

int generateThreads(std::uint64_t)
{
    return 1;
}

std::optional<ModelInfo> inspectModel(std::span<const std::uint8_t>, std::uint64_t, std::string& error)
{
    error = kWhy;
    return std::nullopt;
}

std::optional<ModelInfo> inspectModelFile(const std::string&, std::string& error)
{
    error = kWhy;
    return std::nullopt;
}

std::uint64_t modelBytesHashed()
{
    return 0;
}

void releaseResidentModels(int) { }

std::uint64_t residentModelBytes(int)
{
    return 0;
}

bool writeTinyModel(const std::string&, const TinyModelSpec&, std::string& error)
{
    error = kWhy;
    return false;
}

std::unique_ptr<Task> makeGenerateTask(const GenerateParams&, const std::string&, std::span<const std::uint8_t>,
    std::span<std::uint8_t>, int, std::string& error, bool* modelRefused)
{
    if (modelRefused)
        *modelRefused = true;
    error = kWhy;
    return nullptr;
}

} // namespace cocoon::kernels
