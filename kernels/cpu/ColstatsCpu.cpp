// analytics.colstats on the CPU: Welford per column over a block of rows, merged into the totals.
#include "common/Shared.h"
#include "cpu/CpuTasks.h"

#include <algorithm>
#include <cstring>

namespace cocoon::kernels::cpu {
namespace {

class ColstatsTask final : public Task
{
public:
    ColstatsTask(const ColstatsParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
        std::span<std::uint8_t> scratch, std::uint64_t kStepWork)
        : m_p(p)
        , m_in(in)
        , m_out(out)
    {
        m_block = reinterpret_cast<ColumnStats*>(scratch.data());
        m_total = m_block + p.cols;
        for (std::uint32_t c = 0; c < p.cols; ++c) {
            m_total[c] = ColumnStats {};
        }
        m_rowsPerStep = std::clamp<std::uint64_t>(
            kStepWork / std::max<std::uint32_t>(p.cols, 1), 1, std::max<std::uint64_t>(p.rows, 1));
        m_steps = std::size_t((p.rows + m_rowsPerStep - 1) / m_rowsPerStep);
    }

    std::size_t stepCount() const override { return m_steps + 1; } // the last step writes the output
    std::string device() const override { return "cpu"; }

    bool runStep(std::size_t index, std::string&) override
    {
        if (index == m_steps) {
            for (std::uint32_t c = 0; c < m_p.cols; ++c) {
                const ColumnStats f = finalStats(m_total[c]);
                std::memcpy(m_out.data() + std::size_t(c) * kBytesPerColstat, &f, kBytesPerColstat);
            }
            return true;
        }
        const std::uint64_t r0 = index * m_rowsPerStep;
        const std::uint64_t r1 = std::min(m_p.rows, r0 + m_rowsPerStep);
        for (std::uint32_t c = 0; c < m_p.cols; ++c) {
            m_block[c] = ColumnStats {};
        }
        for (std::uint64_t r = r0; r < r1; ++r) {
            if (m_p.dtype == DType::F64) {
                const auto* row = reinterpret_cast<const double*>(m_in.data()) + r * m_p.cols;
                for (std::uint32_t c = 0; c < m_p.cols; ++c)
                    addValue(m_block[c], row[c]);
            } else {
                const auto* row = reinterpret_cast<const float*>(m_in.data()) + r * m_p.cols;
                for (std::uint32_t c = 0; c < m_p.cols; ++c)
                    addValue(m_block[c], double(row[c]));
            }
        }
        for (std::uint32_t c = 0; c < m_p.cols; ++c) {
            mergeStats(m_total[c], m_block[c]);
        }
        return true;
    }

private:
    ColstatsParams m_p;
    std::span<const std::uint8_t> m_in;
    std::span<std::uint8_t> m_out;
    ColumnStats* m_block = nullptr;
    ColumnStats* m_total = nullptr;
    std::uint64_t m_rowsPerStep = 1;
    std::size_t m_steps = 0;
};

} // namespace

std::unique_ptr<Task> makeColstats(const ColstatsParams& p, std::span<const std::uint8_t> in,
    std::span<std::uint8_t> out, std::span<std::uint8_t> scratch, std::uint64_t stepWork)
{
    return std::make_unique<ColstatsTask>(p, in, out, scratch, stepWork);
}

} // namespace cocoon::kernels::cpu
