#pragma once
// NVIDIA's management library, loaded at run time (libnvidia-ml.so.1; nvml.dll on Windows), never
// linked: a machine without the driver runs the app with "no NVIDIA driver" instead of failing to
// start. Versioned entry points are tried newest first with fallbacks to older ones, so old and new
// drivers both work. Every reading is optional; what could not be read says why.
#include "common/Expected.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>

namespace cocoon::gpu {

/// What NVML says about confidential computing on this machine (system-wide, driver ≥ 535).
struct CcState
{
    bool known = false; ///< false: the driver has no confidential-computing API
    QString cpuTee; ///< "none", "AMD SEV", "Intel TDX", "AMD SEV-SNP", "AMD SEV-SNP (vTOM)"
    bool gpusCapable = false;
    bool enabled = false; ///< CC mode on
    bool devToolsMode = false; ///< CC in developer mode: not a production TEE
    bool gpusReady = false; ///< the GPUs accept work in CC mode
    QString reason; ///< when not known or not enabled: why, in words a person can act on
};

/// A GPU's own confidential-computing evidence, as NVML hands it over.
struct GpuAttestation
{
    QByteArray report; ///< SPDM GET_MEASUREMENTS request ‖ signed response
    QByteArray attestationCertChain; ///< the chain that signs the report (leaf first)
    QByteArray deviceCertChain;
};

struct GpuInfo
{
    int index = 0; ///< NVML index (PCI bus order)
    QString name;
    QString uuid; ///< "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
    QString pciBusId; ///< "00000000:01:00.0"
    std::optional<std::uint64_t> vramTotalBytes;
    std::optional<std::uint64_t> vramFreeBytes;
    std::optional<int> computeMajor, computeMinor;
    std::optional<bool> migEnabled;
    QStringList unavailable; ///< "MIG mode: not supported", ...
};

struct GpuTelemetry
{
    std::optional<int> utilizationPercent; ///< whole GPU
    std::optional<int> ownUtilizationPercent; ///< our processes
    std::optional<int> otherUtilizationPercent; ///< everyone else
    std::optional<std::uint64_t> vramTotalBytes;
    std::optional<std::uint64_t> vramUsedBytes;
    std::optional<std::uint64_t> vramUsedByUsBytes;
    std::optional<std::uint64_t> vramUsedByOthersBytes;
    std::optional<int> temperatureC;
    std::optional<int> powerW;
    std::optional<int> powerLimitW;
    std::optional<int> smClockMHz;
    std::optional<int> memoryClockMHz;
    std::optional<int> fanPercent;
    QStringList unavailable; ///< what could not be read, and why
};

class Nvml
{
public:
    ~Nvml();
    Nvml(const Nvml&) = delete;
    Nvml& operator=(const Nvml&) = delete;

    /// Loads and initialises NVML (without touching GPUs that are missing or broken). `library`
    /// overrides the file name (tests load a fake built the same way).
    static Expected<std::unique_ptr<Nvml>, QString> open(const QString& library = {});

    QString driverVersion() const { return m_driverVersion; }
    /// e.g. 12040 for CUDA 12.4, as the driver reports it.
    std::optional<int> cudaDriverVersion() const { return m_cudaVersion; }
    int deviceCount() const { return m_count; }
    Expected<GpuInfo, QString> device(int index) const;
    CcState confidentialComputing() const;
    /// GPU `index`'s signed report for `nonce` (32 bytes, chosen by the verifier) and its
    /// certificates. Only GPUs in CC mode answer; the error says why not.
    Expected<GpuAttestation, QString> attestation(int index, const QByteArray& nonce) const;
    /// One telemetry sample; processes in `ourPids` count as ours.
    GpuTelemetry telemetry(int index, const QSet<std::uint32_t>& ourPids) const;

private:
    struct Api;
    Nvml() = default;

    std::unique_ptr<Api> m_api;
    QString m_driverVersion;
    std::optional<int> m_cudaVersion;
    int m_count = 0;
    mutable std::map<int, std::uint64_t> m_lastUtilSample; ///< per device: newest process sample seen
};

} // namespace cocoon::gpu
