#pragma once
// The kernel catalogue as jobs see it: parameter schemas (CBOR maps with known keys only),
// limits, and conversion into kernels::Params. See docs/protocol.md, "Kernel catalogue v1".
#include "Kernels.h"
#include "jobs/JobError.h"

#include <QCborMap>
#include <QJsonObject>
#include <QStringList>

#include <functional>

namespace cocoon::jobs {

/// The catalogue's kernel names.
QStringList catalogueKernels();

/// Validates `params` for `kernel` against its schema and per-kernel limits.
Expected<kernels::Params, JobError> parseParams(const QString& kernel, const QCborMap& params);

/// Turns JSON (as typed on a command line) into the CBOR map a manifest carries: integral
/// numbers become integers; fractional numbers are refused (no floats in manifests).
Expected<QCborMap, JobError> paramsFromJson(const QByteArray& json);

/// The media.transcode parameters that describe an input (input_bytes, src_width, src_height,
/// frames, duration_ms), from what kernels::probeMedia() found in it.
QCborMap declaredMedia(const kernels::MediaInfo& info, std::uint64_t inputBytes);

/// What this node accepts.
struct NodeLimits
{
    std::uint64_t maxInputBytes = 1ull << 30;
    std::uint64_t maxOutputBytes = 1ull << 30;
    std::uint64_t maxHostBytes = 4ull << 30; ///< input + output + scratch in RAM
    std::uint64_t vramBytes = 0; ///< free VRAM budget of the chosen GPU (0: none)
};

/// The file of the model with this SHA-256 when this node serves it (ai.generate), else nullopt.
using ModelLookup = std::function<std::optional<std::string>(const std::array<std::uint8_t, 32>&)>;

/// The task for `params` over caller-owned buffers on `backend` (`cudaDevice` for CUDA): a refused
/// media input or chat is BadInput, a model this node does not serve (or whose file fails its
/// checks) ModelUnavailable, an unusable GPU BackendUnavailable.
Expected<std::unique_ptr<kernels::Task>, JobError> createTask(const kernels::Params& params,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, std::span<std::uint8_t> scratch,
    kernels::Backend backend, int cudaDevice, const ModelLookup& models = {});

/// The footprint, or TooLarge with the number that does not fit.
Expected<kernels::Footprint, JobError> checkLimits(
    const kernels::Params& params, const NodeLimits& limits, kernels::Backend backend);

} // namespace cocoon::jobs
