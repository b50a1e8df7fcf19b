// The full lifecycle of a sealed job: owner seals -> Job prepares, runs sliced, seals, signs,
// persists -> owner opens and verifies. Every validation rejection; tampering; cancellation;
// stop/resume and duty-cycle sleeps with a scripted throttle (no real sleeping).
#include "Backend.h"
#include "JobSamples.h"
#include "KernelCases.h"
#include "ManualClock.h"
#include "MediaClips.h"
#include "TestSupport.h"
#include "common/Hex.h"
#include "crypto/Envelope.h"
#include "jobs/Job.h"
#include "jobs/Owner.h"

#include <QCborArray>
#include <QDir>
#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::jobs;
using cocoon::test::bytes;
using cocoon::test::Sample;
using cocoon::test::samples;

Q_DECLARE_METATYPE(cocoon::jobs::JobErrc)

namespace {

/// A throttle that follows a script: decision per step index (default: continue).
class ScriptedThrottle final : public Throttle
{
public:
    std::map<std::size_t, ThrottleDecision> script;
    std::vector<std::size_t> asked;
    ThrottleDecision next(const ThrottleQuery& q) override
    {
        asked.push_back(q.nextStep);
        auto it = script.find(q.nextStep);
        if (it == script.end())
            return ThrottleDecision::proceed();
        ThrottleDecision d = it->second;
        script.erase(it); // one-shot: resuming continues past it
        return d;
    }
};

struct Fixture
{
    test::ManualClock clock;
    X25519PrivateKey session = *X25519PrivateKey::generate();
    X25519PrivateKey owner = *X25519PrivateKey::generate();
    Ed25519PrivateKey identity = *Ed25519PrivateKey::generate();
    QTemporaryDir dir;
    DirectoryJobStore store {dir.filePath("results")};
    std::vector<std::chrono::microseconds> slept;

    JobContext context()
    {
        JobContext c;
        c.sessionKey = &session;
        c.identity = &identity;
        c.clock = &clock;
        c.sleep = [this](std::chrono::microseconds d) { slept.push_back(d); };
        return c;
    }
    std::uint64_t deadline() const { return std::uint64_t(clock.nowUtc().toSecsSinceEpoch()) + 3600; }
    PreparedJob prepare(const QString& kernel, const QCborMap& params, const QByteArray& input)
    {
        auto p = prepareJob(kernel, params,
            {reinterpret_cast<const unsigned char*>(input.constData()), std::size_t(input.size())}, session.publicKey(),
            owner.publicKey(), deadline(), 2, 1000000000);
        if (!p)
            qFatal("prepareJob: %s", qPrintable(p.error().message));
        return std::move(*p);
    }
};

} // namespace

class TestJob : public QObject
{
    Q_OBJECT
private slots:
    void endToEnd_data()
    {
        QTest::addColumn<int>("index");
        const auto s = samples();
        for (std::size_t i = 0; i < s.size(); ++i)
            QTest::addRow("%s-%d", qPrintable(s[i].kernel), int(i)) << int(i);
    }
    void endToEnd()
    {
        QFETCH(int, index);
        const Sample s = samples()[std::size_t(index)];
        Fixture f;
        const PreparedJob pj = f.prepare(s.kernel, s.params, s.input);
        auto job = Job::prepare(pj.manifestBytes, pj.sealedInput, f.context());
        QVERIFY2(job, job ? "" : qPrintable(job.error().message));
        AlwaysRun always;
        QCOMPARE((*job)->run(always), Job::State::Done);
        f.clock.advance(std::chrono::milliseconds(1500));
        auto result = (*job)->complete(f.store);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));

        // Persisted before complete() returned: sealed output and receipt on disk, no plaintext.
        QFile out(f.store.outputPath(pj.manifest.jobId)), rec(f.store.receiptPath(pj.manifest.jobId));
        QVERIFY(out.open(QIODevice::ReadOnly) && rec.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll(), result->sealedOutput);
        QCOMPARE(rec.readAll(), result->signedReceipt);

        // The owner opens it; it equals running the kernel locally; the receipt checks out.
        Receipt receipt;
        auto plain = openResult(pj, result->sealedOutput, result->signedReceipt, f.owner, &receipt);
        QVERIFY2(plain, plain ? "" : qPrintable(plain.error().message));
        const QByteArray in = s.input;
        auto local = test::runKernel(s.typed, std::vector<std::uint8_t>(in.begin(), in.end()), kernels::Backend::Cpu);
        QCOMPARE(plain->toByteArray(), bytes(local->output));
        const auto fp = kernels::footprint(s.typed);
        QCOMPARE(receipt.units, fp->units);
        QCOMPARE(receipt.priceNano, fp->units * 2);
        QCOMPARE(receipt.kernel, s.kernel);
        QCOMPARE(receipt.backend, QStringLiteral("cpu"));
        QCOMPARE(receipt.nodeKey, f.identity.publicKey());
        QVERIFY(receipt.endMs >= receipt.startMs);
    }

    void rejections_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<JobErrc>("code");
        QTest::newRow("unknown kernel") << "unknown-kernel" << JobErrc::UnknownKernel;
        QTest::newRow("media that is not a media file") << "media-garbage" << JobErrc::BadInput;
        QTest::newRow("unknown parameter") << "unknown-param" << JobErrc::BadParams;
        QTest::newRow("parameter out of range") << "param-range" << JobErrc::BadParams;
        QTest::newRow("parameter of wrong type") << "param-type" << JobErrc::BadParams;
        QTest::newRow("MLP layers do not chain") << "layers-chain" << JobErrc::BadParams;
        QTest::newRow("convert without rgba8") << "convert-yuv-yuv" << JobErrc::BadParams;
        QTest::newRow("kernel version") << "kver" << JobErrc::KernelVersion;
        QTest::newRow("manifest length differs from params") << "in-len" << JobErrc::InputMismatch;
        QTest::newRow("input beyond node limit") << "too-large" << JobErrc::TooLarge;
        QTest::newRow("VRAM would not fit") << "vram" << JobErrc::TooLarge;
        QTest::newRow("byte counts near 2^63") << "overflow" << JobErrc::TooLarge;
        QTest::newRow("price beyond INT64_MAX") << "price" << JobErrc::TooLarge;
        QTest::newRow("deadline passed") << "deadline" << JobErrc::DeadlinePassed;
        QTest::newRow("confidential tier required") << "tier" << JobErrc::TierTooLow;
        QTest::newRow("sealed input tampered") << "tamper" << JobErrc::InputRejected;
        QTest::newRow("sealed input for another manifest") << "other-manifest" << JobErrc::InputRejected;
        QTest::newRow("sealed input to another node") << "other-node" << JobErrc::InputRejected;
        QTest::newRow("sealed input of another length") << "other-length" << JobErrc::InputMismatch;
        QTest::newRow("sealed input truncated") << "truncated" << JobErrc::InputRejected;
        QTest::newRow("manifest not canonical") << "non-canonical" << JobErrc::NotCanonical;
    }
    void rejections()
    {
        QFETCH(QString, mutation);
        QFETCH(JobErrc, code);
        Fixture f;
        const QCborMap resize {
            {"src_width", 4}, {"src_height", 4}, {"width", 2}, {"height", 2}, {"format", "gray8"}, {"filter", "area"}};
        const QByteArray input(16, 'a');
        PreparedJob pj = f.prepare("media.resize", resize, input);
        JobContext ctx = f.context();
        auto remake = [&](const std::function<void(Manifest&)>& change) {
            change(pj.manifest);
            pj.manifestBytes = pj.manifest.encode();
            // Re-seal for the changed manifest so that only the change is wrong.
            auto again
                = prepareJob("media.resize", resize, {reinterpret_cast<const unsigned char*>(input.constData()), 16},
                    f.session.publicKey(), f.owner.publicKey(), f.deadline());
            envelope::SealParams sp;
            sp.recipient = f.session.publicKey();
            sp.purpose = "job-input";
            const Sha256 h = sha256(pj.manifestBytes);
            sp.contextAad = QByteArray(reinterpret_cast<const char*>(h.data()), 32);
            QByteArray padded = input;
            padded.resize(qsizetype(pj.manifest.inputLength), 'a');
            pj.sealedInput = *envelope::seal(
                sp, {reinterpret_cast<const unsigned char*>(padded.constData()), std::size_t(padded.size())});
        };
        if (mutation == "unknown-kernel")
            remake([](Manifest& m) { m.kernel = "crypto.mine"; });
        else if (mutation == "unknown-param")
            remake([](Manifest& m) { m.params.insert(QStringLiteral("shader"), "evil"); });
        else if (mutation == "param-range")
            remake([](Manifest& m) { m.params.insert(QStringLiteral("width"), 0); });
        else if (mutation == "param-type")
            remake([](Manifest& m) { m.params.insert(QStringLiteral("filter"), 3); });
        else if (mutation == "layers-chain")
            remake([](Manifest& m) {
                m.kernel = "ai.mlp";
                m.params = QCborMap {
                    {"layers", QCborArray {QCborMap {{"in", 2}, {"out", 3}}, QCborMap {{"in", 4}, {"out", 1}}}},
                    {"batch", 1}};
            });
        else if (mutation == "convert-yuv-yuv")
            remake([](Manifest& m) {
                m.kernel = "media.convert";
                m.params = QCborMap {{"width", 2}, {"height", 2}, {"from", "nv12"}, {"to", "i420"}};
            });
        else if (mutation == "media-garbage")
            remake([](Manifest& m) {
                m.kernel = "media.transcode";
                m.params = QCborMap {{"input_bytes", 16}, {"src_width", 320}, {"src_height", 240}, {"frames", 50},
                    {"duration_ms", 2000}};
            });
        else if (mutation == "kver")
            remake([](Manifest& m) { m.kernelVersion = 2; });
        else if (mutation == "price")
            remake([](Manifest& m) { m.pricePerUnitNano = std::uint64_t(INT64_MAX) / 2; }); // × 4 units
        else if (mutation == "in-len")
            remake([](Manifest& m) { m.inputLength = 17; });
        else if (mutation == "too-large")
            ctx.limits.maxInputBytes = 15;
        else if (mutation == "vram") {
            ctx.backend = kernels::Backend::Cuda;
            ctx.limits.vramBytes = 10;
        } else if (mutation == "overflow")
            remake([](Manifest& m) {
                m.kernel = "analytics.colstats";
                m.params = QCborMap {{"rows", qint64(1ull << 40)}, {"cols", 1u << 20}, {"dtype", "f64"}};
            });
        else if (mutation == "deadline")
            f.clock.advance(std::chrono::hours(2));
        else if (mutation == "tier")
            remake([](Manifest& m) { m.minTier = Tier::Confidential; });
        else if (mutation == "tamper")
            pj.sealedInput[pj.sealedInput.size() - 3] = char(pj.sealedInput[pj.sealedInput.size() - 3] ^ 1);
        else if (mutation == "other-manifest") {
            const QByteArray sealedForOther = f.prepare("media.resize", resize, input).sealedInput;
            pj.sealedInput = sealedForOther;
        } else if (mutation == "other-node") {
            auto other = X25519PrivateKey::generate();
            pj.sealedInput
                = prepareJob("media.resize", resize, {reinterpret_cast<const unsigned char*>(input.constData()), 16},
                    other->publicKey(), f.owner.publicKey(), f.deadline())
                      ->sealedInput;
        } else if (mutation == "other-length") {
            envelope::SealParams sp;
            sp.recipient = f.session.publicKey();
            sp.purpose = "job-input";
            const Sha256 h = sha256(pj.manifestBytes);
            sp.contextAad = QByteArray(reinterpret_cast<const char*>(h.data()), 32);
            pj.sealedInput = *envelope::seal(sp, {reinterpret_cast<const unsigned char*>(input.constData()), 15});
        } else if (mutation == "truncated")
            pj.sealedInput.chop(1);
        if (mutation == "non-canonical") {
            QCborMap reordered;
            const QCborMap m = QCborValue::fromCbor(pj.manifestBytes).toMap();
            reordered.insert(QStringLiteral("params"), m.value(QStringLiteral("params")));
            for (auto it = m.constBegin(); it != m.constEnd(); ++it)
                if (it.key().toString() != "params")
                    reordered.insert(it.key(), it.value());
            pj.manifestBytes = QCborValue(reordered).toCbor();
        }
        auto job = Job::prepare(pj.manifestBytes, pj.sealedInput, ctx);
        QVERIFY2(!job, "the job was accepted");
        QCOMPARE(job.error().code, code);
        QVERIFY(!job.error().message.isEmpty());
        // Nothing was run or stored.
        QVERIFY(!QDir(f.dir.filePath("results")).exists());
    }

    void stopAndResumeGiveTheSameOutput()
    {
        const Sample s = samples()[5]; // the large media.resize: several steps
        Fixture f;
        const PreparedJob pj = f.prepare(s.kernel, s.params, s.input);
        auto job = std::move(*Job::prepare(pj.manifestBytes, pj.sealedInput, f.context()));
        QVERIFY(job->stepCount() >= 3);
        ScriptedThrottle throttle;
        throttle.script[1] = ThrottleDecision::stop("you started a game");
        throttle.script[2] = ThrottleDecision::stop("you started a game");
        QCOMPARE(job->run(throttle), Job::State::Stopped);
        QCOMPARE(job->nextStep(), std::size_t(1));
        QCOMPARE(job->stopReason(), QStringLiteral("you started a game"));
        QCOMPARE(job->run(throttle), Job::State::Stopped);
        QCOMPARE(job->nextStep(), std::size_t(2));
        job->releaseDevice(); // no-op on the CPU; must not lose progress
        QCOMPARE(job->run(throttle), Job::State::Done);
        auto result = job->complete(f.store);
        QVERIFY(result);
        auto plain = openResult(pj, result->sealedOutput, result->signedReceipt, f.owner);
        QVERIFY(plain);
        const QByteArray in = s.input;
        auto local = test::runKernel(s.typed, std::vector<std::uint8_t>(in.begin(), in.end()), kernels::Backend::Cpu);
        QCOMPARE(plain->toByteArray(), bytes(local->output));
    }

    /// A sealed media.transcode job stopped by the owner's game, its device given back, resumed:
    /// the owner opens exactly what the kernel writes straight through, a playable MP4, metered
    /// from the declared numbers.
    void mediaJobStopsResumesAndEqualsTheKernel()
    {
        const QByteArray clip = test::makeClip();
        if (clip.isEmpty())
            COCOON_SKIP_OR_FAIL(QStringLiteral("ffmpeg makes the test clip (make deps installs it)"));
        std::string why;
        const auto info = kernels::probeMedia(
            {reinterpret_cast<const std::uint8_t*>(clip.constData()), std::size_t(clip.size())}, why);
        QVERIFY2(info, why.c_str());
        QCborMap params = declaredMedia(*info, std::uint64_t(clip.size()));
        params.insert(QStringLiteral("video"), QStringLiteral("hevc"));
        params.insert(QStringLiteral("crf"), 30);
        Fixture f;
        const PreparedJob pj = f.prepare("media.transcode", params, clip);
        auto prepared = Job::prepare(pj.manifestBytes, pj.sealedInput, f.context());
        QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().message));
        auto job = std::move(*prepared);
        QVERIFY(job->stepCount() >= 4);
        ScriptedThrottle throttle;
        throttle.script[2] = ThrottleDecision::stop("you started a game");
        QCOMPARE(job->run(throttle), Job::State::Stopped);
        job->releaseDevice();
        QCOMPARE(job->run(throttle), Job::State::Done);
        auto result = job->complete(f.store);
        QVERIFY(result);
        Receipt receipt;
        auto plain = openResult(pj, result->sealedOutput, result->signedReceipt, f.owner, &receipt);
        QVERIFY(plain);
        const auto typed = parseParams("media.transcode", params);
        QVERIFY(typed);
        auto local
            = test::runKernel(*typed, std::vector<std::uint8_t>(clip.begin(), clip.end()), kernels::Backend::Cpu);
        QVERIFY2(local && local->error.empty(), local ? local->error.c_str() : "");
        QCOMPARE(plain->toByteArray(), bytes(local->output));
        const auto media = kernels::transcodeOutput(plain->span());
        QVERIFY(media && media->size() > 1000);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(media->data()) + 4, 4), QByteArray("ftyp"));
        QCOMPARE(receipt.units, kernels::footprint(*typed)->units);
        QVERIFY2(receipt.device.contains("libx265"), qPrintable(receipt.device));
    }

    void dutyCycleSleepsBetweenSteps()
    {
        const Sample s = samples()[5];
        Fixture f;
        const PreparedJob pj = f.prepare(s.kernel, s.params, s.input);
        auto job = std::move(*Job::prepare(pj.manifestBytes, pj.sealedInput, f.context()));
        ScriptedThrottle throttle;
        for (std::size_t i = 0; i < job->stepCount(); i += 2)
            throttle.script[i] = ThrottleDecision::pause(std::chrono::milliseconds(3));
        QCOMPARE(job->run(throttle), Job::State::Done);
        QCOMPARE(f.slept.size(), (job->stepCount() + 1) / 2);
        QCOMPARE(throttle.asked.size(), job->stepCount()); // asked before every step
    }

    void cancellationDiscardsTheJob()
    {
        const Sample s = samples()[5];
        Fixture f;
        const PreparedJob pj = f.prepare(s.kernel, s.params, s.input);
        auto job = std::move(*Job::prepare(pj.manifestBytes, pj.sealedInput, f.context()));
        std::atomic<bool> cancel {false};
        ScriptedThrottle throttle;
        throttle.script[1] = ThrottleDecision::stop();
        QCOMPARE(job->run(throttle, &cancel), Job::State::Stopped);
        cancel = true;
        QCOMPARE(job->run(throttle, &cancel), Job::State::Cancelled);
        QVERIFY(!job->complete(f.store));
        QVERIFY(!QFile::exists(f.store.receiptPath(pj.manifest.jobId)));
    }

    void persistFailureIsReported()
    {
        const Sample s = samples()[4];
        Fixture f;
        const PreparedJob pj = f.prepare(s.kernel, s.params, s.input);
        auto job = std::move(*Job::prepare(pj.manifestBytes, pj.sealedInput, f.context()));
        AlwaysRun always;
        QCOMPARE(job->run(always), Job::State::Done);
        DirectoryJobStore broken("/proc/cannot-write-here");
        auto r = job->complete(broken);
        QVERIFY(!r);
        QCOMPARE(r.error().code, JobErrc::Io);
    }

    void cudaBackendUnavailableIsTyped()
    {
        std::string reason;
        if (!kernels::cuda::probe(reason).empty())
            QSKIP("a GPU is present: the CUDA path is tested by test_kernels_cuda");
        const Sample s = samples()[4];
        Fixture f;
        const PreparedJob pj = f.prepare(s.kernel, s.params, s.input);
        JobContext ctx = f.context();
        ctx.backend = kernels::Backend::Cuda;
        ctx.limits.vramBytes = 1ull << 30;
        auto job = Job::prepare(pj.manifestBytes, pj.sealedInput, ctx);
        QVERIFY(!job);
        QCOMPARE(job.error().code, JobErrc::BackendUnavailable);
    }
};

QTEST_GUILESS_MAIN(TestJob)
#include "TestJob.moc"
