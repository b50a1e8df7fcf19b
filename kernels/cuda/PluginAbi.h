#pragma once
// The boundary between cocoon_kernels (always built, CPU) and the CUDA backend plugin
// (libcocoon_cuda.so), which is loaded at run time with dlopen so that a machine without the
// CUDA libraries or driver runs on the CPU instead of failing to start. Both sides are built
// from this tree by the same compiler; kAbiVersion guards against a stale plugin.
#include "Backend.h"
#include "Kernels.h"

namespace cocoon::kernels::cuda {

inline constexpr int kAbiVersion = 3; // 2: Params gained TranscodeParams; 3: GenerateParams, Task's streaming

struct PluginApi
{
    int abiVersion;
    std::vector<DeviceInfo> (*probe)(std::string& reason);
    bool (*selfTest)(int index, std::string& reason);
    Task* (*makeTask)(const Params& params, std::span<const std::uint8_t> input, std::span<std::uint8_t> output,
        int device, std::string& error);
};

} // namespace cocoon::kernels::cuda

/// Exported by the plugin.
extern "C" const cocoon::kernels::cuda::PluginApi* cocoon_cuda_plugin_api();
