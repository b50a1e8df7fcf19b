#pragma once
// The boundary between cocoon_kernels (always built, CPU) and the CUDA backend plugin
// (libcocoon_cuda.so), which is loaded at run time with dlopen so that a machine without the
// CUDA libraries or driver runs on the CPU instead of failing to start. Both sides are built
// from this tree by the same compiler; kAbiVersion guards against a stale plugin.
#include "Backend.h"
#include "Kernels.h"

namespace cocoon::kernels::cuda {

// 2: Params gained TranscodeParams; 3: GenerateParams, Task's streaming; 4: makeGenerateTask,
// residentModels
inline constexpr int kAbiVersion = 4;

struct PluginApi
{
    int abiVersion;
    std::vector<DeviceInfo> (*probe)(std::string& reason);
    bool (*selfTest)(int index, std::string& reason);
    Task* (*makeTask)(const Params& params, std::span<const std::uint8_t> input, std::span<std::uint8_t> output,
        int device, std::string& error);
    /// ai.generate on the plugin's own llama.cpp with its CUDA backend (makeGenerateTask()'s
    /// contract); nullptr in a plugin built without it (-DCOCOON_LLM_CUDA=OFF).
    Task* (*makeGenerateTask)(const GenerateParams& params, const std::string& modelPath,
        std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int device, std::string& error,
        bool* modelRefused);
    /// Bytes of the models the plugin keeps loaded, idle, for `device` (residentModelBytes());
    /// with `release` they are let go. nullptr in a plugin without llama.cpp.
    std::uint64_t (*residentModels)(int device, bool release);
};

#ifdef COCOON_LLM_GPU
namespace plugin {
/// kernels/llm/Generate.cpp as the plugin builds it.
Task* makeGenerateTask(const GenerateParams& params, const std::string& modelPath, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int device, std::string& error, bool* modelRefused);
std::uint64_t residentModels(int device, bool release);
} // namespace plugin
#endif

} // namespace cocoon::kernels::cuda

/// Exported by the plugin.
extern "C" const cocoon::kernels::cuda::PluginApi* cocoon_cuda_plugin_api();
