// cocoonctl devices: what this machine offers — compute devices, NVIDIA GPUs as NVML sees them,
// confidential computing, and one telemetry sample per GPU and for the CPU.
#include "ProcessSetup.h"
#include "VerbSupport.h"
#include "gpu/Discovery.h"
#include "gpu/Telemetry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon;

namespace {

QJsonValue opt(const auto& v)
{
    return v ? QJsonValue(qint64(*v)) : QJsonValue();
}

QJsonObject telemetryJson(const gpu::GpuTelemetry& t)
{
    return QJsonObject {{QStringLiteral("utilization_percent"), opt(t.utilizationPercent)},
        {QStringLiteral("own_utilization_percent"), opt(t.ownUtilizationPercent)},
        {QStringLiteral("other_utilization_percent"), opt(t.otherUtilizationPercent)},
        {QStringLiteral("vram_total_bytes"), opt(t.vramTotalBytes)},
        {QStringLiteral("vram_used_bytes"), opt(t.vramUsedBytes)},
        {QStringLiteral("vram_used_by_us_bytes"), opt(t.vramUsedByUsBytes)},
        {QStringLiteral("vram_used_by_others_bytes"), opt(t.vramUsedByOthersBytes)},
        {QStringLiteral("temperature_c"), opt(t.temperatureC)}, {QStringLiteral("power_w"), opt(t.powerW)},
        {QStringLiteral("power_limit_w"), opt(t.powerLimitW)}, {QStringLiteral("sm_clock_mhz"), opt(t.smClockMHz)},
        {QStringLiteral("memory_clock_mhz"), opt(t.memoryClockMHz)}, {QStringLiteral("fan_percent"), opt(t.fanPercent)},
        {QStringLiteral("unavailable"), QJsonArray::fromStringList(t.unavailable)}};
}

QString gib(std::optional<std::uint64_t> bytes)
{
    return bytes ? QStringLiteral("%1 GiB").arg(double(*bytes) / double(1ull << 30), 0, 'f', 1) : QStringLiteral("?");
}

} // namespace

int devices(const QStringList& args)
{
    VerbRun run(QStringLiteral("Show the compute devices, NVIDIA GPUs, confidential-computing state and live "
                               "readings of this machine."));
    run.parser().addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (auto rc = run.start(args))
        return *rc;
    if (!run.parser().positionalArguments().isEmpty())
        return fail(QStringLiteral("usage: cocoonctl devices [--json]"), kUsage);
    alignCudaDeviceOrder();
    const auto found = gpu::Discovery::run(nvmlLibraryOverride());
    const QSet<std::uint32_t> ours {std::uint32_t(QCoreApplication::applicationPid())};
    gpu::CpuMonitor cpu;
    const gpu::CpuTelemetry cpuNow = cpu.sample();
    QJsonObject report = found.toJson();
    // One sample per GPU, used for both outputs: per-process load is "since the previous sample",
    // so a second read right after the first would see almost nothing.
    QList<gpu::GpuTelemetry> samples;
    QJsonArray telemetry;
    for (const gpu::GpuInfo& g : found.gpus) {
        samples << found.nvml->telemetry(g.index, ours);
        telemetry.append(telemetryJson(samples.last()));
    }
    report[QStringLiteral("gpu_telemetry")] = telemetry;
    report[QStringLiteral("cpu_telemetry")] = QJsonObject {{QStringLiteral("temperature_c"), opt(cpuNow.temperatureC)},
        {QStringLiteral("temperature_source"), cpuNow.temperatureSource}};

    QTextStream out(stdout);
    if (run.parser().isSet(QStringLiteral("json"))) {
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        return kOk;
    }
    for (const auto& d : found.devices) {
        out << "• " << QString::fromStdString(d.name) << " [" << QString::fromStdString(d.backend) << "] — "
            << (d.usable ? QStringLiteral("ready") : QStringLiteral("not usable: ") + QString::fromStdString(d.reason))
            << "\n";
    }
    if (!found.cudaReason.empty())
        out << "CUDA: " << QString::fromStdString(found.cudaReason) << "\n";
    if (!found.nvml) {
        out << "NVIDIA: " << found.nvmlReason << "\n";
    } else {
        out << "NVIDIA driver " << found.nvml->driverVersion() << "\n";
        for (qsizetype i = 0; i < found.gpus.size(); ++i) {
            const gpu::GpuInfo& g = found.gpus[i];
            const gpu::GpuTelemetry& t = samples[i];
            out << "  gpu" << g.index << ": " << g.name << "  " << g.uuid << "  PCI " << g.pciBusId << "  "
                << gib(g.vramTotalBytes) << "\n      load "
                << (t.utilizationPercent ? QString::number(*t.utilizationPercent) + "%" : "?") << " (others "
                << (t.otherUtilizationPercent ? QString::number(*t.otherUtilizationPercent) + "%" : "?")
                << "), memory used by others " << gib(t.vramUsedByOthersBytes) << ", "
                << (t.temperatureC ? QString::number(*t.temperatureC) + " °C" : QStringLiteral("? °C")) << ", "
                << (t.powerW ? QString::number(*t.powerW) + " W" : QStringLiteral("? W")) << "\n";
        }
        out << "Confidential computing: "
            << (found.cc.enabled && found.cc.reason.isEmpty() ? QStringLiteral("on (%1)").arg(found.cc.cpuTee)
                                                              : QStringLiteral("not available: ") + found.cc.reason)
            << "\n";
    }
    out << "CPU temperature: "
        << (cpuNow.temperatureC ? QString::number(*cpuNow.temperatureC) + " °C" : QStringLiteral("?")) << " ["
        << cpuNow.temperatureSource << "]\n";
    return kOk;
}

} // namespace cocoonctl
