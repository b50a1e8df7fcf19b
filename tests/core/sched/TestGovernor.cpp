// The governor end to end on a fake clock: scripted probe readings and device telemetry drive
// real sealed jobs through their PolicyThrottle. A returning user stops the job before its next
// step; a long pause gives device memory back; the job resumes where it stopped and its result is
// the same as an uninterrupted run's; decisions do not flap; per-device overrides apply; every
// state change lands in the history.
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "TestSupport.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "jobs/Job.h"
#include "jobs/Owner.h"
#include "node/SettingChecks.h"
#include "sched/GovernedRun.h"
#include "sched/Governor.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <thread>

using namespace cocoon;
using namespace cocoon::sched;
using cocoon::test::ScriptedProbe;
using namespace std::chrono_literals;

namespace {

class ScriptedSampler final : public DeviceSampler
{
public:
    std::map<QString, DeviceSample> samples;
    DeviceSample sample(const QString& device) override { return samples[device]; }
};

struct Fixture
{
    test::ManualClock clock;
    QTemporaryDir dir;
    Settings settings {dir.filePath("settings.json"), clock, node::settingChecks()};
    ScriptedProbe probe;
    X25519PrivateKey session = *X25519PrivateKey::generate();
    X25519PrivateKey owner = *X25519PrivateKey::generate();
    Ed25519PrivateKey identity = *Ed25519PrivateKey::generate();
    jobs::DirectoryJobStore store {dir.filePath("results")};

    Fixture() { probe.script.idleFor = 600s; }

    jobs::PreparedJob prepared()
    {
        const QCborMap params {{QStringLiteral("lanes"), 1 << 18}, {QStringLiteral("rounds"), 64}};
        auto p = jobs::prepareJob(QStringLiteral("bench.probe"), params, {}, session.publicKey(), owner.publicKey(),
            std::uint64_t(clock.nowUtc().toSecsSinceEpoch()) + 3600);
        if (!p)
            qFatal("prepareJob: %s", qPrintable(p.error().message));
        return std::move(*p);
    }
    std::unique_ptr<jobs::Job> job(const jobs::PreparedJob& p)
    {
        jobs::JobContext c;
        c.sessionKey = &session;
        c.identity = &identity;
        c.clock = &clock;
        c.sleep = [](std::chrono::microseconds) {};
        auto j = jobs::Job::prepare(p.manifestBytes, p.sealedInput, c);
        if (!j)
            qFatal("Job::prepare: %s", qPrintable(j.error().message));
        return std::move(*j);
    }
    QByteArray result(jobs::Job& j, const jobs::PreparedJob& p)
    {
        auto r = j.complete(store);
        if (!r)
            qFatal("complete: %s", qPrintable(r.error().message));
        auto opened = jobs::openResult(p, r->sealedOutput, r->signedReceipt, owner);
        if (!opened)
            qFatal("openResult: %s", qPrintable(opened.error().message));
        return QByteArray(reinterpret_cast<const char*>(opened->data()), qsizetype(opened->size()));
    }
    void set(const char* key, const QString& value)
    {
        auto r = settings.setFromText(QLatin1String(key), value);
        if (!r)
            qFatal("%s", qPrintable(r.error().message));
    }
};

/// Between steps: time passes (one poll period), the script may change, the governor ticks — the
/// same order of events as the real timer, without threads or sleeping.
class TickingThrottle final : public jobs::Throttle
{
public:
    TickingThrottle(Fixture& f, Governor& g, std::function<void(std::size_t)> atStep)
        : m_f(f)
        , m_g(g)
        , m_atStep(std::move(atStep))
    { }
    jobs::ThrottleDecision next(const jobs::ThrottleQuery& q) override
    {
        m_f.clock.advance(50ms);
        m_atStep(q.nextStep);
        m_g.tick();
        return m_g.throttle(QStringLiteral("cpu"))->next(q);
    }

private:
    Fixture& m_f;
    Governor& m_g;
    std::function<void(std::size_t)> m_atStep;
};

QList<Reason> reasonsOf(const Decision& d)
{
    return d.reasons;
}

} // namespace

class TestGovernor : public QObject
{
    Q_OBJECT
private slots:
    void userReturnsMidJob()
    {
        Fixture f;
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        QSignalSpy released(&g, &Governor::deviceMemoryReleased);
        const auto prepared = f.prepared();
        auto job = f.job(prepared);
        QVERIFY(job->stepCount() >= 4);
        const std::size_t userReturnsAt = job->stepCount() / 2;

        TickingThrottle ticking(f, g, [&](std::size_t step) {
            if (step == userReturnsAt)
                f.probe.script.idleFor = 0s;
        });
        QCOMPARE(job->run(ticking), jobs::Job::State::Stopped);
        QCOMPARE(job->nextStep(), userReturnsAt); // no further step once the input was seen
        QVERIFY(job->stopReason().contains("using the computer"));
        QCOMPARE(reasonsOf(g.decision("cpu")), QList {Reason::UserActive});

        // Paused: memory kept for sched.releaseVramAfterSeconds (60 s), then given back once.
        f.clock.advance(59s);
        g.tick();
        QCOMPARE(released.count(), 0);
        f.clock.advance(1s);
        g.tick();
        g.tick();
        QCOMPARE(released.count(), 1);
        QCOMPARE(g.throttle("cpu")->waitWhilePaused(), PolicyThrottle::Wake::Release);
        job->releaseDevice();

        // The user leaves: resume only after the reasons stayed gone for the dwell time (10 s).
        f.probe.script.idleFor = 600s;
        g.tick();
        QVERIFY(!g.decision("cpu").run);
        QCOMPARE(reasonsOf(g.decision("cpu")), QList {Reason::Settling});
        f.clock.advance(10s);
        g.tick();
        QVERIFY(g.decision("cpu").run);
        QCOMPARE(g.throttle("cpu")->waitWhilePaused(), PolicyThrottle::Wake::Run);

        QCOMPARE(job->run(*g.throttle("cpu")), jobs::Job::State::Done);
        auto reference = f.job(prepared);
        jobs::AlwaysRun always;
        QCOMPARE(reference->run(always), jobs::Job::State::Done);
        QCOMPARE(f.result(*job, prepared), f.result(*reference, prepared));

        // The timeline: running, paused because the user came back, running again.
        const auto& h = g.history().entries();
        QCOMPARE(h.size(), std::size_t(3));
        QVERIFY(h[0].run);
        QCOMPARE(h[0].dutyPercent, 100);
        QVERIFY(!h[1].run);
        QCOMPARE(h[1].reasons, QList {Reason::UserActive});
        QVERIFY(h[1].explanations.first().contains("using the computer"));
        QVERIFY(h[2].run);
        QVERIFY(h[1].at < h[2].at);
    }

    void rapidInputTogglingDoesNotFlap()
    {
        Fixture f;
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        QSignalSpy changes(&g, &Governor::stateChanged);
        int runningTicks = 0;
        for (int i = 0; i < 200; ++i) { // 10 s of input every other poll
            f.probe.script.idleFor = (i % 2) ? 600s : 0s;
            g.tick();
            runningTicks += g.decision("cpu").run ? 1 : 0;
            f.clock.advance(50ms);
        }
        QCOMPARE(runningTicks, 0);
        QCOMPARE(changes.count(), 1); // paused once, with one reason; settling is not a new state
        QCOMPARE(g.history().entries().size(), std::size_t(1));
    }

    void systemSampledLessOftenThanInput()
    {
        Fixture f;
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        for (int i = 0; i < 40; ++i) { // 2 s at 50 ms
            g.tick();
            f.clock.advance(50ms);
        }
        QCOMPARE(f.probe.inputReads, 40);
        QCOMPARE(f.probe.systemReads, 1);
        g.tick();
        QCOMPARE(f.probe.systemReads, 2);
    }

    void exclusiveAppStartsAndExits()
    {
        Fixture f;
        f.set(keys::schedExclusiveApps, QStringLiteral("obs, blender"));
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        g.tick();
        QVERIFY(g.decision("cpu").run);
        f.probe.script.runningProcesses = {"bash", "Blender.exe"};
        f.clock.advance(2s); // processes are read every 2 s
        g.tick();
        QCOMPARE(reasonsOf(g.decision("cpu")), QList {Reason::ExclusiveApp});
        QVERIFY(g.decision("cpu").explanations.first().contains("Blender.exe is running"));
        f.probe.script.runningProcesses = {"bash"};
        f.clock.advance(2s);
        g.tick();
        f.clock.advance(10s);
        g.tick();
        QVERIFY(g.decision("cpu").run);
    }

    void perDeviceOverrides()
    {
        Fixture f;
        const QString uuid = QStringLiteral("GPU-6f1c2a3b-0000-4e5f-8a9b-0123456789ab");
        f.set(keys::schedDeviceOverrides, "gpu0: dutyWhileIdle=50, temperatureCapC=70; " + uuid + ": mode=paused");
        ScriptedSampler sampler;
        sampler.samples["gpu0"].temperatureC = 72;
        Governor g(f.clock, f.probe, f.settings);
        g.setDeviceSampler(&sampler);
        g.addDevice(QStringLiteral("cpu"));
        g.addDevice(QStringLiteral("gpu0"), QStringLiteral("GPU-11111111-2222-3333-4444-555555555555"));
        g.addDevice(QStringLiteral("gpu1"), uuid.toLower());
        g.tick();
        QCOMPARE(g.decision("cpu").dutyPercent, 100);
        QCOMPARE(reasonsOf(g.decision("gpu0")), QList {Reason::TooHot}); // its own 70 °C cap
        QCOMPARE(reasonsOf(g.decision("gpu1")), QList {Reason::ModePaused}); // chosen by UUID
        QCOMPARE(g.limits("gpu0").dutyWhileIdle, 50);
        QCOMPARE(g.limits("gpu0").temperatureCapC, 70);

        sampler.samples["gpu0"].temperatureC = 60;
        f.set(keys::schedDeviceOverrides, QStringLiteral("gpu0: dutyWhileIdle=25")); // changed at run time
        f.clock.advance(10s);
        g.tick();
        f.clock.advance(10s);
        g.tick();
        QCOMPARE(g.decision("gpu0").dutyPercent, 25);
        QVERIFY(g.decision("gpu1").run);
    }

    void vramReservationBlocksAJobThatWouldNotFit()
    {
        Fixture f;
        ScriptedSampler sampler;
        sampler.samples["gpu0"].vramTotalBytes = 8ull << 30;
        sampler.samples["gpu0"].vramUsedByOthersBytes = 7ull << 30;
        Governor g(f.clock, f.probe, f.settings);
        g.setDeviceSampler(&sampler);
        g.addDevice(QStringLiteral("gpu0"));
        g.tick(); // 8 GiB − 7 GiB used − 1 GiB reserved: nothing left
        QCOMPARE(reasonsOf(g.decision("gpu0")), QList {Reason::VramReserved});
        sampler.samples["gpu0"].vramUsedByOthersBytes = 5ull << 30;
        f.clock.advance(10s);
        g.tick();
        f.clock.advance(10s);
        g.tick();
        QVERIFY(g.decision("gpu0").run);
        QCOMPARE(g.decision("gpu0").vramBudgetBytes, 2ull << 30);
    }

    void snoozeResumesByItself()
    {
        Fixture f;
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        g.snoozeUntil(f.clock.nowUtc().addSecs(15 * 60));
        QCOMPARE(reasonsOf(g.decision("cpu")), QList {Reason::Snoozed});
        f.clock.advance(15min - 1s);
        g.tick();
        QVERIFY(!g.decision("cpu").run);
        f.clock.advance(1s);
        g.tick();
        QVERIFY(!g.snoozedUntil());
        f.clock.advance(10s);
        g.tick();
        QVERIFY(g.decision("cpu").run);
        g.pause();
        QCOMPARE(reasonsOf(g.decision("cpu")), QList {Reason::UserPaused});
        g.resume();
        QCOMPARE(reasonsOf(g.decision("cpu")), QList {Reason::Settling});
    }

    void pollSlowsWhileTheOwnerHoldsItPaused()
    {
        Fixture f;
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        g.addDevice(QStringLiteral("gpu0"));
        g.start();
        QCOMPARE(g.pollInterval(), 50); // watching for the user
        g.pause();
        QCOMPARE(g.pollInterval(), Governor::kHeldPollMs); // only the owner can end this
        g.resume();
        QCOMPARE(g.pollInterval(), 50); // settling: input matters again
        QVERIFY(f.settings.set(QStringLiteral("sched.mode"), QStringLiteral("paused")));
        QCOMPARE(g.pollInterval(), Governor::kHeldPollMs);
        QVERIFY(f.settings.set(QStringLiteral("sched.mode"), QStringLiteral("idle")));
        QCOMPARE(g.pollInterval(), 50);
        // Paused for a reason the input can end (the user is active): full speed.
        f.probe.script.idleFor = 1s;
        g.tick();
        QVERIFY(!g.decision("cpu").run);
        QCOMPARE(g.pollInterval(), 50);
        g.stop();
    }

    void workerThreadPausesReleasesAndResumes()
    {
        Fixture f;
        f.set(keys::schedReleaseVram, QStringLiteral("5"));
        Governor g(f.clock, f.probe, f.settings);
        g.addDevice(QStringLiteral("cpu"));
        f.probe.script.idleFor = 0s; // the user is at the machine before the job starts
        g.tick();
        f.clock.advance(5s);
        g.tick(); // paused 5 s: memory release requested
        const auto prepared = f.prepared();
        auto job = f.job(prepared);
        GovernedRunReport report;
        std::thread worker([&] { report = runGoverned(*job, *g.throttle("cpu")); });
        // Parked once after stopping, once more after giving the memory back: nothing in flight.
        g.throttle("cpu")->waitForParked(2);
        QCOMPARE(job->nextStep(), std::size_t(0));
        f.probe.script.idleFor = 600s;
        g.tick();
        f.clock.advance(10s);
        g.tick();
        worker.join();
        QCOMPARE(report.state, jobs::Job::State::Done);
        QCOMPARE(report.pauses, 1);
        QCOMPARE(report.releases, 1);
    }

    void shutdownWakesAWaitingWorker()
    {
        Fixture f;
        auto g = std::make_unique<Governor>(f.clock, f.probe, f.settings);
        g->addDevice(QStringLiteral("cpu"));
        g->pause();
        const auto prepared = f.prepared();
        auto job = f.job(prepared);
        GovernedRunReport report;
        PolicyThrottle* throttle = g->throttle("cpu");
        std::thread worker([&] { report = runGoverned(*job, *throttle); });
        throttle->waitForParked(1);
        throttle->cancel();
        worker.join();
        QCOMPARE(report.state, jobs::Job::State::Stopped);
        QCOMPARE(report.pauses, 1);
    }
};

QTEST_GUILESS_MAIN(TestGovernor)
#include "TestGovernor.moc"
