#pragma once
// Live device telemetry for people and for the scheduler. The sampler reads NVML at most once per
// gpu.telemetryMilliseconds (default 1 s) per GPU and answers the governor's 50 ms questions from
// that cache, so asking costs nothing. The CPU has its own readings (load from /proc/stat,
// package temperature from hwmon); they are shown, not fed to the GPU limits.
#include "common/Clock.h"
#include "gpu/Nvml.h"
#include "sched/Governor.h"

#include <map>

namespace cocoon::gpu {

struct CpuTelemetry
{
    std::optional<int> loadPercent; ///< all cores, since the previous sample
    std::optional<int> ownPercent; ///< this process's share of all cores, since the previous sample
    std::optional<int> temperatureC;
    QString temperatureSource; ///< e.g. "hwmon coretemp", or why there is none
};

class CpuMonitor
{
public:
    /// `root` prefixes /proc and /sys (tests point it at a fake tree).
    explicit CpuMonitor(QString root = {})
        : m_root(std::move(root))
    { }
    CpuTelemetry sample();

private:
    QString m_root;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> m_last; ///< busy, total jiffies
    std::optional<std::uint64_t> m_lastOwn; ///< this process's utime + stime jiffies
};

class TelemetrySampler final : public sched::DeviceSampler
{
public:
    /// `nvml` may be null (no NVIDIA driver): GPUs then have no telemetry.
    TelemetrySampler(
        const Clock& clock, const Nvml* nvml, std::chrono::milliseconds period, QSet<std::uint32_t> ourPids)
        : m_clock(clock)
        , m_nvml(nvml)
        , m_period(period)
        , m_ourPids(std::move(ourPids))
    { }

    /// The governor's question for "gpu<N>" (NVML index N); "cpu" and unknown devices get no
    /// GPU figures.
    sched::DeviceSample sample(const QString& device) override;
    /// The latest full sample of GPU `index` (refreshed when older than the period).
    std::optional<GpuTelemetry> telemetry(int index);
    int samplesTaken() const { return m_taken; }

private:
    struct Cached
    {
        GpuTelemetry t;
        Clock::Monotonic at;
    };
    const Clock& m_clock;
    const Nvml* m_nvml;
    std::chrono::milliseconds m_period;
    QSet<std::uint32_t> m_ourPids;
    std::map<int, Cached> m_cache;
    int m_taken = 0;
};

/// "gpu3" -> 3; anything else -> nullopt.
std::optional<int> gpuIndex(const QString& device);

} // namespace cocoon::gpu
