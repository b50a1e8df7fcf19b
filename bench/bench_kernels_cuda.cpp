// The kernel catalogue on an NVIDIA GPU, against baselines measured in the same run:
// device-to-device cudaMemcpy of the bytes a media/analytics kernel reads and writes (goal ≥ 0.8)
// and the MLP's products through raw cuBLAS sgemm (goal ≥ 0.9). Kernel times cover all steps,
// including the final copy of the output to the host (so the ratios are conservative).
// Built when CMake finds CUDA; prints why and exits 0 when no GPU can be used.
#include "Backend.h"
#include "Kernels.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cublas_v2.h>
#include <functional>
#include <vector>

using namespace cocoon::kernels;

namespace {

double best(const std::function<void()>& f, int repeats = 10)
{
    double b = 1e30;
    for (int i = 0; i < repeats; ++i) {
        cudaDeviceSynchronize();
        const auto t0 = std::chrono::steady_clock::now();
        f();
        cudaDeviceSynchronize();
        b = std::min(b, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return b;
}

double runGpu(const Params& p)
{
    const auto fp = footprint(p);
    std::vector<std::uint8_t> in(fp->inputBytes, 1), out(fp->outputBytes);
    std::string error;
    return best([&] {
        auto task = makeCudaTask(p, in, out, 0, error);
        for (std::size_t i = 0; task && i < task->stepCount(); ++i)
            task->runStep(i, error);
    });
}

} // namespace

int main()
{
    std::string reason;
    const auto gpus = cuda::probe(reason);
    if (gpus.empty()) {
        std::printf("No GPU benchmark: %s\n", reason.c_str());
        return 0;
    }
    std::printf(
        "GPU: %s\n\n| Kernel | Work | Kernel | Baseline | Ratio |\n|---|---|---|---|---|\n", gpus.front().name.c_str());
    const auto memRow = [](const char* name, const Params& p) {
        const auto fp = footprint(p);
        const std::size_t bytes = fp->inputBytes + fp->outputBytes;
        void *a = nullptr, *b = nullptr;
        cudaMalloc(&a, bytes);
        cudaMalloc(&b, bytes);
        const double base = best([&] { cudaMemcpy(b, a, bytes, cudaMemcpyDeviceToDevice); });
        cudaFree(a);
        cudaFree(b);
        const double k = runGpu(p);
        std::printf("| %s | %zu MB moved | %.1f GB/s | D2D memcpy %.1f GB/s | %.3f |\n", name, bytes >> 20,
            bytes / k / 1e9, bytes / base / 1e9, base / k);
    };
    memRow("media.resize bilinear 3840×2160 → 1920×1080 RGBA",
        ResizeParams {3840, 2160, 1920, 1080, PixelFormat::Rgba8, ResizeFilter::Bilinear});
    memRow("media.resize area 3840×2160 → 1280×720 RGBA",
        ResizeParams {3840, 2160, 1280, 720, PixelFormat::Rgba8, ResizeFilter::Area});
    memRow("media.convert 3840×2160 RGBA → NV12",
        ConvertParams {3840, 2160, YuvFormat::Rgba8, YuvFormat::Nv12, Matrix::Bt709, Range::Limited});
    memRow("analytics.colstats 16M × 8 f32", ColstatsParams {16u << 20, 8, DType::F32});

    const MlpParams mlp {{{4096, 4096, Activation::Relu}, {4096, 1024, Activation::None}}, 4096, false, DType::F32};
    float *x = nullptr, *w1 = nullptr, *w2 = nullptr, *h = nullptr, *y = nullptr;
    cudaMalloc(&x, 4096ull * 4096 * 4);
    cudaMalloc(&w1, 4096ull * 4096 * 4);
    cudaMalloc(&w2, 4096ull * 1024 * 4);
    cudaMalloc(&h, 4096ull * 4096 * 4);
    cudaMalloc(&y, 4096ull * 1024 * 4);
    cublasHandle_t blas;
    cublasCreate(&blas);
    const float one = 1, zero = 0;
    const double raw = best([&] {
        cublasSgemm(blas, CUBLAS_OP_N, CUBLAS_OP_N, 4096, 4096, 4096, &one, w1, 4096, x, 4096, &zero, h, 4096);
        cublasSgemm(blas, CUBLAS_OP_N, CUBLAS_OP_N, 1024, 4096, 4096, &one, w2, 1024, h, 4096, &zero, y, 1024);
    });
    cublasDestroy(blas);
    for (float* p : {x, w1, w2, h, y})
        cudaFree(p);
    const double flops = double(footprint(mlp)->units);
    const double k = runGpu(mlp);
    std::printf(
        "| ai.mlp f32 batch 4096, 4096→4096→1024 | %.1f GFLOP | %.1f TFLOP/s | cuBLAS sgemm %.1f TFLOP/s | %.3f |\n",
        flops / 1e9, flops / k / 1e12, flops / raw / 1e12, raw / k);
    return 0;
}
