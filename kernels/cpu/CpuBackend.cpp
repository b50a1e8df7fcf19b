#include "Backend.h"

#include <thread>

namespace cocoon::kernels {

std::vector<DeviceInfo> probeDevices()
{
    std::vector<DeviceInfo> devices;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    devices.push_back({"cpu", "CPU (" + std::to_string(threads) + " threads)", 0, true, {}});
    std::string reason;
    for (DeviceInfo& d : cuda::probe(reason)) {
        devices.push_back(std::move(d));
    }
    return devices;
}

} // namespace cocoon::kernels
