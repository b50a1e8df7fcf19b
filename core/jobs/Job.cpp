#include "jobs/Job.h"

#include "common/Bytes.h"
#include "common/Hex.h"
#include "common/Logging.h"
#include "crypto/Envelope.h"

#include <thread>

namespace cocoon::jobs {
namespace {

std::uint64_t unixMs(const Clock& clock)
{
    return std::uint64_t(clock.nowUtc().toMSecsSinceEpoch());
}

} // namespace

Expected<std::unique_ptr<Job>, JobError> Job::prepare(
    const QByteArray& manifestBytes, const QByteArray& sealedInput, const JobContext& ctx)
{
    std::unique_ptr<Job> job(new Job());
    job->m_ctx = ctx;
    auto manifest = Manifest::decode(manifestBytes);
    if (!manifest)
        return unexpected(manifest.error());
    job->m_manifest = std::move(*manifest);
    const Manifest& m = job->m_manifest;
    job->m_manifestHash = sha256(manifestBytes);

    auto params = parseParams(m.kernel, m.params);
    if (!params)
        return unexpected(params.error());
    if (m.kernelVersion != kernels::kCatalogueVersion) {
        return unexpected(jobError(JobErrc::KernelVersion,
            QStringLiteral("%1 version %2 is not available; this node runs version %3")
                .arg(m.kernel)
                .arg(m.kernelVersion)
                .arg(kernels::kCatalogueVersion)));
    }
    job->m_params = std::move(*params);
    auto fp = checkLimits(job->m_params, ctx.limits, ctx.backend);
    if (!fp)
        return unexpected(fp.error());
    job->m_footprint = *fp;
    // A receipt carries amounts as CBOR integers (at most INT64_MAX): a job worth more could only
    // be signed with a clamped number nobody agreed to, so it is refused before it runs.
    if (fp->units > std::uint64_t(INT64_MAX) || m.priceFor(fp->units) > std::uint64_t(INT64_MAX)) {
        return unexpected(jobError(JobErrc::TooLarge,
            QStringLiteral("the job's price (%1 units at the manifest's terms) is beyond what a receipt can carry")
                .arg(fp->units)));
    }
    if (fp->inputBytes != m.inputLength) {
        return unexpected(jobError(JobErrc::InputMismatch,
            QStringLiteral("%1 with these parameters reads %2 bytes, but the manifest says %3")
                .arg(m.kernel)
                .arg(fp->inputBytes)
                .arg(m.inputLength)));
    }
    const QDateTime now = ctx.clock->nowUtc();
    if (m.deadline <= std::uint64_t(now.toSecsSinceEpoch())) {
        return unexpected(jobError(JobErrc::DeadlinePassed,
            QStringLiteral("the job's deadline (%1) has passed")
                .arg(QDateTime::fromSecsSinceEpoch(
                    qint64(std::min<std::uint64_t>(m.deadline, INT64_MAX / 1000)), Qt::UTC)
                         .toString(Qt::ISODate))));
    }
    if (m.minTier == Tier::Confidential && ctx.nodeTier != Tier::Confidential) {
        return unexpected(jobError(JobErrc::TierTooLow,
            QStringLiteral("the job needs the confidential tier; this node offers only "
                           "the sealed tier (no verified TEE and GPU CC mode)")));
    }

    // The sealed input: check its declared length against the manifest, then open it.
    auto header = envelope::Header::parse(asBytes(sealedInput));
    if (header && header->plaintextLen != m.inputLength) {
        return unexpected(jobError(JobErrc::InputMismatch,
            QStringLiteral("the sealed input holds %1 bytes, the manifest says %2")
                .arg(header->plaintextLen)
                .arg(m.inputLength)));
    }
    job->m_inputHash = sha256(sealedInput);
    auto input = envelope::open(
        asBytes(sealedInput), *ctx.sessionKey, QByteArrayLiteral("job-input"), toByteArray(job->m_manifestHash));
    if (!input) {
        log::get("core")->warn("job {}: sealed input rejected: {}", hex::encode(m.jobId).toStdString(),
            input.error().message.toStdString());
        return unexpected(jobError(JobErrc::InputRejected,
            QStringLiteral("the sealed input was rejected, nothing ran: ") + input.error().message));
    }
    job->m_input = std::move(*input);
    job->m_output = SecretBytes(std::size_t(fp->outputBytes));
    const auto in = std::span<const std::uint8_t>(job->m_input.data(), job->m_input.size());
    const auto out = std::span<std::uint8_t>(job->m_output.data(), job->m_output.size());
    if (ctx.backend == kernels::Backend::Cpu)
        job->m_scratch = SecretBytes(std::size_t(fp->scratchBytes));
    auto task = createTask(job->m_params, in, out,
        std::span<std::uint8_t>(job->m_scratch.data(), job->m_scratch.size()), ctx.backend, ctx.cudaDevice, ctx.models);
    if (!task)
        return unexpected(task.error());
    job->m_task = std::move(*task);
    log::get("core")->info("job {}: {} prepared on {} ({} steps, {} units)", hex::encode(m.jobId).toStdString(),
        m.kernel.toStdString(), job->m_task->device(), job->m_task->stepCount(), fp->units);
    return job;
}

std::size_t Job::stepCount() const
{
    return m_task ? m_task->stepCount() : 0;
}

QString Job::device() const
{
    return m_task ? QString::fromStdString(m_task->device()) : QString();
}

Job::State Job::run(Throttle& throttle, const std::atomic<bool>* cancel)
{
    if (m_state == State::Done || m_state == State::Cancelled || m_state == State::Failed) {
        return m_state;
    }
    if (m_startMs == 0) {
        m_startMs = unixMs(*m_ctx.clock);
    }
    std::chrono::microseconds last {0};
    const std::size_t steps = m_task->stepCount();
    while (m_next < steps && !m_task->finished()) {
        if (cancel && cancel->load()) {
            m_state = State::Cancelled;
            m_output.truncate(0);
            log::get("core")->info(
                "job {}: cancelled at step {}/{}", hex::encode(m_manifest.jobId).toStdString(), m_next, steps);
            return m_state;
        }
        const ThrottleDecision d = throttle.next({m_next, steps, last});
        if (d.kind == ThrottleDecision::Kind::Stop) {
            m_state = State::Stopped;
            m_stopReason = d.reason;
            return m_state;
        }
        if (d.kind == ThrottleDecision::Kind::Sleep && d.sleep.count() > 0) {
            if (m_ctx.sleep)
                m_ctx.sleep(d.sleep);
            else
                std::this_thread::sleep_for(d.sleep);
        }
        const auto t0 = m_ctx.clock->monotonic();
        std::string error;
        if (!m_task->runStep(m_next, error)) {
            m_state = State::Failed;
            m_failure = jobError(JobErrc::DeviceFailed,
                QStringLiteral("%1 failed at step %2: %3")
                    .arg(device())
                    .arg(m_next)
                    .arg(QString::fromStdString(error)));
            return m_state;
        }
        last = std::chrono::duration_cast<std::chrono::microseconds>(m_ctx.clock->monotonic() - t0);
        ++m_next;
        if (!flushStream())
            return m_state;
    }
    m_endMs = unixMs(*m_ctx.clock);
    m_state = State::Done;
    return m_state;
}

bool Job::flushStream()
{
    const auto streamed = m_task->streamed();
    if (streamed.size() <= m_streamed)
        return true;
    if (!m_stream)
        m_stream.emplace(m_manifest.replyKey, m_manifestHash);
    // Pieces of at most 512 KiB, so each chunk frame stays far below the relay's limit.
    constexpr std::size_t kPiece = 512 * 1024;
    while (m_streamed < streamed.size()) {
        const std::size_t n = std::min(kPiece, streamed.size() - m_streamed);
        auto sealed = m_stream->seal(streamed.subspan(m_streamed, n));
        if (!sealed) {
            m_state = State::Failed;
            m_failure = sealed.error();
            return false;
        }
        m_streamed += n;
        if (m_ctx.onChunk)
            m_ctx.onChunk(m_stream->count() - 1, *sealed);
    }
    return true;
}

void Job::releaseDevice()
{
    if (m_task)
        m_task->releaseDevice();
}

Expected<JobResult, JobError> Job::complete(JobStore& store)
{
    if (m_state != State::Done) {
        return unexpected(jobError(JobErrc::Cancelled, QStringLiteral("the job has not finished")));
    }
    envelope::SealParams params;
    params.recipient = m_manifest.replyKey;
    params.purpose = QByteArrayLiteral("job-output");
    params.contextAad = toByteArray(m_manifestHash);
    auto sealed = envelope::seal(params, m_output.span());
    if (!sealed) {
        return unexpected(jobError(JobErrc::InputMismatch,
            QStringLiteral("cannot seal the result to the owner's key: ") + sealed.error().message));
    }
    JobResult r;
    r.sealedOutput = std::move(*sealed);
    Receipt& rc = r.receipt;
    rc.jobId = m_manifest.jobId;
    rc.manifestHash = m_manifestHash;
    rc.inputHash = m_inputHash;
    rc.outputHash = sha256(r.sealedOutput);
    rc.kernel = m_manifest.kernel;
    rc.kernelVersion = m_manifest.kernelVersion;
    rc.backend = QLatin1String(kernels::backendName(m_ctx.backend));
    rc.device = device();
    // Kernels that count their work as they go (ai.generate's tokens) are metered on what ran,
    // never more than the catalogue's bound.
    rc.units = std::min(m_task->meteredUnits().value_or(m_footprint.units), m_footprint.units);
    rc.priceNano = m_manifest.priceFor(rc.units);
    if (m_stream) {
        rc.chunkCount = m_stream->count();
        rc.chunkChain = m_stream->chain();
    }
    rc.startMs = m_startMs;
    rc.endMs = m_endMs;
    rc.nodeKey = m_ctx.identity->publicKey();
    rc.evidenceHash = m_ctx.evidenceHash;
    r.signedReceipt = rc.sign(*m_ctx.identity);
    if (auto saved = store.persist(m_manifest.jobId, r.sealedOutput, r.signedReceipt); !saved) {
        return unexpected(saved.error());
    }
    m_output.truncate(0); // the plaintext result is no longer needed
    log::get("core")->info(
        "job {}: done, {} units, {} nanoTON", hex::encode(m_manifest.jobId).toStdString(), rc.units, rc.priceNano);
    return r;
}

} // namespace cocoon::jobs
