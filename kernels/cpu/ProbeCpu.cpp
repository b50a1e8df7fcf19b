// bench.probe on the CPU: the integer mixing workload, in blocks of lanes.
#include "common/Shared.h"
#include "cpu/CpuTasks.h"

#include <algorithm>
#include <cstring>

namespace cocoon::kernels::cpu {
namespace {

/// One mixing round costs about four multiply-adds' time; steps stay a few milliseconds long.
constexpr std::uint64_t kRoundCost = 4;

class ProbeTask final : public Task
{
public:
    ProbeTask(
        const ProbeParams& p, std::span<std::uint8_t> out, std::span<std::uint8_t> scratch, std::uint64_t kStepWork)
        : m_p(p)
        , m_out(out)
        , m_lanes(reinterpret_cast<std::uint32_t*>(scratch.data()))
    {
        m_lanesPerStep = std::uint32_t(
            std::clamp<std::uint64_t>(kStepWork / kRoundCost / std::max<std::uint32_t>(p.rounds, 1), 1, p.lanes));
        m_steps = (std::size_t(p.lanes) + m_lanesPerStep - 1) / m_lanesPerStep;
    }
    std::size_t stepCount() const override { return m_steps + 1; }
    std::string device() const override { return "cpu"; }
    bool runStep(std::size_t index, std::string&) override
    {
        if (index == m_steps) {
            std::uint64_t sum = 0;
            for (std::uint32_t i = 0; i < m_p.lanes; ++i)
                sum += m_lanes[i];
            std::memcpy(m_out.data(), &sum, 8);
            return true;
        }
        const std::uint32_t l0 = std::uint32_t(index) * m_lanesPerStep;
        const std::uint32_t l1 = std::min(m_p.lanes, l0 + m_lanesPerStep);
        for (std::uint32_t l = l0; l < l1; ++l) {
            std::uint32_t x = l;
            for (std::uint32_t r = 0; r < m_p.rounds; ++r)
                x = probeMix(x, r);
            m_lanes[l] = x;
        }
        return true;
    }

private:
    ProbeParams m_p;
    std::span<std::uint8_t> m_out;
    std::uint32_t* m_lanes;
    std::uint32_t m_lanesPerStep = 1;
    std::size_t m_steps = 0;
};

} // namespace

std::unique_ptr<Task> makeProbe(
    const ProbeParams& p, std::span<std::uint8_t> out, std::span<std::uint8_t> scratch, std::uint64_t stepWork)
{
    return std::make_unique<ProbeTask>(p, out, scratch, stepWork);
}

} // namespace cocoon::kernels::cpu
