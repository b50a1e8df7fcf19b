#include "jobs/LocalRun.h"

#include "Backend.h"

namespace cocoon::jobs {

Expected<LocalRunResult, JobError> runLocal(const kernels::Params& params, std::span<const std::uint8_t> input,
    kernels::Backend backend, const Clock& clock, const NodeLimits& baseLimits)
{
    NodeLimits limits = baseLimits;
    if (backend == kernels::Backend::Cuda) {
        std::string reason;
        const auto devices = kernels::cuda::probe(reason);
        if (devices.empty()) {
            return unexpected(
                jobError(JobErrc::BackendUnavailable, QStringLiteral("CUDA: ") + QString::fromStdString(reason)));
        }
        limits.vramBytes = devices.front().memoryBytes;
    }
    auto fp = checkLimits(params, limits, backend);
    if (!fp)
        return unexpected(fp.error());
    if (input.size() != fp->inputBytes) {
        return unexpected(jobError(JobErrc::InputMismatch,
            QStringLiteral("%1 with these parameters reads %2 bytes; the input has %3")
                .arg(QLatin1String(kernels::kernelName(params)))
                .arg(fp->inputBytes)
                .arg(input.size())));
    }
    LocalRunResult r;
    r.footprint = *fp;
    r.output = SecretBytes(std::size_t(fp->outputBytes));
    SecretBytes scratch(backend == kernels::Backend::Cpu ? std::size_t(fp->scratchBytes) : 0);
    const auto out = std::span<std::uint8_t>(r.output.data(), r.output.size());
    auto created = createTask(params, input, out, std::span<std::uint8_t>(scratch.data(), scratch.size()), backend, 0);
    if (!created)
        return unexpected(created.error());
    const std::unique_ptr<kernels::Task> task = std::move(*created);
    r.device = QString::fromStdString(task->device());
    r.steps = task->stepCount();
    const auto t0 = clock.monotonic();
    for (std::size_t i = 0; i < r.steps; ++i) {
        std::string error;
        if (!task->runStep(i, error)) {
            return unexpected(jobError(
                JobErrc::DeviceFailed, QStringLiteral("%1 failed: %2").arg(r.device, QString::fromStdString(error))));
        }
    }
    r.seconds = std::chrono::duration<double>(clock.monotonic() - t0).count();
    return r;
}

} // namespace cocoon::jobs
