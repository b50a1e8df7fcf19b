#pragma once
// Everything the app finds on this machine, probed once at start: the compute backends' devices
// (CPU always, CUDA when the plugin and a driver answer), NVML's view of the NVIDIA GPUs and of
// confidential computing, each absent piece with its reason. "gpu<N>" means CUDA device N, which is
// NVML device N because the entry points set CUDA_DEVICE_ORDER=PCI_BUS_ID (NVML's order) first.
#include "Backend.h"
#include "gpu/Nvml.h"
#include "sched/Governor.h"

#include <QJsonObject>

#include <memory>
#include <vector>

namespace cocoon::gpu {

struct Discovery
{
    std::vector<kernels::DeviceInfo> devices; ///< CPU first
    std::string cudaReason; ///< why no CUDA device is listed (empty when one is)
    std::unique_ptr<Nvml> nvml; ///< null without an NVIDIA driver
    QString nvmlReason;
    QList<GpuInfo> gpus;
    CcState cc;

    /// `nvmlLibrary` overrides the NVML file (tests, unusual installs).
    static Discovery run(const QString& nvmlLibrary = {});
    /// The NVML facts for a backend device ("gpu<N>"), when NVML knows it.
    const GpuInfo* gpuFor(const kernels::DeviceInfo& device) const;
    QJsonObject toJson() const;
    /// Puts every usable device under the governor ("cpu", "gpu<N>" with its UUID).
    void governWith(sched::Governor& governor) const;
};

} // namespace cocoon::gpu
