// media.convert on the CPU: RGBA8 <-> NV12/I420, in blocks of row pairs, double arithmetic.
#include "common/Shared.h"
#include "cpu/CpuTasks.h"

#include <algorithm>

namespace cocoon::kernels::cpu {
namespace {

class ConvertTask final : public Task
{
public:
    ConvertTask(
        const ConvertParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, std::uint64_t kStepWork)
        : m_p(p)
        , m_in(in)
        , m_out(out)
        , m_c(yuvCoefficients(p.matrix, p.range))
    {
        const std::uint64_t pairWork = std::uint64_t(p.width) * 2;
        m_pairsPerStep = std::uint32_t(
            std::clamp<std::uint64_t>(kStepWork / 4 / std::max<std::uint64_t>(pairWork, 1), 1, chromaHeight(p.height)));
        m_steps = std::size_t((chromaHeight(p.height) + m_pairsPerStep - 1) / m_pairsPerStep);
    }

    std::size_t stepCount() const override { return std::max<std::size_t>(m_steps, 1); }
    std::string device() const override { return "cpu"; }

    bool runStep(std::size_t index, std::string&) override
    {
        const std::uint64_t cy0 = std::uint64_t(index) * m_pairsPerStep;
        const std::uint64_t cy1 = std::min<std::uint64_t>(chromaHeight(m_p.height), cy0 + m_pairsPerStep);
        for (std::uint64_t cy = cy0; cy < cy1; ++cy) {
            for (std::uint64_t cx = 0; cx < chromaWidth(m_p.width); ++cx) {
                if (m_p.from == YuvFormat::Rgba8) {
                    toYuv(cx, cy);
                } else {
                    toRgba(cx, cy);
                }
            }
        }
        return true;
    }

private:
    // Offsets of the chroma samples of block (cx, cy) in a frame of format `f`.
    std::size_t uAt(YuvFormat f, std::uint64_t cx, std::uint64_t cy) const
    {
        const std::size_t luma = std::size_t(m_p.width) * m_p.height;
        const std::size_t cw = chromaWidth(m_p.width);
        return f == YuvFormat::Nv12 ? luma + (cy * cw + cx) * 2 : luma + cy * cw + cx;
    }
    std::size_t vAt(YuvFormat f, std::uint64_t cx, std::uint64_t cy) const
    {
        const std::size_t cw = chromaWidth(m_p.width);
        return f == YuvFormat::Nv12 ? uAt(f, cx, cy) + 1 : uAt(f, cx, cy) + cw * chromaHeight(m_p.height);
    }

    void toYuv(std::uint64_t cx, std::uint64_t cy)
    {
        const double kg = 1.0 - m_c.kr - m_c.kb;
        double cbSum = 0.0, crSum = 0.0;
        int n = 0;
        for (std::uint64_t y = cy * 2; y < std::min<std::uint64_t>(cy * 2 + 2, m_p.height); ++y) {
            for (std::uint64_t x = cx * 2; x < std::min<std::uint64_t>(cx * 2 + 2, m_p.width); ++x) {
                const std::uint8_t* px = m_in.data() + (y * m_p.width + x) * 4;
                const double r = px[0] / 255.0, g = px[1] / 255.0, b = px[2] / 255.0;
                const double luma = m_c.kr * r + kg * g + m_c.kb * b;
                m_out[y * m_p.width + x] = clampRound(m_c.yOffset + m_c.yScale * luma);
                cbSum += (b - luma) / (2.0 * (1.0 - m_c.kb));
                crSum += (r - luma) / (2.0 * (1.0 - m_c.kr));
                ++n;
            }
        }
        m_out[uAt(m_p.to, cx, cy)] = clampRound(128.0 + m_c.cScale * cbSum / n);
        m_out[vAt(m_p.to, cx, cy)] = clampRound(128.0 + m_c.cScale * crSum / n);
    }

    void toRgba(std::uint64_t cx, std::uint64_t cy)
    {
        const double kg = 1.0 - m_c.kr - m_c.kb;
        const double cb = (m_in[uAt(m_p.from, cx, cy)] - 128.0) / m_c.cScale;
        const double cr = (m_in[vAt(m_p.from, cx, cy)] - 128.0) / m_c.cScale;
        for (std::uint64_t y = cy * 2; y < std::min<std::uint64_t>(cy * 2 + 2, m_p.height); ++y) {
            for (std::uint64_t x = cx * 2; x < std::min<std::uint64_t>(cx * 2 + 2, m_p.width); ++x) {
                const double luma = (m_in[y * m_p.width + x] - m_c.yOffset) / m_c.yScale;
                const double r = luma + 2.0 * (1.0 - m_c.kr) * cr;
                const double b = luma + 2.0 * (1.0 - m_c.kb) * cb;
                const double g = (luma - m_c.kr * r - m_c.kb * b) / kg;
                std::uint8_t* px = m_out.data() + (y * m_p.width + x) * 4;
                px[0] = clampRound(255.0 * r);
                px[1] = clampRound(255.0 * g);
                px[2] = clampRound(255.0 * b);
                px[3] = 255;
            }
        }
    }

    ConvertParams m_p;
    std::span<const std::uint8_t> m_in;
    std::span<std::uint8_t> m_out;
    YuvCoefficients m_c;
    std::uint32_t m_pairsPerStep = 1;
    std::size_t m_steps = 0;
};

} // namespace

std::unique_ptr<Task> makeConvert(
    const ConvertParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, std::uint64_t stepWork)
{
    return std::make_unique<ConvertTask>(p, in, out, stepWork);
}

} // namespace cocoon::kernels::cpu
