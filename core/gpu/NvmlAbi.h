#pragma once
// The part of NVML's C ABI this program uses, declared from NVIDIA's published API reference
// (docs.nvidia.com/deploy/nvml-api) because nvml.h ships only with the CUDA toolkit and the app
// must build without it. Layouts are fixed by NVIDIA's ABI promise; the static_asserts pin the
// sizes and offsets the reference gives. The fake library in tests/support/fake-nvml is built
// from this same file.
#include <cstddef>
#include <cstdint>

extern "C" {

typedef int nvmlReturn_t;
typedef struct nvmlDevice_st* nvmlDevice_t;

enum : int {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_FUNCTION_NOT_FOUND = 13,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_UNKNOWN = 999,
};

inline constexpr unsigned kNvmlInitFlagNoGpus = 1; ///< NVML_INIT_FLAG_NO_GPUS
inline constexpr unsigned kNvmlTemperatureGpu = 0; ///< NVML_TEMPERATURE_GPU
inline constexpr unsigned kNvmlClockSm = 1; ///< NVML_CLOCK_SM
inline constexpr unsigned kNvmlClockMem = 2; ///< NVML_CLOCK_MEM

struct nvmlPciInfo_t
{
    char busIdLegacy[16];
    unsigned domain;
    unsigned bus;
    unsigned device;
    unsigned pciDeviceId;
    unsigned pciSubSystemId;
    char busId[32];
};
static_assert(sizeof(nvmlPciInfo_t) == 68 && offsetof(nvmlPciInfo_t, busId) == 36);

struct nvmlMemory_t
{
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};

struct nvmlUtilization_t
{
    unsigned gpu;
    unsigned memory;
};

/// nvmlProcessInfo_v1_t (the un-suffixed process queries of old drivers).
struct nvmlProcessInfo_v1_t
{
    unsigned pid;
    unsigned long long usedGpuMemory;
};
/// nvmlProcessInfo_v2_t, also what the _v2 and _v3 process queries fill.
struct nvmlProcessInfo_t
{
    unsigned pid;
    unsigned long long usedGpuMemory;
    unsigned gpuInstanceId;
    unsigned computeInstanceId;
};
static_assert(sizeof(nvmlProcessInfo_v1_t) == 16 && sizeof(nvmlProcessInfo_t) == 24);

struct nvmlProcessUtilizationSample_t
{
    unsigned pid;
    unsigned long long timeStamp; ///< CPU time stamp, µs
    unsigned smUtil;
    unsigned memUtil;
    unsigned encUtil;
    unsigned decUtil;
};
static_assert(sizeof(nvmlProcessUtilizationSample_t) == 32);

struct nvmlConfComputeSystemCaps_t
{
    unsigned cpuCaps; ///< 0 none, 1 AMD SEV, 2 Intel TDX, 3 AMD SEV-SNP, 4 AMD SEV-SNP vTOM
    unsigned gpusCaps; ///< 0 not capable, 1 capable
};

struct nvmlConfComputeSystemState_t
{
    unsigned environment; ///< 0 unavailable, 1 simulated, 2 hardware
    unsigned ccFeature; ///< 0 disabled, 1 enabled
    unsigned devToolsMode; ///< 0 disabled, 1 enabled
};

/// nvmlDeviceGetConfComputeGpuAttestationReport (driver 535+): the caller fills `nonce`; the GPU
/// answers with its SPDM GET_MEASUREMENTS request ‖ signed MEASUREMENTS response.
struct nvmlConfComputeGpuAttestationReport_t
{
    unsigned isCecAttestationReportPresent;
    unsigned attestationReportSize;
    unsigned cecAttestationReportSize;
    unsigned char nonce[0x20];
    unsigned char attestationReport[0x2000];
    unsigned char cecAttestationReport[0x1000];
};
static_assert(sizeof(nvmlConfComputeGpuAttestationReport_t) == 12 + 0x20 + 0x2000 + 0x1000);

/// nvmlDeviceGetConfComputeGpuCertificate: the device certificate chain and the attestation
/// certificate chain (the one that signs the report).
struct nvmlConfComputeGpuCertificate_t
{
    unsigned certChainSize;
    unsigned attestationCertChainSize;
    unsigned char certChain[0x1000];
    unsigned char attestationCertChain[0x1400];
};
static_assert(sizeof(nvmlConfComputeGpuCertificate_t) == 8 + 0x1000 + 0x1400);

} // extern "C"
