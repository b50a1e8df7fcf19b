// A stand-in for libcocoon_cuda.so on machines without an NVIDIA GPU: the same plugin ABI
// (kernels/cuda/PluginAbi.h), loaded the same way (COCOON_CUDA_PLUGIN names it), running the CPU
// kernels behind it. It reports one CUDA device named like the fake NVML's GPU 0, so discovery,
// the governor ("gpu0"), the node's GPU worker and the receipt all see a GPU. "Device memory" is an
// allocation of the footprint's deviceBytes that the task holds while it runs, gives back on
// releaseDevice() and takes again on the next step, as the real tasks do; fake_cuda_stats() lets
// a test watch that. FAKE_CUDA_SCENARIO=self-test-fails makes the self test fail.
// ai.generate runs on the CPU llama.cpp linked in here, as the real plugin runs its CUDA build of
// it; FAKE_CUDA_SCENARIO=no-llm stands for a plugin built without it (-DCOCOON_LLM_CUDA=OFF).
#include "cuda/PluginAbi.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using namespace cocoon::kernels;

constexpr const char* kName = "NVIDIA H100 80GB HBM3";
constexpr std::uint64_t kMemory = 80ull << 30;

struct Stats
{
    std::atomic<long long> tasks {0};
    std::atomic<long long> steps {0};
    std::atomic<long long> releases {0};
    std::atomic<long long> acquires {0};
    std::atomic<long long> heldBytes {0}; ///< "device memory" held by live tasks now
    std::atomic<long long> residentReleases {0}; ///< idle resident models let go on request
};
Stats g_stats;

class FakeTask final : public Task
{
public:
    FakeTask(std::unique_ptr<Task> inner, std::vector<std::uint8_t> scratch, std::uint64_t deviceBytes, int device)
        : m_inner(std::move(inner))
        , m_scratch(std::move(scratch))
        , m_deviceBytes(deviceBytes)
        , m_device(device)
    {
        ++g_stats.tasks;
    }
    ~FakeTask() override { releaseDevice(); }
    std::size_t stepCount() const override { return m_inner->stepCount(); }
    bool runStep(std::size_t index, std::string& error) override
    {
        if (!m_held) {
            // Capped: the test double stands for the memory, it does not need all of it.
            m_memory.assign(std::size_t(std::min<std::uint64_t>(m_deviceBytes, 1u << 20)), 0xA5);
            m_held = true;
            ++g_stats.acquires;
            g_stats.heldBytes += static_cast<long long>(m_deviceBytes);
        }
        ++g_stats.steps;
        return m_inner->runStep(index, error);
    }
    bool finished() const override { return m_inner->finished(); }
    std::span<const std::uint8_t> streamed() const override { return m_inner->streamed(); }
    std::optional<std::uint64_t> meteredUnits() const override { return m_inner->meteredUnits(); }
    void releaseDevice() override
    {
        if (!m_held)
            return;
        m_inner->releaseDevice();
        std::memset(m_memory.data(), 0, m_memory.size()); // wiped, like the real tasks' memory
        std::vector<std::uint8_t>().swap(m_memory);
        m_held = false;
        ++g_stats.releases;
        g_stats.heldBytes -= static_cast<long long>(m_deviceBytes);
    }
    std::string device() const override
    {
        const std::string inner = m_inner->device();
        const auto engine = inner.find(": llama.cpp"); // ai.generate's engine and notes
        return "cuda:" + std::to_string(m_device) + " " + kName + " (fake CUDA plugin)"
            + (engine == std::string::npos ? std::string() : inner.substr(engine));
    }

private:
    std::unique_ptr<Task> m_inner;
    std::vector<std::uint8_t> m_scratch; ///< the CPU kernel's working memory (host)
    std::uint64_t m_deviceBytes;
    int m_device;
    std::vector<std::uint8_t> m_memory;
    bool m_held = false;
};

std::vector<DeviceInfo> probe(std::string& reason)
{
    reason.clear();
    return {DeviceInfo {"cuda", kName, 0, true, kMemory, {}}};
}

bool selfTest(int index, std::string& reason)
{
    const char* s = std::getenv("FAKE_CUDA_SCENARIO");
    if (index != 0 || (s && std::strcmp(s, "self-test-fails") == 0)) {
        reason = "the fake CUDA device failed its self test";
        return false;
    }
    return true;
}

Task* makeTask(const Params& params, std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int device,
    std::string& error)
{
    if (device != 0) {
        error = "no CUDA device " + std::to_string(device);
        return nullptr;
    }
    const auto fp = footprint(params);
    if (!fp) {
        error = "the job is too large";
        return nullptr;
    }
    std::vector<std::uint8_t> scratch(std::size_t(fp->scratchBytes));
    auto inner = makeCpuTask(params, input, output, std::span<std::uint8_t>(scratch.data(), scratch.size()));
    if (!inner) {
        error = "the CPU kernel could not be created";
        return nullptr;
    }
    return new FakeTask(std::move(inner), std::move(scratch), fp->deviceBytes, device);
}

Task* makeGenerate(const GenerateParams& params, const std::string& modelPath, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int device, std::string& error, bool* modelRefused)
{
    if (device != 0) {
        error = "no CUDA device " + std::to_string(device);
        return nullptr;
    }
    auto inner = makeGenerateTask(params, modelPath, input, output, -1, error, modelRefused);
    if (!inner)
        return nullptr;
    return new FakeTask(std::move(inner), {}, params.modelBytes, device);
}

/// The CPU build's resident models in this module stand for the plugin's.
std::uint64_t residentModels(int device, bool release)
{
    const std::uint64_t bytes = device == 0 ? residentModelBytes(-1) : 0;
    if (release && device == 0) {
        releaseResidentModels(-1);
        ++g_stats.residentReleases;
    }
    return bytes;
}

const cocoon::kernels::cuda::PluginApi g_api {
    cocoon::kernels::cuda::kAbiVersion, probe, selfTest, makeTask, makeGenerate, residentModels};
const cocoon::kernels::cuda::PluginApi g_apiNoLlm {
    cocoon::kernels::cuda::kAbiVersion, probe, selfTest, makeTask, nullptr, nullptr};

} // namespace

FAKE_EXPORT const cocoon::kernels::cuda::PluginApi* cocoon_cuda_plugin_api()
{
    const char* s = std::getenv("FAKE_CUDA_SCENARIO");
    return s && std::strcmp(s, "no-llm") == 0 ? &g_apiNoLlm : &g_api;
}

/// tasks created, steps run, device memory released and acquired, bytes held now, resident
/// models released.
FAKE_EXPORT void fake_cuda_stats(long long out[6])
{
    out[0] = g_stats.tasks;
    out[1] = g_stats.steps;
    out[2] = g_stats.releases;
    out[3] = g_stats.acquires;
    out[4] = g_stats.heldBytes;
    out[5] = g_stats.residentReleases;
}
