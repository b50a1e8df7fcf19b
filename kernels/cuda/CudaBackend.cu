// CUDA backend: device probing and a smoke-test kernel. Linked against the static CUDA
// runtime, which loads the driver (libcuda) at run time, so a machine without an NVIDIA
// driver gets an error code here, never a crash or a missing-library failure at start-up.
#include "Backend.h"
#include "cuda/PluginAbi.h"

#include <cuda_runtime.h>

#include <vector>

namespace cocoon::kernels {

namespace cuda {
namespace plugin {
namespace {

// RAII for device memory.
struct DeviceBuffer
{
    void* ptr = nullptr;
    explicit DeviceBuffer(size_t bytes)
    {
        if (cudaMalloc(&ptr, bytes) != cudaSuccess)
            ptr = nullptr;
    }
    ~DeviceBuffer()
    {
        if (ptr)
            cudaFree(ptr);
    }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
};

__global__ void saxpy(int n, float a, const float* x, float* y)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        y[i] = a * x[i] + y[i];
    }
}

} // namespace

std::vector<DeviceInfo> probe(std::string& reason)
{
    std::vector<DeviceInfo> out;
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        if (err == cudaErrorInsufficientDriver) {
            reason = "no usable NVIDIA GPU: the NVIDIA driver is missing, or older than this build's CUDA "
                + std::to_string(CUDART_VERSION / 1000) + " runtime needs (update the driver)";
        } else if (err == cudaErrorNoDevice) {
            reason = "no NVIDIA GPU found";
        } else {
            reason = std::string("no usable NVIDIA GPU: ") + cudaGetErrorString(err);
        }
        cudaGetLastError(); // clear the sticky error
        return out;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop {};
        DeviceInfo d;
        d.backend = "cuda";
        d.index = i;
        if (cudaGetDeviceProperties(&prop, i) == cudaSuccess) {
            d.name = prop.name;
            d.memoryBytes = prop.totalGlobalMem;
            d.usable = true;
        } else {
            d.name = "CUDA device " + std::to_string(i);
            d.reason = "cannot read device properties";
        }
        out.push_back(d);
    }
    if (count == 0) {
        reason = "the CUDA runtime reports no devices";
    }
    return out;
}

bool selfTest(int index, std::string& reason)
{
    if (cudaSetDevice(index) != cudaSuccess) {
        reason = "cannot select CUDA device " + std::to_string(index);
        cudaGetLastError();
        return false;
    }
    constexpr int n = 1 << 16;
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; ++i) {
        x[i] = float(i % 97);
        y[i] = float(i % 13);
    }
    DeviceBuffer dx(n * sizeof(float)), dy(n * sizeof(float));
    if (!dx.ptr || !dy.ptr) {
        reason = "cudaMalloc failed";
        return false;
    }
    cudaMemcpy(dx.ptr, x.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(dy.ptr, y.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    saxpy<<<(n + 255) / 256, 256>>>(n, 2.0f, static_cast<const float*>(dx.ptr), static_cast<float*>(dy.ptr));
    std::vector<float> result(n);
    const cudaError_t err = cudaMemcpy(result.data(), dy.ptr, n * sizeof(float), cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        reason = std::string("kernel failed: ") + cudaGetErrorString(err);
        return false;
    }
    for (int i = 0; i < n; ++i) {
        if (result[i] != 2.0f * x[i] + y[i]) {
            reason = "wrong result at element " + std::to_string(i);
            return false;
        }
    }
    return true;
}

} // namespace plugin
} // namespace cuda
} // namespace cocoon::kernels
