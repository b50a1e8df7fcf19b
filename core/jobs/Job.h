#pragma once
// One sealed job on this node, from manifest to signed receipt:
//   prepare()  — decode and validate the manifest (schema, node limits, deadline, tier), check the
//                sealed input matches it, open the input into locked memory (a tampered input is
//                rejected here and nothing runs), create the task on the chosen backend;
//   run()      — execute steps, asking the Throttle between steps (continue, sleep, stop);
//                stopping keeps progress, a later run() resumes; cancellation discards it;
//   complete() — seal the output to the owner's reply key, sign the receipt, persist both, and
//                only then return the result.
#include "Kernels.h"
#include "common/Clock.h"
#include "crypto/Ed25519.h"
#include "crypto/SecretBytes.h"
#include "crypto/X25519.h"
#include "jobs/Catalogue.h"
#include "jobs/JobStore.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"
#include "jobs/Stream.h"
#include "jobs/Throttle.h"

#include <atomic>
#include <functional>
#include <memory>

namespace cocoon::jobs {

struct JobContext
{
    const X25519PrivateKey* sessionKey = nullptr; ///< the key owners seal job inputs to
    const Ed25519PrivateKey* identity = nullptr; ///< signs receipts
    const Clock* clock = nullptr;
    NodeLimits limits;
    Tier nodeTier = Tier::Sealed;
    kernels::Backend backend = kernels::Backend::Cpu;
    int cudaDevice = 0;
    QByteArray evidenceHash;
    /// How the worker waits when the throttle says Sleep (tests record instead of sleeping).
    std::function<void(std::chrono::microseconds)> sleep;
    /// The models this node serves (ai.generate).
    ModelLookup models;
    /// Streamed results: called on the running thread with each sealed chunk, in order
    /// (jobs/Stream.h); the receipt covers every chunk passed here.
    std::function<void(std::uint32_t index, const QByteArray& sealedChunk)> onChunk;
};

struct JobResult
{
    QByteArray sealedOutput;
    QByteArray signedReceipt;
    Receipt receipt;
};

class Job
{
public:
    enum class State { Ready, Stopped, Done, Cancelled, Failed };

    static Expected<std::unique_ptr<Job>, JobError> prepare(
        const QByteArray& manifestBytes, const QByteArray& sealedInput, const JobContext& context);

    /// Runs until done, stopped by the throttle, cancelled, or failed. Call again to resume.
    State run(Throttle& throttle, const std::atomic<bool>* cancel = nullptr);
    /// Seals, signs and persists a Done job's result.
    Expected<JobResult, JobError> complete(JobStore& store);
    /// Gives the GPU's memory back while paused (the next run() restores it).
    void releaseDevice();

    State state() const { return m_state; }
    const Manifest& manifest() const { return m_manifest; }
    const kernels::Footprint& footprint() const { return m_footprint; }
    std::size_t nextStep() const { return m_next; }
    std::size_t stepCount() const;
    QString stopReason() const { return m_stopReason; }
    const std::optional<JobError>& failure() const { return m_failure; }
    QString device() const;

private:
    Job() = default;
    /// Seals and hands out what the task's stream gained since the last call.
    bool flushStream();

    JobContext m_ctx;
    Manifest m_manifest;
    Sha256 m_manifestHash {};
    Sha256 m_inputHash {};
    kernels::Params m_params;
    kernels::Footprint m_footprint;
    SecretBytes m_input;
    SecretBytes m_output;
    SecretBytes m_scratch;
    std::unique_ptr<kernels::Task> m_task;
    std::size_t m_next = 0;
    State m_state = State::Ready;
    QString m_stopReason;
    std::optional<JobError> m_failure;
    std::uint64_t m_startMs = 0;
    std::uint64_t m_endMs = 0;
    std::optional<stream::Sealer> m_stream;
    std::size_t m_streamed = 0;
};

} // namespace cocoon::jobs
