// A stand-in for libnvidia-ml.so.1 on machines without an NVIDIA GPU: the same C entry points,
// declared from the same ABI file the app uses (core/gpu/NvmlAbi.h), answering with two scripted
// GPUs — a data-centre GPU in confidential-computing mode running one of our processes and
// someone else's, and a gaming GPU busy with a game. Loaded by tests exactly as the real library
// is (dlopen by path). FAKE_NVML_SCENARIO=driver-not-loaded|no-gpus changes the story;
// FAKE_NVML_OUR_PID names the process that counts as "ours"; while the file FAKE_NVML_GAME_FILE
// names exists, someone else's process on GPU 0 plays a game (90 % of its SMs). Built twice: the legacy variant
// exports only the old, un-versioned entry points of drivers before 450.
#include "gpu/NvmlAbi.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

struct Proc
{
    unsigned pid;
    unsigned long long bytes;
    unsigned sm;
    bool graphics;
};

struct Gpu
{
    const char* name;
    const char* uuid;
    const char* busId;
    unsigned long long total, used;
    int major, minor;
    int mig; ///< -1 not supported
    unsigned util, temp, powerMw, limitMw, smClock, memClock;
    int fan; ///< -1 not supported
    Proc procs[2];
};

constexpr unsigned long long GiB = 1ull << 30;
Gpu g_gpus[2] = {
    {"NVIDIA H100 80GB HBM3", "GPU-0e0f1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b", "00000000:17:00.0", 80 * GiB, 3 * GiB, 9, 0,
        0, 40, 55, 310400, 700000, 1980, 2619, -1, {{0, 1 * GiB, 30, false}, {4242, 2 * GiB, 10, false}}},
    {"NVIDIA GeForce RTX 4070", "GPU-77aa88bb-99cc-4dd0-8ee1-f2a3b4c5d6e7", "00000000:01:00.0", 12 * GiB, 9 * GiB, 8, 9,
        -1, 85, 71, 180000, 200000, 2475, 10501, 60, {{777, 8 * GiB, 85, true}, {778, 0, 0, true}}},
};

std::string scenario()
{
    const char* s = std::getenv("FAKE_NVML_SCENARIO");
    return s ? s : "";
}

unsigned ourPid()
{
    const char* s = std::getenv("FAKE_NVML_OUR_PID");
    return s ? unsigned(std::strtoul(s, nullptr, 10)) : 1;
}

Gpu* gpu(nvmlDevice_t d)
{
    for (Gpu& g : g_gpus) {
        if (reinterpret_cast<nvmlDevice_t>(&g) == d)
            return &g;
    }
    return nullptr;
}

nvmlReturn_t copy(char* out, unsigned size, const char* text)
{
    if (std::strlen(text) + 1 > size)
        return NVML_ERROR_INSUFFICIENT_SIZE;
    std::strcpy(out, text);
    return NVML_SUCCESS;
}

/// A process's SM share now: GPU 0's other process plays a game while the game file exists.
unsigned smOf(const Gpu& g, const Proc& p)
{
    const char* file = std::getenv("FAKE_NVML_GAME_FILE");
    if (&g == &g_gpus[0] && p.pid == 4242 && file && *file) {
        struct stat st;
        return ::stat(file, &st) == 0 ? 90 : p.sm;
    }
    return p.sm;
}

unsigned pidOf(const Proc& p)
{
    return p.pid == 0 ? ourPid() : p.pid;
}

template <typename Info>
nvmlReturn_t processes(nvmlDevice_t d, unsigned* count, Info* infos, bool graphics)
{
    Gpu* g = gpu(d);
    if (!g || !count)
        return NVML_ERROR_INVALID_ARGUMENT;
    unsigned n = 0;
    for (const Proc& p : g->procs)
        n += (p.graphics == graphics && (p.bytes || p.pid)) ? 1 : 0;
    if (*count < n) {
        *count = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned i = 0;
    for (const Proc& p : g->procs) {
        if (p.graphics != graphics || !(p.bytes || p.pid))
            continue;
        std::memset(&infos[i], 0, sizeof(Info));
        infos[i].pid = pidOf(p);
        infos[i].usedGpuMemory = p.bytes;
        ++i;
    }
    *count = n;
    return NVML_SUCCESS;
}

nvmlReturn_t handle(unsigned i, nvmlDevice_t* d)
{
    if (i >= 2 || scenario() == "no-gpus")
        return NVML_ERROR_INVALID_ARGUMENT;
    *d = reinterpret_cast<nvmlDevice_t>(&g_gpus[i]);
    return NVML_SUCCESS;
}

nvmlReturn_t startUp()
{
    return scenario() == "driver-not-loaded" ? NVML_ERROR_DRIVER_NOT_LOADED : NVML_SUCCESS;
}

} // namespace

FAKE_EXPORT const char* nvmlErrorString(nvmlReturn_t rc)
{
    switch (rc) {
    case NVML_ERROR_NOT_SUPPORTED:
        return "Not Supported";
    case NVML_ERROR_DRIVER_NOT_LOADED:
        return "Driver Not Loaded";
    case NVML_ERROR_INSUFFICIENT_SIZE:
        return "Insufficient Size";
    default:
        return "Unknown Error";
    }
}
FAKE_EXPORT nvmlReturn_t nvmlShutdown()
{
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char* v, unsigned n)
{
    return copy(v, n, "580.95.05");
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char* v, unsigned n)
{
    return gpu(d) ? copy(v, n, gpu(d)->name) : NVML_ERROR_INVALID_ARGUMENT;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char* v, unsigned n)
{
    return gpu(d) ? copy(v, n, gpu(d)->uuid) : NVML_ERROR_INVALID_ARGUMENT;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t* m)
{
    Gpu* g = gpu(d);
    if (!g)
        return NVML_ERROR_INVALID_ARGUMENT;
    *m = {g->total, g->total - g->used, g->used};
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t* u)
{
    Gpu* g = gpu(d);
    if (!g)
        return NVML_ERROR_INVALID_ARGUMENT;
    *u = {g->util, 20};
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t d, unsigned, unsigned* t)
{
    return gpu(d) ? (*t = gpu(d)->temp, NVML_SUCCESS) : NVML_ERROR_INVALID_ARGUMENT;
}

#ifdef FAKE_NVML_LEGACY

FAKE_EXPORT nvmlReturn_t nvmlInit()
{
    return startUp();
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetCount(unsigned* n)
{
    *n = scenario() == "no-gpus" ? 0 : 2;
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex(unsigned i, nvmlDevice_t* d)
{
    return handle(i, d);
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t d, unsigned* n, nvmlProcessInfo_v1_t* p)
{
    return processes(d, n, p, false);
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses(nvmlDevice_t d, unsigned* n, nvmlProcessInfo_v1_t* p)
{
    return processes(d, n, p, true);
}

#else

FAKE_EXPORT nvmlReturn_t nvmlInitWithFlags(unsigned)
{
    return startUp();
}
FAKE_EXPORT nvmlReturn_t nvmlInit_v2()
{
    return startUp();
}
FAKE_EXPORT nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int* v)
{
    return *v = 13000, NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned* n)
{
    *n = scenario() == "no-gpus" ? 0 : 2;
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned i, nvmlDevice_t* d)
{
    return handle(i, d);
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t d, nvmlPciInfo_t* p)
{
    Gpu* g = gpu(d);
    if (!g)
        return NVML_ERROR_INVALID_ARGUMENT;
    std::memset(p, 0, sizeof *p);
    std::strcpy(p->busId, g->busId);
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetCudaComputeCapability(nvmlDevice_t d, int* major, int* minor)
{
    Gpu* g = gpu(d);
    return g ? (*major = g->major, *minor = g->minor, NVML_SUCCESS) : NVML_ERROR_INVALID_ARGUMENT;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t d, unsigned* current, unsigned* pending)
{
    Gpu* g = gpu(d);
    if (!g || g->mig < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    *current = *pending = unsigned(g->mig);
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned* mw)
{
    return gpu(d) ? (*mw = gpu(d)->powerMw, NVML_SUCCESS) : NVML_ERROR_INVALID_ARGUMENT;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned* mw)
{
    return gpu(d) ? (*mw = gpu(d)->limitMw, NVML_SUCCESS) : NVML_ERROR_INVALID_ARGUMENT;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t d, unsigned which, unsigned* mhz)
{
    Gpu* g = gpu(d);
    return g ? (*mhz = which == kNvmlClockSm ? g->smClock : g->memClock, NVML_SUCCESS) : NVML_ERROR_INVALID_ARGUMENT;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t d, unsigned* pct)
{
    Gpu* g = gpu(d);
    if (!g || g->fan < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    *pct = unsigned(g->fan);
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned* n, nvmlProcessInfo_t* p)
{
    return processes(d, n, p, false);
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t d, unsigned* n, nvmlProcessInfo_t* p)
{
    return processes(d, n, p, true);
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetProcessUtilization(
    nvmlDevice_t d, nvmlProcessUtilizationSample_t* s, unsigned* n, unsigned long long lastSeen)
{
    Gpu* g = gpu(d);
    if (!g || !n)
        return NVML_ERROR_INVALID_ARGUMENT;
    // Each sample is stamped 1000 µs after the previous call's newest: a caller that passes back
    // the newest time stamp it saw always gets fresh samples, one that does not gets them again.
    unsigned count = 0;
    for (const Proc& p : g->procs)
        count += smOf(*g, p) ? 1 : 0;
    if (!s || *n < count) {
        *n = count;
        return count ? NVML_ERROR_INSUFFICIENT_SIZE : NVML_ERROR_NOT_FOUND;
    }
    unsigned i = 0;
    for (const Proc& p : g->procs) {
        if (!smOf(*g, p))
            continue;
        s[i] = {pidOf(p), lastSeen + 1000, smOf(*g, p), 5, 0, 0};
        ++i;
    }
    *n = count;
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlSystemGetConfComputeCapabilities(nvmlConfComputeSystemCaps_t* c)
{
    *c = {2, 1}; // Intel TDX guest, capable GPUs
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlSystemGetConfComputeState(nvmlConfComputeSystemState_t* s)
{
    *s = {2, 1, 0}; // hardware, CC on, not developer mode
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlSystemGetConfComputeGpusReadyState(unsigned* ready)
{
    return *ready = 1, NVML_SUCCESS;
}

// The GPU's own evidence. The fake cannot sign, so the H100 answers with a real Hopper report and
// chain read from files (FAKE_NVML_GPU_REPORT: hex text, FAKE_NVML_GPU_CHAIN: PEM) — the nonce in
// it is the one that report was made for, not the caller's, exactly what a replayed report looks
// like. The gaming GPU has no CC mode and refuses.
namespace {
std::string slurp(const char* env)
{
    const char* path = std::getenv(env);
    if (!path)
        return {};
    std::string out;
    if (FILE* f = std::fopen(path, "rb")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
            out.append(buf, n);
        std::fclose(f);
    }
    return out;
}
} // namespace
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetConfComputeGpuAttestationReport(
    nvmlDevice_t d, nvmlConfComputeGpuAttestationReport_t* r)
{
    if (gpu(d) != &g_gpus[0])
        return NVML_ERROR_NOT_SUPPORTED;
    const std::string hex = slurp("FAKE_NVML_GPU_REPORT");
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        if (hex[i] == '\n' || hex[i] == ' ') {
            --i;
            continue;
        }
        bytes.push_back(char(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    if (bytes.empty() || bytes.size() > sizeof r->attestationReport)
        return NVML_ERROR_NOT_SUPPORTED;
    std::memcpy(r->attestationReport, bytes.data(), bytes.size());
    r->attestationReportSize = unsigned(bytes.size());
    r->isCecAttestationReportPresent = 0;
    r->cecAttestationReportSize = 0;
    return NVML_SUCCESS;
}
FAKE_EXPORT nvmlReturn_t nvmlDeviceGetConfComputeGpuCertificate(nvmlDevice_t d, nvmlConfComputeGpuCertificate_t* c)
{
    if (gpu(d) != &g_gpus[0])
        return NVML_ERROR_NOT_SUPPORTED;
    const std::string pem = slurp("FAKE_NVML_GPU_CHAIN");
    if (pem.empty() || pem.size() > sizeof c->attestationCertChain)
        return NVML_ERROR_NOT_SUPPORTED;
    std::memcpy(c->attestationCertChain, pem.data(), pem.size());
    c->attestationCertChainSize = unsigned(pem.size());
    c->certChainSize = 0;
    return NVML_SUCCESS;
}

#endif
