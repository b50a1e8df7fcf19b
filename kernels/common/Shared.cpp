#include "common/Shared.h"

#include <algorithm>

namespace cocoon::kernels {

AxisWeights axisWeights(std::uint32_t inSize, std::uint32_t outSize, ResizeFilter filter)
{
    const double support0 = filter == ResizeFilter::Bilinear ? 1.0 : 0.5;
    const double scale = double(inSize) / double(outSize);
    const double filterScale = std::max(scale, 1.0);
    const double support = support0 * filterScale;
    AxisWeights w;
    w.taps = int(std::ceil(support)) * 2 + 1;
    w.first.resize(outSize);
    w.count.resize(outSize);
    w.weights.assign(std::size_t(outSize) * std::size_t(w.taps), 0.0f);
    const auto kernel = [filter](double x) {
        if (filter == ResizeFilter::Bilinear) {
            x = std::fabs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
        return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
    };
    std::vector<double> tmp(std::size_t(w.taps));
    for (std::uint32_t i = 0; i < outSize; ++i) {
        const double center = (i + 0.5) * scale;
        const int xmin = std::max(int(center - support + 0.5), 0);
        const int xmax = std::min(int(center + support + 0.5), int(inSize));
        const int n = std::min(xmax - xmin, w.taps);
        double total = 0.0;
        for (int x = 0; x < n; ++x) {
            tmp[std::size_t(x)] = kernel((x + xmin - center + 0.5) / filterScale);
            total += tmp[std::size_t(x)];
        }
        w.first[i] = xmin;
        w.count[i] = n;
        for (int x = 0; x < n; ++x) {
            w.weights[std::size_t(i) * std::size_t(w.taps) + std::size_t(x)]
                = float(total != 0.0 ? tmp[std::size_t(x)] / total : 0.0);
        }
    }
    return w;
}

MlpLayout mlpLayout(const MlpParams& p)
{
    const std::size_t elem = p.dtype == DType::F16 ? 2 : 4;
    MlpLayout layout;
    layout.maxDim = p.layers.front().in;
    std::size_t offset = std::size_t(p.batch) * p.layers.front().in * elem; // X comes first
    for (const MlpLayer& l : p.layers) {
        layout.maxDim = std::max<std::size_t>(layout.maxDim, l.out);
        layout.weightOffset.push_back(offset);
        offset += (std::size_t(l.in) * l.out + l.out) * elem;
    }
    return layout;
}

std::vector<MlpStep> mlpSteps(const MlpParams& p, std::uint64_t workPerStep)
{
    std::vector<MlpStep> steps;
    for (std::size_t l = 0; l < p.layers.size(); ++l) {
        const std::uint64_t work = std::uint64_t(p.layers[l].in) * p.layers[l].out;
        const auto rows
            = std::uint32_t(std::clamp<std::uint64_t>(workPerStep / std::max<std::uint64_t>(work, 1), 1, p.batch));
        for (std::uint32_t r = 0; r < p.batch; r += rows) {
            steps.push_back({l, r, std::min(p.batch, r + rows)});
        }
    }
    return steps;
}

YuvCoefficients yuvCoefficients(Matrix matrix, Range range)
{
    YuvCoefficients c {};
    c.kr = matrix == Matrix::Bt601 ? 0.299 : 0.2126;
    c.kb = matrix == Matrix::Bt601 ? 0.114 : 0.0722;
    if (range == Range::Full) {
        c.yScale = 255.0;
        c.yOffset = 0.0;
        c.cScale = 255.0;
    } else {
        c.yScale = 219.0;
        c.yOffset = 16.0;
        c.cScale = 224.0;
    }
    return c;
}

} // namespace cocoon::kernels
