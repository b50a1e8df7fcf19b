// Catalogue kernels on the CPU backend: throughput, ratio against a baseline measured in the same
// run (memcpy of the bytes a media/analytics kernel moves; raw OpenBLAS sgemm for the MLP's
// products), and the cost of slicing (default steps vs one step). Prints Markdown for
// docs/benchmarks.md. The CUDA backend's benchmarks need a GPU; this prints why when there is none.
#include "Backend.h"
#include "Kernels.h"

#include <algorithm>
#include <cblas.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

using namespace cocoon::kernels;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRepeats = 5;

double timeOnce(const std::function<void()>& f)
{
    const auto t0 = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Best of N for each function, run alternately so they see the same machine conditions.
std::vector<double> bestOf(const std::vector<std::function<void()>>& fs)
{
    std::vector<double> best(fs.size(), 1e30);
    for (int r = 0; r < kRepeats; ++r)
        for (std::size_t i = 0; i < fs.size(); ++i)
            best[i] = std::min(best[i], timeOnce(fs[i]));
    return best;
}

struct Buffers
{
    std::vector<std::uint8_t> in, out, scratch;
    explicit Buffers(const Params& p)
    {
        const auto fp = footprint(p);
        in.resize(fp->inputBytes);
        out.resize(fp->outputBytes);
        scratch.resize(fp->scratchBytes);
        std::mt19937 g(1);
        for (auto& b : in)
            b = std::uint8_t(g());
    }
};

void runTask(const Params& p, Buffers& b, std::uint64_t stepWork)
{
    auto task = makeCpuTask(p, b.in, b.out, b.scratch, stepWork);
    std::string error;
    for (std::size_t i = 0; i < task->stepCount(); ++i)
        task->runStep(i, error);
}

} // namespace

int main()
{
    std::printf("| Kernel | Work | Throughput | Baseline | Ratio to baseline | Steps | Slicing overhead |\n"
                "|---|---|---|---|---|---|---|\n");
    const auto memcpyRow = [](const char* name, const char* work, const Params& p) {
        Buffers b(p);
        std::vector<std::uint8_t> src(b.in.size() + b.out.size()), dst(src.size());
        const auto steps = makeCpuTask(p, b.in, b.out, b.scratch)->stepCount();
        const auto t = bestOf({[&] { std::memcpy(dst.data(), src.data(), src.size()); }, [&] { runTask(p, b, 0); },
            [&] { runTask(p, b, ~0ull); }});
        const double bytes = double(src.size());
        std::printf("| %s | %s | %.2f GB/s | memcpy %.2f GB/s | %.3f | %zu | %+.1f%% |\n", name, work,
            bytes / t[1] / 1e9, bytes / t[0] / 1e9, t[0] / t[1], steps, (t[1] / t[2] - 1) * 100);
    };
    memcpyRow("media.resize bilinear", "1920×1080 → 960×540 RGBA",
        ResizeParams {1920, 1080, 960, 540, PixelFormat::Rgba8, ResizeFilter::Bilinear});
    memcpyRow("media.resize area", "1920×1080 → 640×360 RGBA",
        ResizeParams {1920, 1080, 640, 360, PixelFormat::Rgba8, ResizeFilter::Area});
    memcpyRow("media.convert", "1920×1080 RGBA → NV12 BT.709",
        ConvertParams {1920, 1080, YuvFormat::Rgba8, YuvFormat::Nv12, Matrix::Bt709, Range::Limited});
    memcpyRow("media.convert", "1920×1080 I420 → RGBA BT.601",
        ConvertParams {1920, 1080, YuvFormat::I420, YuvFormat::Rgba8, Matrix::Bt601, Range::Full});
    memcpyRow("analytics.colstats", "2M × 8 f32", ColstatsParams {2000000, 8, DType::F32});

    { // ai.mlp vs the same products through raw OpenBLAS sgemm (no bias, activation or slicing)
        MlpParams p {{{1024, 1024, Activation::Relu}, {1024, 256, Activation::None}}, 512, false, DType::F32};
        Buffers b(p);
        std::vector<float> floats(b.in.size() / 4);
        std::mt19937 g(2);
        std::normal_distribution<float> n(0, 0.05f);
        for (float& f : floats)
            f = n(g);
        std::memcpy(b.in.data(), floats.data(), b.in.size());
        std::vector<float> a(512 * 1024), w1(1024 * 1024), w2(1024 * 256), c1(512 * 1024), c2(512 * 256);
        for (auto* v : {&a, &w1, &w2})
            for (float& f : *v)
                f = n(g); // the same kind of data as the kernel gets
        const auto raw = [&] {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 512, 1024, 1024, 1.0f, a.data(), 1024, w1.data(),
                1024, 0.0f, c1.data(), 1024);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 512, 256, 1024, 1.0f, c1.data(), 1024, w2.data(),
                256, 0.0f, c2.data(), 256);
        };
        const auto steps = makeCpuTask(p, b.in, b.out, b.scratch)->stepCount();
        const auto t = bestOf({raw, [&] { runTask(p, b, 0); }, [&] { runTask(p, b, ~0ull); }});
        const double flops = double(footprint(p)->units);
        std::printf("| ai.mlp f32 | batch 512, 1024→1024 relu→256 | %.1f GFLOP/s | OpenBLAS sgemm %.1f GFLOP/s | %.3f "
                    "| %zu | %+.1f%% |\n",
            flops / t[1] / 1e9, flops / t[0] / 1e9, t[0] / t[1], steps, (t[1] / t[2] - 1) * 100);
        MlpParams h = p;
        h.dtype = DType::F16;
        Buffers bh(h);
        const auto th = bestOf({raw, [&] { runTask(h, bh, 0); }});
        std::printf("| ai.mlp f16 storage | same | %.1f GFLOP/s | OpenBLAS sgemm %.1f GFLOP/s | %.3f | %zu | — |\n",
            flops / th[1] / 1e9, flops / th[0] / 1e9, th[0] / th[1],
            makeCpuTask(h, bh.in, bh.out, bh.scratch)->stepCount());
    }
    {
        ProbeParams p {1u << 20, 256};
        Buffers b(p);
        const auto t = bestOf({[&] { runTask(p, b, 0); }, [&] { runTask(p, b, ~0ull); }});
        std::printf("| bench.probe | 2^20 lanes × 256 rounds | %.0f M ops/s | — | — | %zu | %+.1f%% |\n",
            double(footprint(p)->units) / t[0] / 1e6, makeCpuTask(p, b.in, b.out, b.scratch)->stepCount(),
            (t[0] / t[1] - 1) * 100);
    }
    std::string reason;
    const auto gpus = cuda::probe(reason);
    std::printf("\nBest of %d, baseline and kernel alternating. Slicing overhead: default steps vs one step.\n"
                "CUDA backend: %s\n",
        kRepeats,
        gpus.empty() ? reason.c_str() : ("present (" + gpus.front().name + "); run bench_kernels_cuda").c_str());
    return 0;
}
