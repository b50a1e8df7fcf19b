#include "gpu/Nvml.h"

#include "common/SharedLibrary.h"
#include "gpu/NvmlAbi.h"

#include <QFile>

#include <algorithm>
#include <cstring>
#include <vector>

namespace cocoon::gpu {
namespace {

/// The driver's NVML file, named by CMake per OS (libnvidia-ml.so.1, nvml.dll).
QString defaultLibrary()
{
    return QStringLiteral(COCOON_NVML_LIBRARY);
}

} // namespace

/// The entry points, each resolved from the newest name the library has.
struct Nvml::Api
{
    nvmlReturn_t (*initWithFlags)(unsigned) = nullptr;
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    const char* (*errorString)(nvmlReturn_t) = nullptr;
    nvmlReturn_t (*driverVersion)(char*, unsigned) = nullptr;
    nvmlReturn_t (*cudaDriverVersion)(int*) = nullptr;
    nvmlReturn_t (*count)(unsigned*) = nullptr;
    nvmlReturn_t (*handleByIndex)(unsigned, nvmlDevice_t*) = nullptr;
    nvmlReturn_t (*name)(nvmlDevice_t, char*, unsigned) = nullptr;
    nvmlReturn_t (*uuid)(nvmlDevice_t, char*, unsigned) = nullptr;
    nvmlReturn_t (*pciInfo)(nvmlDevice_t, nvmlPciInfo_t*) = nullptr;
    nvmlReturn_t (*memoryInfo)(nvmlDevice_t, nvmlMemory_t*) = nullptr;
    nvmlReturn_t (*computeCapability)(nvmlDevice_t, int*, int*) = nullptr;
    nvmlReturn_t (*migMode)(nvmlDevice_t, unsigned*, unsigned*) = nullptr;
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t*) = nullptr;
    nvmlReturn_t (*temperature)(nvmlDevice_t, unsigned, unsigned*) = nullptr;
    nvmlReturn_t (*powerUsage)(nvmlDevice_t, unsigned*) = nullptr;
    nvmlReturn_t (*powerLimit)(nvmlDevice_t, unsigned*) = nullptr;
    nvmlReturn_t (*clock)(nvmlDevice_t, unsigned, unsigned*) = nullptr;
    nvmlReturn_t (*fanSpeed)(nvmlDevice_t, unsigned*) = nullptr;
    // Process lists: the _v2/_v3 forms fill nvmlProcessInfo_t, the plain form the v1 layout.
    nvmlReturn_t (*computeProcesses)(nvmlDevice_t, unsigned*, nvmlProcessInfo_t*) = nullptr;
    nvmlReturn_t (*graphicsProcesses)(nvmlDevice_t, unsigned*, nvmlProcessInfo_t*) = nullptr;
    nvmlReturn_t (*computeProcessesV1)(nvmlDevice_t, unsigned*, nvmlProcessInfo_v1_t*) = nullptr;
    nvmlReturn_t (*graphicsProcessesV1)(nvmlDevice_t, unsigned*, nvmlProcessInfo_v1_t*) = nullptr;
    nvmlReturn_t (*processUtilization)(nvmlDevice_t, nvmlProcessUtilizationSample_t*, unsigned*, unsigned long long)
        = nullptr;
    nvmlReturn_t (*ccCapabilities)(nvmlConfComputeSystemCaps_t*) = nullptr;
    nvmlReturn_t (*ccState)(nvmlConfComputeSystemState_t*) = nullptr;
    nvmlReturn_t (*ccGpusReady)(unsigned*) = nullptr;
    nvmlReturn_t (*ccAttestationReport)(nvmlDevice_t, nvmlConfComputeGpuAttestationReport_t*) = nullptr;
    nvmlReturn_t (*ccCertificate)(nvmlDevice_t, nvmlConfComputeGpuCertificate_t*) = nullptr;

    QString error(nvmlReturn_t rc) const
    {
        const char* s = errorString ? errorString(rc) : nullptr;
        return s ? QString::fromUtf8(s) : QStringLiteral("NVML error %1").arg(rc);
    }
};

Nvml::~Nvml()
{
    if (m_api && m_api->shutdown)
        m_api->shutdown(); // the library itself stays loaded (SharedLibrary)
}

Expected<std::unique_ptr<Nvml>, QString> Nvml::open(const QString& library)
{
    const QString file = library.isEmpty() ? defaultLibrary() : library;
    auto lib = SharedLibrary::load(file);
    if (!lib) {
        return unexpected(
            QStringLiteral("no NVIDIA driver: %1 could not be loaded (install the NVIDIA driver to use an NVIDIA GPU)")
                .arg(file));
    }
    std::unique_ptr<Nvml> n(new Nvml);
    n->m_api = std::make_unique<Api>();
    Api& a = *n->m_api;
    lib->resolve(a.initWithFlags, {"nvmlInitWithFlags"});
    lib->resolve(a.init, {"nvmlInit_v2", "nvmlInit"});
    lib->resolve(a.shutdown, {"nvmlShutdown"});
    lib->resolve(a.errorString, {"nvmlErrorString"});
    lib->resolve(a.driverVersion, {"nvmlSystemGetDriverVersion"});
    lib->resolve(a.cudaDriverVersion, {"nvmlSystemGetCudaDriverVersion_v2", "nvmlSystemGetCudaDriverVersion"});
    lib->resolve(a.count, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
    lib->resolve(a.handleByIndex, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
    lib->resolve(a.name, {"nvmlDeviceGetName"});
    lib->resolve(a.uuid, {"nvmlDeviceGetUUID"});
    lib->resolve(a.pciInfo, {"nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2"});
    lib->resolve(a.memoryInfo, {"nvmlDeviceGetMemoryInfo"});
    lib->resolve(a.computeCapability, {"nvmlDeviceGetCudaComputeCapability"});
    lib->resolve(a.migMode, {"nvmlDeviceGetMigMode"});
    lib->resolve(a.utilization, {"nvmlDeviceGetUtilizationRates"});
    lib->resolve(a.temperature, {"nvmlDeviceGetTemperature"});
    lib->resolve(a.powerUsage, {"nvmlDeviceGetPowerUsage"});
    lib->resolve(a.powerLimit, {"nvmlDeviceGetEnforcedPowerLimit"});
    lib->resolve(a.clock, {"nvmlDeviceGetClockInfo"});
    lib->resolve(a.fanSpeed, {"nvmlDeviceGetFanSpeed"});
    lib->resolve(
        a.computeProcesses, {"nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2"});
    lib->resolve(
        a.graphicsProcesses, {"nvmlDeviceGetGraphicsRunningProcesses_v3", "nvmlDeviceGetGraphicsRunningProcesses_v2"});
    lib->resolve(a.computeProcessesV1, {"nvmlDeviceGetComputeRunningProcesses"});
    lib->resolve(a.graphicsProcessesV1, {"nvmlDeviceGetGraphicsRunningProcesses"});
    lib->resolve(a.processUtilization, {"nvmlDeviceGetProcessUtilization"});
    lib->resolve(a.ccCapabilities, {"nvmlSystemGetConfComputeCapabilities"});
    lib->resolve(a.ccState, {"nvmlSystemGetConfComputeState"});
    lib->resolve(a.ccGpusReady, {"nvmlSystemGetConfComputeGpusReadyState"});
    lib->resolve(a.ccAttestationReport, {"nvmlDeviceGetConfComputeGpuAttestationReport"});
    lib->resolve(a.ccCertificate, {"nvmlDeviceGetConfComputeGpuCertificate"});
    if ((!a.initWithFlags && !a.init) || !a.count || !a.handleByIndex) {
        return unexpected(QStringLiteral("%1 is not a usable NVML library (entry points missing)").arg(file));
    }
    // NO_GPUS: initialise even when no GPU (or only a broken one) is attached, so the driver and
    // its version can still be reported.
    const nvmlReturn_t rc = a.initWithFlags ? a.initWithFlags(kNvmlInitFlagNoGpus) : a.init();
    if (rc != NVML_SUCCESS) {
        a.shutdown = nullptr; // nothing to shut down
        return unexpected(rc == NVML_ERROR_DRIVER_NOT_LOADED
                ? QStringLiteral("the NVIDIA kernel driver is not loaded (reboot after installing it, or load nvidia)")
                : QStringLiteral("NVML could not start: %1").arg(a.error(rc)));
    }
    char version[96] = {};
    if (a.driverVersion && a.driverVersion(version, sizeof version) == NVML_SUCCESS)
        n->m_driverVersion = QString::fromUtf8(version);
    int cuda = 0;
    if (a.cudaDriverVersion && a.cudaDriverVersion(&cuda) == NVML_SUCCESS)
        n->m_cudaVersion = cuda;
    unsigned count = 0;
    if (a.count(&count) == NVML_SUCCESS)
        n->m_count = int(std::min(count, 64u));
    return n;
}

Expected<GpuInfo, QString> Nvml::device(int index) const
{
    const Api& a = *m_api;
    nvmlDevice_t dev = nullptr;
    if (const nvmlReturn_t rc = a.handleByIndex(unsigned(index), &dev); rc != NVML_SUCCESS)
        return unexpected(QStringLiteral("GPU %1: %2").arg(index).arg(a.error(rc)));
    GpuInfo g;
    g.index = index;
    const auto note = [&](const char* what, nvmlReturn_t rc) {
        g.unavailable << QStringLiteral("%1: %2").arg(QLatin1String(what), a.error(rc));
    };
    char text[96] = {};
    if (a.name) {
        if (auto rc = a.name(dev, text, sizeof text); rc == NVML_SUCCESS)
            g.name = QString::fromUtf8(text);
        else
            note("name", rc);
    }
    if (a.uuid) {
        if (auto rc = a.uuid(dev, text, sizeof text); rc == NVML_SUCCESS)
            g.uuid = QString::fromUtf8(text);
        else
            note("UUID", rc);
    }
    nvmlPciInfo_t pci {};
    if (a.pciInfo) {
        if (auto rc = a.pciInfo(dev, &pci); rc == NVML_SUCCESS)
            g.pciBusId = QString::fromUtf8(pci.busId, qsizetype(strnlen(pci.busId, sizeof pci.busId)));
        else
            note("PCI bus id", rc);
    }
    nvmlMemory_t mem {};
    if (a.memoryInfo) {
        if (auto rc = a.memoryInfo(dev, &mem); rc == NVML_SUCCESS) {
            g.vramTotalBytes = mem.total;
            g.vramFreeBytes = mem.free;
        } else {
            note("memory", rc);
        }
    }
    int major = 0, minor = 0;
    if (a.computeCapability) {
        if (auto rc = a.computeCapability(dev, &major, &minor); rc == NVML_SUCCESS) {
            g.computeMajor = major;
            g.computeMinor = minor;
        } else {
            note("compute capability", rc);
        }
    }
    unsigned mig = 0, pending = 0;
    if (a.migMode) {
        if (auto rc = a.migMode(dev, &mig, &pending); rc == NVML_SUCCESS)
            g.migEnabled = mig == 1;
        else
            note("MIG mode", rc);
    }
    return g;
}

CcState Nvml::confidentialComputing() const
{
    const Api& a = *m_api;
    CcState cc;
    nvmlConfComputeSystemCaps_t caps {};
    nvmlConfComputeSystemState_t state {};
    if (!a.ccCapabilities || !a.ccState) {
        cc.reason = QStringLiteral(
            "this NVIDIA driver has no confidential-computing interface (it needs driver 535 or newer)");
        return cc;
    }
    if (auto rc = a.ccCapabilities(&caps); rc != NVML_SUCCESS) {
        cc.reason = QStringLiteral("confidential-computing capabilities unavailable: %1").arg(a.error(rc));
        return cc;
    }
    if (auto rc = a.ccState(&state); rc != NVML_SUCCESS) {
        cc.reason = QStringLiteral("confidential-computing state unavailable: %1").arg(a.error(rc));
        return cc;
    }
    cc.known = true;
    static const char* tees[] = {"none", "AMD SEV", "Intel TDX", "AMD SEV-SNP", "AMD SEV-SNP (vTOM)"};
    cc.cpuTee = caps.cpuCaps < std::size(tees) ? QString::fromLatin1(tees[caps.cpuCaps])
                                               : QStringLiteral("unknown (%1)").arg(caps.cpuCaps);
    cc.gpusCapable = caps.gpusCaps == 1;
    cc.enabled = state.ccFeature == 1;
    cc.devToolsMode = state.devToolsMode == 1;
    unsigned ready = 0;
    cc.gpusReady = a.ccGpusReady && a.ccGpusReady(&ready) == NVML_SUCCESS && ready == 1;
    if (!cc.gpusCapable)
        cc.reason = QStringLiteral("the GPU does not support confidential computing (H100-class GPUs do)");
    else if (caps.cpuCaps == 0)
        cc.reason = QStringLiteral("the CPU is not running a confidential VM (AMD SEV-SNP or Intel TDX guest)");
    else if (!cc.enabled)
        cc.reason = QStringLiteral("CC mode is off: enable it with NVIDIA's gpu-admin-tools (--set-cc-mode on) on the "
                                   "host, then reset the GPU");
    else if (cc.devToolsMode)
        cc.reason = QStringLiteral("CC mode is in developer-tools mode, which is not a production TEE");
    else if (!cc.gpusReady)
        cc.reason = QStringLiteral("CC mode is on but the GPUs are not ready to accept work yet");
    return cc;
}

Expected<GpuAttestation, QString> Nvml::attestation(int index, const QByteArray& nonce) const
{
    const Api& a = *m_api;
    if (!a.ccAttestationReport || !a.ccCertificate) {
        return unexpected(QStringLiteral("this NVIDIA driver cannot produce GPU attestation reports (driver 535 or "
                                         "newer with confidential computing)"));
    }
    if (nonce.size() != 0x20) {
        return unexpected(QStringLiteral("the GPU attestation nonce must be 32 bytes"));
    }
    nvmlDevice_t dev = nullptr;
    if (const nvmlReturn_t rc = a.handleByIndex(unsigned(index), &dev); rc != NVML_SUCCESS) {
        return unexpected(QStringLiteral("GPU %1: %2").arg(index).arg(a.error(rc)));
    }
    // Large structs (12 KiB, 9 KiB): on the heap.
    auto report = std::make_unique<nvmlConfComputeGpuAttestationReport_t>();
    std::memcpy(report->nonce, nonce.constData(), 0x20);
    if (const nvmlReturn_t rc = a.ccAttestationReport(dev, report.get()); rc != NVML_SUCCESS) {
        return unexpected(QStringLiteral("GPU %1 gave no attestation report: %2 (it answers only in CC mode)")
                              .arg(index)
                              .arg(a.error(rc)));
    }
    auto cert = std::make_unique<nvmlConfComputeGpuCertificate_t>();
    if (const nvmlReturn_t rc = a.ccCertificate(dev, cert.get()); rc != NVML_SUCCESS) {
        return unexpected(QStringLiteral("GPU %1 gave no certificate chain: %2").arg(index).arg(a.error(rc)));
    }
    if (report->attestationReportSize > sizeof report->attestationReport
        || cert->attestationCertChainSize > sizeof cert->attestationCertChain
        || cert->certChainSize > sizeof cert->certChain) {
        return unexpected(QStringLiteral("GPU %1: the driver reported sizes larger than its buffers").arg(index));
    }
    GpuAttestation out;
    out.report = QByteArray(reinterpret_cast<const char*>(report->attestationReport), report->attestationReportSize);
    out.attestationCertChain
        = QByteArray(reinterpret_cast<const char*>(cert->attestationCertChain), cert->attestationCertChainSize);
    out.deviceCertChain = QByteArray(reinterpret_cast<const char*>(cert->certChain), cert->certChainSize);
    return out;
}

GpuTelemetry Nvml::telemetry(int index, const QSet<std::uint32_t>& ourPids) const
{
    const Api& a = *m_api;
    GpuTelemetry t;
    nvmlDevice_t dev = nullptr;
    if (const nvmlReturn_t rc = a.handleByIndex(unsigned(index), &dev); rc != NVML_SUCCESS) {
        t.unavailable << QStringLiteral("GPU %1: %2").arg(index).arg(a.error(rc));
        return t;
    }
    const auto note = [&](const char* what, nvmlReturn_t rc) {
        t.unavailable << QStringLiteral("%1: %2").arg(QLatin1String(what), a.error(rc));
    };
    const auto readUnsigned = [&](const char* what, auto fn, auto... args) -> std::optional<unsigned> {
        if (!fn) {
            t.unavailable << QStringLiteral("%1: not in this driver").arg(QLatin1String(what));
            return std::nullopt;
        }
        unsigned v = 0;
        if (auto rc = fn(dev, args..., &v); rc != NVML_SUCCESS) {
            note(what, rc);
            return std::nullopt;
        }
        return v;
    };

    nvmlUtilization_t util {};
    if (a.utilization && a.utilization(dev, &util) == NVML_SUCCESS)
        t.utilizationPercent = int(util.gpu);
    else
        t.unavailable << QStringLiteral("utilisation: not supported");
    nvmlMemory_t mem {};
    if (a.memoryInfo && a.memoryInfo(dev, &mem) == NVML_SUCCESS) {
        t.vramTotalBytes = mem.total;
        t.vramUsedBytes = mem.used;
    }
    if (auto v = readUnsigned("temperature", a.temperature, kNvmlTemperatureGpu))
        t.temperatureC = int(*v);
    if (auto v = readUnsigned("power draw", a.powerUsage))
        t.powerW = int((*v + 500) / 1000);
    if (auto v = readUnsigned("power limit", a.powerLimit))
        t.powerLimitW = int((*v + 500) / 1000);
    if (auto v = readUnsigned("SM clock", a.clock, kNvmlClockSm))
        t.smClockMHz = int(*v);
    if (auto v = readUnsigned("memory clock", a.clock, kNvmlClockMem))
        t.memoryClockMHz = int(*v);
    if (auto v = readUnsigned("fan", a.fanSpeed))
        t.fanPercent = int(*v);

    // VRAM per process: compute and graphics lists, ours vs everyone else's.
    std::uint64_t ours = 0, others = 0;
    bool listed = false, weRun = false;
    const auto account = [&](unsigned pid, unsigned long long used) {
        // NVML_VALUE_NOT_AVAILABLE (all ones) under WDDM or without permission: count nothing.
        const std::uint64_t bytes = used == ~0ull ? 0 : used;
        if (ourPids.contains(pid)) {
            ours += bytes;
            weRun = true;
        } else {
            others += bytes;
        }
    };
    for (auto fn : {a.computeProcesses, a.graphicsProcesses}) {
        if (!fn)
            continue;
        std::vector<nvmlProcessInfo_t> procs(64);
        unsigned n = unsigned(procs.size());
        nvmlReturn_t rc = fn(dev, &n, procs.data());
        if (rc == NVML_ERROR_INSUFFICIENT_SIZE) {
            procs.resize(n + 16);
            n = unsigned(procs.size());
            rc = fn(dev, &n, procs.data());
        }
        if (rc == NVML_SUCCESS) {
            listed = true;
            for (unsigned i = 0; i < n && i < procs.size(); ++i)
                account(procs[i].pid, procs[i].usedGpuMemory);
        }
    }
    if (!listed) {
        for (auto fn : {a.computeProcessesV1, a.graphicsProcessesV1}) {
            if (!fn)
                continue;
            std::vector<nvmlProcessInfo_v1_t> procs(128);
            unsigned n = unsigned(procs.size());
            if (fn(dev, &n, procs.data()) == NVML_SUCCESS) {
                listed = true;
                for (unsigned i = 0; i < n && i < procs.size(); ++i)
                    account(procs[i].pid, procs[i].usedGpuMemory);
            }
        }
    }
    if (listed) {
        t.vramUsedByUsBytes = ours;
        t.vramUsedByOthersBytes = others;
    } else {
        t.unavailable << QStringLiteral("per-process memory: not available (driver or permissions)");
    }

    // Utilisation per process since the last sample: ours vs everyone else's.
    bool perProcess = false;
    if (a.processUtilization) {
        unsigned n = 0;
        std::uint64_t& last = m_lastUtilSample[index];
        nvmlReturn_t rc = a.processUtilization(dev, nullptr, &n, last);
        if ((rc == NVML_ERROR_INSUFFICIENT_SIZE || rc == NVML_SUCCESS) && n > 0) {
            std::vector<nvmlProcessUtilizationSample_t> samples(n + 8);
            n = unsigned(samples.size());
            rc = a.processUtilization(dev, samples.data(), &n, last);
            if (rc == NVML_SUCCESS) {
                perProcess = true;
                int own = 0, other = 0;
                for (unsigned i = 0; i < n && i < samples.size(); ++i) {
                    (ourPids.contains(samples[i].pid) ? own : other) += int(samples[i].smUtil);
                    last = std::max<std::uint64_t>(last, samples[i].timeStamp);
                }
                t.ownUtilizationPercent = std::min(own, 100);
                t.otherUtilizationPercent = std::min(other, 100);
            }
        } else if (rc == NVML_ERROR_NOT_FOUND || (rc == NVML_SUCCESS && n == 0)) {
            perProcess = true; // no process used the GPU since the last sample
            t.ownUtilizationPercent = 0;
            t.otherUtilizationPercent = 0;
        }
    }
    if (!perProcess && t.utilizationPercent) {
        if (!weRun) {
            t.ownUtilizationPercent = 0; // nothing of ours is on the GPU: all the load is others'
            t.otherUtilizationPercent = t.utilizationPercent;
        } else {
            t.unavailable << QStringLiteral(
                "per-process utilisation: not supported; others' load unknown while we run");
        }
    }
    return t;
}

} // namespace cocoon::gpu
