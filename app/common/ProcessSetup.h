#pragma once
// Process-wide choices every entry point makes before it probes devices.
#include <QString>
#include <QtGlobal>

namespace cocoon {

/// CUDA numbers devices fastest-first unless told otherwise; NVML numbers them by PCI bus.
/// Asking CUDA for PCI order makes "gpu<N>" the same GPU for both (a user's own setting wins).
inline void alignCudaDeviceOrder()
{
    if (!qEnvironmentVariableIsSet("CUDA_DEVICE_ORDER"))
        qputenv("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
}

/// COCOON_NVML_LIBRARY names another NVML file (an unusual install, or the tests' fake).
inline QString nvmlLibraryOverride()
{
    return qEnvironmentVariable("COCOON_NVML_LIBRARY");
}

} // namespace cocoon
