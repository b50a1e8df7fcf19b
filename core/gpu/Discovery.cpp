#include "gpu/Discovery.h"

#include <QJsonArray>

namespace cocoon::gpu {

Discovery Discovery::run(const QString& nvmlLibrary)
{
    Discovery d;
    d.devices = kernels::probeDevices(&d.cudaReason);
    auto nvml = Nvml::open(nvmlLibrary);
    if (!nvml) {
        d.nvmlReason = nvml.error();
        return d;
    }
    d.nvml = std::move(*nvml);
    for (int i = 0; i < d.nvml->deviceCount(); ++i) {
        if (auto g = d.nvml->device(i))
            d.gpus << *g;
    }
    if (d.nvml->deviceCount() == 0)
        d.nvmlReason = QStringLiteral("the NVIDIA driver %1 sees no GPU").arg(d.nvml->driverVersion());
    d.cc = d.nvml->confidentialComputing();
    return d;
}

const GpuInfo* Discovery::gpuFor(const kernels::DeviceInfo& device) const
{
    if (device.backend != "cuda")
        return nullptr;
    for (const GpuInfo& g : gpus) {
        if (g.index == device.index)
            return &g;
    }
    return nullptr;
}

void Discovery::governWith(sched::Governor& governor) const
{
    for (const auto& d : devices) {
        if (const QString key = sched::Governor::deviceKey(d); !key.isEmpty()) {
            const GpuInfo* g = gpuFor(d);
            governor.addDevice(key, g ? g->uuid : QString());
        }
    }
}

QJsonObject Discovery::toJson() const
{
    const auto opt = [](const auto& v) { return v ? QJsonValue(qint64(*v)) : QJsonValue(); };
    QJsonArray devs;
    for (const auto& dev : devices) {
        QJsonObject o {{QStringLiteral("backend"), QString::fromStdString(dev.backend)},
            {QStringLiteral("index"), dev.index}, {QStringLiteral("name"), QString::fromStdString(dev.name)},
            {QStringLiteral("usable"), dev.usable}};
        if (!dev.reason.empty())
            o[QStringLiteral("reason")] = QString::fromStdString(dev.reason);
        if (dev.memoryBytes)
            o[QStringLiteral("memory_bytes")] = qint64(dev.memoryBytes);
        devs.append(o);
    }
    QJsonArray nv;
    for (const GpuInfo& g : gpus) {
        nv.append(QJsonObject {{QStringLiteral("index"), g.index}, {QStringLiteral("name"), g.name},
            {QStringLiteral("uuid"), g.uuid}, {QStringLiteral("pci_bus_id"), g.pciBusId},
            {QStringLiteral("vram_total_bytes"), opt(g.vramTotalBytes)},
            {QStringLiteral("vram_free_bytes"), opt(g.vramFreeBytes)},
            {QStringLiteral("compute_capability"),
                g.computeMajor
                    ? QJsonValue(QStringLiteral("%1.%2").arg(*g.computeMajor).arg(g.computeMinor.value_or(0)))
                    : QJsonValue()},
            {QStringLiteral("mig_enabled"), g.migEnabled ? QJsonValue(*g.migEnabled) : QJsonValue()},
            {QStringLiteral("unavailable"), QJsonArray::fromStringList(g.unavailable)}});
    }
    QJsonObject out {{QStringLiteral("devices"), devs}, {QStringLiteral("nvidia_gpus"), nv}};
    if (!cudaReason.empty())
        out[QStringLiteral("cuda_reason")] = QString::fromStdString(cudaReason);
    if (nvml) {
        out[QStringLiteral("driver_version")] = nvml->driverVersion();
        out[QStringLiteral("cuda_driver_version")] = opt(nvml->cudaDriverVersion());
    }
    if (!nvmlReason.isEmpty())
        out[QStringLiteral("nvml_reason")] = nvmlReason;
    out[QStringLiteral("confidential_computing")] = QJsonObject {{QStringLiteral("known"), cc.known},
        {QStringLiteral("cpu_tee"), cc.cpuTee}, {QStringLiteral("gpus_capable"), cc.gpusCapable},
        {QStringLiteral("enabled"), cc.enabled}, {QStringLiteral("dev_tools_mode"), cc.devToolsMode},
        {QStringLiteral("gpus_ready"), cc.gpusReady}, {QStringLiteral("reason"), nvml ? cc.reason : nvmlReason}};
    return out;
}

} // namespace cocoon::gpu
