// media.resize on the CPU: separable resampling (horizontal pass into an f32 intermediate, then
// vertical pass with rounding), in row blocks.
#include "common/Shared.h"
#include "cpu/CpuTasks.h"

#include <algorithm>

namespace cocoon::kernels::cpu {
namespace {

class ResizeTask final : public Task
{
public:
    ResizeTask(const ResizeParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
        std::span<std::uint8_t> scratch, std::uint64_t kStepWork)
        : m_p(p)
        , m_in(in)
        , m_out(out)
        , m_tmp(reinterpret_cast<float*>(scratch.data()))
        , m_ch(channelsOf(p.format))
        , m_wx(axisWeights(p.srcWidth, p.width, p.filter))
        , m_wy(axisWeights(p.srcHeight, p.height, p.filter))
    {
        const std::uint64_t hWork = std::uint64_t(p.width) * std::uint64_t(m_ch) * std::uint64_t(m_wx.taps);
        const std::uint64_t vWork = std::uint64_t(p.width) * std::uint64_t(m_ch) * std::uint64_t(m_wy.taps);
        m_hRows
            = std::uint32_t(std::clamp<std::uint64_t>(kStepWork / std::max<std::uint64_t>(hWork, 1), 1, p.srcHeight));
        m_vRows = std::uint32_t(std::clamp<std::uint64_t>(kStepWork / std::max<std::uint64_t>(vWork, 1), 1, p.height));
        m_hSteps = (p.srcHeight + m_hRows - 1) / m_hRows;
        m_vSteps = (p.height + m_vRows - 1) / m_vRows;
    }

    std::size_t stepCount() const override { return m_hSteps + m_vSteps; }
    std::string device() const override { return "cpu"; }

    bool runStep(std::size_t index, std::string&) override
    {
        if (index < m_hSteps) {
            const std::uint32_t y0 = std::uint32_t(index) * m_hRows;
            horizontal(y0, std::min(m_p.srcHeight, y0 + m_hRows));
        } else {
            const std::uint32_t y0 = std::uint32_t(index - m_hSteps) * m_vRows;
            vertical(y0, std::min(m_p.height, y0 + m_vRows));
        }
        return true;
    }

private:
    void horizontal(std::uint32_t y0, std::uint32_t y1)
    {
        const int ch = m_ch;
        for (std::uint32_t y = y0; y < y1; ++y) {
            const std::uint8_t* src = m_in.data() + std::size_t(y) * m_p.srcWidth * std::size_t(ch);
            float* dst = m_tmp + std::size_t(y) * m_p.width * std::size_t(ch);
            for (std::uint32_t x = 0; x < m_p.width; ++x) {
                const float* w = &m_wx.weights[std::size_t(x) * std::size_t(m_wx.taps)];
                const std::uint8_t* s = src + std::size_t(m_wx.first[x]) * std::size_t(ch);
                double acc[4] = {0, 0, 0, 0};
                for (int k = 0; k < m_wx.count[x]; ++k) {
                    for (int c = 0; c < ch; ++c) {
                        acc[c] += double(w[k]) * s[k * ch + c];
                    }
                }
                for (int c = 0; c < ch; ++c) {
                    dst[std::size_t(x) * std::size_t(ch) + std::size_t(c)] = float(acc[c]);
                }
            }
        }
    }

    void vertical(std::uint32_t y0, std::uint32_t y1)
    {
        const std::size_t rowLen = std::size_t(m_p.width) * std::size_t(m_ch);
        for (std::uint32_t y = y0; y < y1; ++y) {
            const float* w = &m_wy.weights[std::size_t(y) * std::size_t(m_wy.taps)];
            std::uint8_t* dst = m_out.data() + std::size_t(y) * rowLen;
            for (std::size_t i = 0; i < rowLen; ++i) {
                double acc = 0.0;
                for (int k = 0; k < m_wy.count[y]; ++k) {
                    acc += double(w[k]) * m_tmp[std::size_t(m_wy.first[y] + k) * rowLen + i];
                }
                dst[i] = clampRound(acc);
            }
        }
    }

    ResizeParams m_p;
    std::span<const std::uint8_t> m_in;
    std::span<std::uint8_t> m_out;
    float* m_tmp;
    int m_ch;
    AxisWeights m_wx, m_wy;
    std::uint32_t m_hRows = 1, m_vRows = 1;
    std::size_t m_hSteps = 0, m_vSteps = 0;
};

} // namespace

std::unique_ptr<Task> makeResize(const ResizeParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
    std::span<std::uint8_t> scratch, std::uint64_t stepWork)
{
    return std::make_unique<ResizeTask>(p, in, out, scratch, stepWork);
}

} // namespace cocoon::kernels::cpu
