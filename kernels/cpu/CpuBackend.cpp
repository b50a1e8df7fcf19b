#include "Backend.h"
#include "common/Shared.h"
#include "cpu/CpuTasks.h"
#include "media/MediaTasks.h"

#include <bit>
#include <thread>

static_assert(
    std::endian::native == std::endian::little, "job data is little-endian; big-endian hosts need byte swaps");

namespace cocoon::kernels {

std::vector<DeviceInfo> probeDevices(std::string* cudaReason)
{
    std::vector<DeviceInfo> devices;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    DeviceInfo cpu;
    cpu.backend = "cpu";
    cpu.name = "CPU (" + std::to_string(threads) + " threads)";
    cpu.usable = true;
    devices.push_back(cpu);
    std::string reason;
    auto gpus = cuda::probe(reason);
    for (DeviceInfo& d : gpus) {
        devices.push_back(std::move(d));
    }
    if (cudaReason) {
        *cudaReason = gpus.empty() ? reason : std::string();
    }
    return devices;
}

std::unique_ptr<Task> makeCpuTask(const Params& params, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, std::span<std::uint8_t> scratch, std::uint64_t stepWork)
{
    const std::uint64_t work = stepWork ? stepWork : cpu::kDefaultStepWork;
    return std::visit(
        [&](const auto& p) -> std::unique_ptr<Task> {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, MlpParams>)
                return cpu::makeMlp(p, input, output, scratch, work);
            else if constexpr (std::is_same_v<T, ResizeParams>)
                return cpu::makeResize(p, input, output, scratch, work);
            else if constexpr (std::is_same_v<T, ConvertParams>)
                return cpu::makeConvert(p, input, output, work);
            else if constexpr (std::is_same_v<T, ColstatsParams>)
                return cpu::makeColstats(p, input, output, scratch, work);
            else if constexpr (std::is_same_v<T, ProbeParams>)
                return cpu::makeProbe(p, output, scratch, work);
            else if constexpr (std::is_same_v<T, TranscodeParams>)
                return media::makeMediaOrRefusal(p, input, output, -1);
            else
                return std::make_unique<RefusedTask>("ai.generate needs the node's model file (jobs create it with "
                                                     "makeGenerateTask)");
        },
        params);
}

} // namespace cocoon::kernels
