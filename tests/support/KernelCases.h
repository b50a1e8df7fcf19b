#pragma once
// Test cases for every catalogue kernel: parameters and deterministic pseudo-random inputs,
// including the edge cases (1×1 images, odd sizes, non-integer scales, empty tables, NaN/Inf,
// single-layer and deep MLPs). Shared by the CPU-reference and CUDA-vs-CPU suites.
#include "KernelRunner.h"
#include "common/Half.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace cocoon::test {

struct KernelCase
{
    std::string name;
    kernels::Params params;
    std::vector<std::uint8_t> input;
};

inline std::vector<std::uint8_t> randomBytes(std::size_t n, unsigned seed)
{
    std::mt19937 g(seed);
    std::vector<std::uint8_t> b(n);
    for (auto& x : b)
        x = std::uint8_t(g() & 0xff);
    return b;
}

inline std::vector<std::uint8_t> mlpInput(const kernels::MlpParams& p, unsigned seed)
{
    std::mt19937 g(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    std::vector<float> values;
    for (std::uint64_t i = 0; i < std::uint64_t(p.batch) * p.layers.front().in; ++i)
        values.push_back(n(g));
    for (const auto& l : p.layers) {
        const float scale = 1.0f / std::sqrt(float(l.in));
        for (std::uint64_t i = 0; i < std::uint64_t(l.in) * l.out; ++i)
            values.push_back(n(g) * scale);
        for (std::uint32_t i = 0; i < l.out; ++i)
            values.push_back(n(g) * 0.1f);
    }
    if (p.dtype == kernels::DType::F16) {
        std::vector<std::uint16_t> h;
        for (float v : values)
            h.push_back(kernels::floatToHalf(v));
        return toBytes(h);
    }
    return toBytes(values);
}

inline std::vector<KernelCase> kernelCases()
{
    using namespace kernels;
    std::vector<KernelCase> cases;
    // ai.mlp
    const auto mlp
        = [&](std::string name, std::vector<MlpLayer> layers, std::uint32_t batch, bool softmax, DType dtype) {
              MlpParams p {std::move(layers), batch, softmax, dtype};
              cases.push_back({"mlp-" + name, p, mlpInput(p, unsigned(cases.size()) + 1)});
          };
    mlp("single-layer", {{3, 2, Activation::None}}, 1, false, DType::F32);
    mlp("relu-softmax", {{16, 32, Activation::Relu}, {32, 10, Activation::None}}, 7, true, DType::F32);
    mlp("deep-gelu-tanh",
        {{64, 48, Activation::Gelu}, {48, 48, Activation::Tanh}, {48, 40, Activation::Relu}, {40, 33, Activation::Gelu},
            {33, 8, Activation::None}},
        37, true, DType::F32);
    mlp("wide-batch", {{512, 512, Activation::Relu}, {512, 32, Activation::None}}, 1100, false,
        DType::F32); // several steps
    mlp("f16", {{32, 64, Activation::Relu}, {64, 16, Activation::Tanh}}, 19, false, DType::F16);
    mlp("f16-softmax", {{24, 24, Activation::Gelu}, {24, 5, Activation::None}}, 9, true, DType::F16);
    // media.resize
    const auto resize = [&](std::string name, std::uint32_t sw, std::uint32_t sh, std::uint32_t w, std::uint32_t h,
                            PixelFormat f, ResizeFilter filter) {
        ResizeParams p {sw, sh, w, h, f, filter};
        cases.push_back({"resize-" + name + (filter == ResizeFilter::Area ? "-area" : "-bilinear"), p,
            randomBytes(std::size_t(sw) * sh
                    * std::size_t(f == PixelFormat::Rgba8 ? 4
                            : f == PixelFormat::Rgb8      ? 3
                                                          : 1),
                unsigned(cases.size()) + 7)});
    };
    for (ResizeFilter filter : {ResizeFilter::Bilinear, ResizeFilter::Area}) {
        resize("1x1-to-1x1", 1, 1, 1, 1, PixelFormat::Rgba8, filter);
        resize("1x1-up-5x3", 1, 1, 5, 3, PixelFormat::Rgb8, filter);
        resize("odd-7x5-to-3x2", 7, 5, 3, 2, PixelFormat::Gray8, filter);
        resize("non-integer-10-to-7", 10, 10, 7, 7, PixelFormat::Rgba8, filter);
        resize("down-100x60-to-33x17", 100, 60, 33, 17, PixelFormat::Rgb8, filter);
        resize("up-5x4-to-13x9", 5, 4, 13, 9, PixelFormat::Rgba8, filter);
        resize("mixed-64x9-to-17x31", 64, 9, 17, 31, PixelFormat::Gray8, filter);
        resize("large-640x480-to-211x157", 640, 480, 211, 157, PixelFormat::Rgba8, filter);
    }
    // media.convert
    for (Matrix m : {Matrix::Bt601, Matrix::Bt709}) {
        for (Range r : {Range::Full, Range::Limited}) {
            for (YuvFormat y : {YuvFormat::Nv12, YuvFormat::I420}) {
                const std::string tag = std::string(m == Matrix::Bt601 ? "601" : "709")
                    + (r == Range::Full ? "-full" : "-limited") + (y == YuvFormat::Nv12 ? "-nv12" : "-i420");
                for (auto [w, h] : {std::pair {1u, 1u}, {5u, 3u}, {64u, 48u}}) {
                    const std::string size = std::to_string(w) + "x" + std::to_string(h);
                    cases.push_back(
                        {"convert-rgba-to-" + tag + "-" + size, ConvertParams {w, h, YuvFormat::Rgba8, y, m, r},
                            randomBytes(std::size_t(w) * h * 4, w * 31 + h)});
                    const std::size_t yuv = std::size_t(w) * h + 2 * ((w + 1) / 2) * ((h + 1) / 2);
                    cases.push_back({"convert-" + tag + "-to-rgba-" + size,
                        ConvertParams {w, h, y, YuvFormat::Rgba8, m, r}, randomBytes(yuv, w * 17 + h)});
                }
            }
        }
    }
    // analytics.colstats
    const auto table = [&](std::string name, std::uint64_t rows, std::uint32_t cols, DType dtype, auto fill) {
        std::vector<double> v(rows * cols);
        for (std::uint64_t r = 0; r < rows; ++r)
            for (std::uint32_t c = 0; c < cols; ++c)
                v[r * cols + c] = fill(r, c);
        std::vector<std::uint8_t> bytes;
        if (dtype == DType::F64) {
            bytes = toBytes(v);
        } else {
            std::vector<float> f(v.begin(), v.end());
            bytes = toBytes(f);
        }
        cases.push_back({"colstats-" + name, ColstatsParams {rows, cols, dtype}, bytes});
    };
    std::mt19937 g(99);
    std::normal_distribution<double> n(0.0, 1.0);
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    table("empty", 0, 3, DType::F32, [](auto, auto) { return 0.0; });
    table("one-row", 1, 4, DType::F64, [](auto, auto c) { return double(c) - 1.5; });
    table("random-f32", 1000, 7, DType::F32, [&](auto, auto c) { return n(g) * (c + 1) + c; });
    table("random-f64-many-rows", 1000000, 3, DType::F64, [&](auto, auto c) { return n(g) + c * 10; });
    table("large-offset", 50000, 2, DType::F64, [&](auto r, auto) { return 1e9 + double(r % 7); });
    table("nan-and-inf", 50, 4, DType::F64, [&](auto r, auto c) {
        if (c == 0 && r % 5 == 0)
            return nan; // NaN skipped and counted
        if (c == 1 && r == 10)
            return inf; // one +Inf
        if (c == 2 && r == 3)
            return inf; // +Inf and -Inf
        if (c == 2 && r == 4)
            return -inf;
        if (c == 3)
            return nan; // all NaN: empty column
        return double(r);
    });
    // bench.probe
    cases.push_back({"probe-small", ProbeParams {1000, 17}, {}});
    cases.push_back({"probe-default", ProbeParams {}, {}});
    return cases;
}

} // namespace cocoon::test
