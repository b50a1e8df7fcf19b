#pragma once
// Definitions shared by the CPU and CUDA backends, so that both compute exactly the same thing.
#include "Kernels.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#ifdef __CUDACC__
#define COCOON_HD __host__ __device__
#else
#define COCOON_HD
#endif

namespace cocoon::kernels {

inline constexpr std::size_t kBytesPerColstat = 56;

/// A refused job for callers without an error channel (makeCpuTask): the first step reports it.
class RefusedTask final : public Task
{
public:
    explicit RefusedTask(std::string why)
        : m_why(std::move(why))
    { }
    std::size_t stepCount() const override { return 1; }
    bool runStep(std::size_t, std::string& error) override
    {
        error = "the input was refused: " + m_why;
        return false;
    }
    std::string device() const override { return "cpu"; }

private:
    std::string m_why;
};

inline int channelsOf(PixelFormat f)
{
    return f == PixelFormat::Rgba8 ? 4 : f == PixelFormat::Rgb8 ? 3 : 1;
}

// ---- bench.probe -----------------------------------------------------------------------------
/// One round of the probe's mixing function (a 32-bit integer hash step; exact on every device).
COCOON_HD inline std::uint32_t probeMix(std::uint32_t x, std::uint32_t round)
{
    x ^= round * 0x9e3779b9u;
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

// ---- ai.mlp ------------------------------------------------------------------------------------
/// Where each layer's W (then b) starts in the input, and the widest activation row.
struct MlpLayout
{
    std::vector<std::size_t> weightOffset; ///< bytes from the start of the input
    std::size_t maxDim = 0;
};
MlpLayout mlpLayout(const MlpParams& p);

/// One step: rows [r0, r1) of one layer. The plan depends only on the parameters and the work
/// per step (multiply-adds), never on timing.
struct MlpStep
{
    std::size_t layer;
    std::uint32_t r0, r1;
};
std::vector<MlpStep> mlpSteps(const MlpParams& p, std::uint64_t workPerStep);

// ---- analytics.colstats ---------------------------------------------------------------------
/// Running statistics of one column (Welford), mergeable (Chan et al.); 56 bytes.
struct ColumnStats
{
    std::uint64_t count = 0;
    std::uint64_t nan = 0;
    double sum = 0.0, min = 0.0, max = 0.0, mean = 0.0, m2 = 0.0;
};
static_assert(sizeof(ColumnStats) == kBytesPerColstat);

COCOON_HD inline void addValue(ColumnStats& s, double x)
{
    if (x != x) {
        ++s.nan;
        return;
    }
    ++s.count;
    s.sum += x;
    if (s.count == 1) {
        s.min = s.max = x;
    } else {
        s.min = x < s.min ? x : s.min;
        s.max = x > s.max ? x : s.max;
    }
    const double delta = x - s.mean;
    s.mean += delta / double(s.count);
    s.m2 += delta * (x - s.mean);
}

COCOON_HD inline void mergeStats(ColumnStats& a, const ColumnStats& b)
{
    a.nan += b.nan;
    if (b.count == 0) {
        return;
    }
    if (a.count == 0) {
        const std::uint64_t nan = a.nan;
        a = b;
        a.nan = nan;
        return;
    }
    const double n = double(a.count + b.count);
    const double delta = b.mean - a.mean;
    a.mean += delta * double(b.count) / n;
    a.m2 += b.m2 + delta * delta * double(a.count) * double(b.count) / n;
    a.sum += b.sum;
    a.min = b.min < a.min ? b.min : a.min;
    a.max = b.max > a.max ? b.max : a.max;
    a.count += b.count;
}

/// The published figures: count, nan_count, sum, min, max, mean, variance (population).
inline ColumnStats finalStats(const ColumnStats& s)
{
    ColumnStats out = s;
    const double nan = std::nan("");
    if (s.count == 0) {
        out.sum = 0.0;
        out.min = out.max = out.mean = out.m2 = nan;
        return out;
    }
    const bool finite = std::isfinite(s.mean) && std::isfinite(s.m2);
    out.mean = finite ? s.mean : s.sum / double(s.count);
    out.m2 = finite ? s.m2 / double(s.count) : nan; // field 7 is the variance
    return out;
}

// ---- media.resize ----------------------------------------------------------------------------
/// Separable resampling weights for one axis (Pillow's precompute_coeffs, in double).
struct AxisWeights
{
    int taps = 0; ///< weights per output position
    std::vector<int> first; ///< first source index per output position
    std::vector<int> count; ///< used taps per output position (<= taps)
    std::vector<float> weights; ///< [outSize × taps], normalised to sum 1
};
AxisWeights axisWeights(std::uint32_t inSize, std::uint32_t outSize, ResizeFilter filter);

// ---- media.convert ---------------------------------------------------------------------------
struct YuvCoefficients
{
    double kr, kb; ///< luma weights of R and B
    double yScale, yOffset; ///< Y8 = yOffset + yScale * Y'
    double cScale; ///< C8 = 128 + cScale * C'
};
YuvCoefficients yuvCoefficients(Matrix matrix, Range range);
/// Plane sizes of a 4:2:0 frame.
inline std::uint64_t chromaWidth(std::uint32_t w)
{
    return (std::uint64_t(w) + 1) / 2;
}
inline std::uint64_t chromaHeight(std::uint32_t h)
{
    return (std::uint64_t(h) + 1) / 2;
}

COCOON_HD inline std::uint8_t clampRound(double v)
{
    v = v < 0.0 ? 0.0 : (v > 255.0 ? 255.0 : v);
    return std::uint8_t(v + 0.5);
}

} // namespace cocoon::kernels
