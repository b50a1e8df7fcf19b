// Compiled instead of CudaBackend.cu when CMake found no CUDA compiler.
#include "Backend.h"

namespace cocoon::kernels {

bool cudaBackendBuilt()
{
    return false;
}

namespace cuda {

std::vector<DeviceInfo> probe(std::string& reason)
{
    reason = "this build has no CUDA backend (built without the CUDA toolkit)";
    return {};
}

bool selfTest(int, std::string& reason)
{
    reason = "this build has no CUDA backend";
    return false;
}

} // namespace cuda
} // namespace cocoon::kernels
