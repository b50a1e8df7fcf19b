#pragma once
// Compute backends. The CPU backend is always built and is the reference the CUDA backend is
// tested against; the CUDA backend is built when CMake finds nvcc and used only when a device
// answers at run time (probing never crashes on a machine without a driver).
// The kernel catalogue (ai.mlp, media.resize, ...) arrives with the worker core.
#include <cstdint>
#include <string>
#include <vector>

namespace cocoon::kernels {

struct DeviceInfo
{
    std::string backend; ///< "cpu" or "cuda"
    std::string name; ///< e.g. "CPU (16 threads)", "NVIDIA GeForce RTX 4070"
    int index = 0;
    bool usable = false;
    std::uint64_t memoryBytes = 0; ///< total device memory (0 for the CPU entry)
    std::string reason; ///< why not usable, in plain words
};

/// True when this binary contains the CUDA backend.
bool cudaBackendBuilt();
/// Every device of every built backend, CPU first. `cudaReason` (optional) receives why no CUDA
/// device is listed, or is cleared when one is.
std::vector<DeviceInfo> probeDevices(std::string* cudaReason = nullptr);

namespace cuda {
/// Devices the CUDA runtime reports; an empty list with `reason` set when none can be used.
std::vector<DeviceInfo> probe(std::string& reason);
/// Runs a tiny kernel on device `index` and checks its result against the CPU (a build/driver smoke test).
bool selfTest(int index, std::string& reason);
} // namespace cuda

} // namespace cocoon::kernels
