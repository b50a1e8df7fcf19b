// The scheduling policy: table-driven single decisions and time sequences on a fake clock.
#include "ManualClock.h"
#include "TestSupport.h"
#include "config/Settings.h"
#include "node/SettingChecks.h"
#include "sched/DeviceOverrides.h"
#include "sched/Policy.h"
#include "sched/PolicyThrottle.h"

#include <QTemporaryDir>

using namespace cocoon;
using namespace cocoon::sched;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cocoon::sched::Reason)

namespace {

struct Case
{
    Snapshot snapshot;
    DeviceSample sample;
    Limits limits;
};

Case base()
{
    Case c;
    c.snapshot.localTime = QDateTime(QDate(2026, 11, 25), QTime(14, 0)); // a Wednesday afternoon
    c.snapshot.idleFor = 600s;
    c.sample.otherUtilizationPercent = 0;
    c.sample.temperatureC = 60;
    return c;
}

} // namespace

class TestPolicy : public QObject
{
    Q_OBJECT
private slots:
    void singleDecision_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("run");
        QTest::addColumn<int>("duty");
        QTest::addColumn<QList<Reason>>("reasons");
        QTest::addColumn<QString>("mentions");
        const QList<Reason> none;
        QTest::newRow("idle user") << "idle" << true << 100 << none << "";
        QTest::newRow("active user, only-when-idle mode")
            << "active" << false << 0 << QList {Reason::UserActive} << "using the computer";
        QTest::newRow("active user, always mode: duty cap") << "active-always" << true << 30 << none << "";
        QTest::newRow("active user, always mode, duty 0")
            << "active-always-0" << false << 0 << QList {Reason::UserActive} << "";
        QTest::newRow("locked session counts as idle") << "locked" << true << 100 << none << "";
        QTest::newRow("no user session (headless rig)") << "no-session" << true << 100 << none << "";
        QTest::newRow("full-screen game")
            << "fullscreen" << false << 0 << QList {Reason::Fullscreen} << "Cyberpunk 2077";
        QTest::newRow("full-screen allowed by settings") << "fullscreen-allowed" << true << 100 << none << "";
        QTest::newRow("exclusive app (case-insensitive)")
            << "exclusive" << false << 0 << QList {Reason::ExclusiveApp} << "Blender";
        QTest::newRow("other processes load the GPU")
            << "foreign-load" << false << 0 << QList {Reason::OtherGpuLoad} << "50%";
        QTest::newRow("foreign load ignored at 100") << "foreign-ignored" << true << 100 << none << "";
        QTest::newRow("VRAM reservation blocks")
            << "vram-full" << false << 0 << QList {Reason::VramReserved} << "memory";
        QTest::newRow("VRAM budget computed") << "vram-budget" << true << 100 << none << "";
        QTest::newRow("too hot") << "hot" << false << 0 << QList {Reason::TooHot} << "85 °C";
        QTest::newRow("on battery") << "battery" << false << 0 << QList {Reason::OnBattery} << "battery";
        QTest::newRow("battery low when allowed") << "battery-low" << false << 0 << QList {Reason::BatteryLow} << "30%";
        QTest::newRow("battery fine when allowed") << "battery-ok" << true << 100 << none << "";
        QTest::newRow("outside schedule") << "schedule-out" << false << 0 << QList {Reason::OutsideSchedule} << "hours";
        QTest::newRow("inside schedule") << "schedule-in" << true << 100 << none << "";
        QTest::newRow("mode paused") << "paused-mode" << false << 0 << QList {Reason::ModePaused} << "";
        QTest::newRow("power cap halves the duty") << "power" << true << 50 << none << "";
        QTest::newRow("user pause") << "user-pause" << false << 0 << QList {Reason::UserPaused} << "you paused";
        QTest::newRow("several reasons at once")
            << "many" << false << 0 << QList {Reason::Fullscreen, Reason::TooHot, Reason::OnBattery} << "";
    }
    void singleDecision()
    {
        QFETCH(QString, scenario);
        QFETCH(bool, run);
        QFETCH(int, duty);
        QFETCH(QList<Reason>, reasons);
        QFETCH(QString, mentions);
        test::ManualClock clock;
        Policy policy(clock);
        Case c = base();
        Snapshot& s = c.snapshot;
        DeviceSample& g = c.sample;
        Limits& l = c.limits;
        if (scenario == "active")
            s.idleFor = 5s;
        else if (scenario == "active-always") {
            s.idleFor = 5s;
            l.mode = Mode::Always;
        } else if (scenario == "active-always-0") {
            s.idleFor = 5s;
            l.mode = Mode::Always;
            l.dutyWhileActive = 0;
        } else if (scenario == "locked") {
            s.idleFor = 5s;
            s.sessionLocked = true;
        } else if (scenario == "no-session")
            s.idleFor.reset();
        else if (scenario == "fullscreen")
            s.fullscreenApp = "Cyberpunk 2077";
        else if (scenario == "fullscreen-allowed") {
            s.fullscreenApp = "mpv";
            l.pauseOnFullscreen = false;
        } else if (scenario == "exclusive") {
            l.exclusiveApps = {"blender"};
            s.runningProcesses = {"bash", "Blender"};
        } else if (scenario == "foreign-load")
            g.otherUtilizationPercent = 50;
        else if (scenario == "foreign-ignored") {
            g.otherUtilizationPercent = 99;
            l.maxOtherGpuPercent = 100;
        } else if (scenario == "vram-full") {
            g.vramTotalBytes = 8ull << 30;
            g.vramUsedByOthersBytes = 7680ull << 20;
        } else if (scenario == "vram-budget") {
            g.vramTotalBytes = 8ull << 30;
            g.vramUsedByOthersBytes = 2ull << 30;
        } else if (scenario == "hot")
            g.temperatureC = 85;
        else if (scenario == "battery") {
            s.onBattery = true;
            s.batteryPercent = 90;
        } else if (scenario == "battery-low") {
            s.onBattery = true;
            s.batteryPercent = 30;
            l.pauseOnBattery = false;
        } else if (scenario == "battery-ok") {
            s.onBattery = true;
            s.batteryPercent = 80;
            l.pauseOnBattery = false;
        } else if (scenario == "schedule-out") {
            l.mode = Mode::OnSchedule;
            l.schedule = *WeeklySchedule::parse("mon-fri 22-7");
        } else if (scenario == "schedule-in") {
            l.mode = Mode::OnSchedule;
            l.schedule = *WeeklySchedule::parse("wed 13-15");
        } else if (scenario == "paused-mode")
            l.mode = Mode::Paused;
        else if (scenario == "power") {
            l.powerCapW = 150;
            g.powerW = 300;
        } else if (scenario == "user-pause")
            policy.pause();
        else if (scenario == "many") {
            s.fullscreenApp = "game";
            g.temperatureC = 90;
            s.onBattery = true;
        }
        const Decision d = policy.decide("gpu0", s, g, l);
        QCOMPARE(d.run, run);
        QCOMPARE(d.reasons, reasons);
        QCOMPARE(d.explanations.size(), d.reasons.size());
        if (run)
            QCOMPARE(d.dutyPercent, duty);
        if (!mentions.isEmpty())
            QVERIFY2(d.explanations.join(' ').contains(mentions), qPrintable(d.explanations.join(" | ")));
        if (scenario == "vram-budget")
            QCOMPARE(d.vramBudgetBytes, 5ull << 30);
    }

    void userReturnsPausesAtOnce()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        QVERIFY(p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        c.snapshot.idleFor = 0s; // a key press: no dwell before yielding
        const Decision d = p.decide("gpu0", c.snapshot, c.sample, c.limits);
        QVERIFY(!d.run);
        QCOMPARE(d.reasons, QList {Reason::UserActive});
    }

    void idleThresholdCrossingThenDwell()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        c.snapshot.idleFor = 179s;
        QVERIFY(!p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        clock.advance(1s);
        c.snapshot.idleFor = 180s;
        Decision d = p.decide("gpu0", c.snapshot, c.sample, c.limits);
        QVERIFY(!d.run);
        QCOMPARE(d.reasons, QList {Reason::Settling});
        QVERIFY(d.explanations.first().contains("10 s"));
        clock.advance(9s);
        c.snapshot.idleFor = 189s;
        QVERIFY(!p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        clock.advance(1s);
        c.snapshot.idleFor = 190s;
        QVERIFY(p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
    }

    void rapidInputTogglingDoesNotFlap()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        c.limits.mode = Mode::Always;
        c.limits.dutyWhileActive = 0; // pause while active
        int transitions = 0;
        bool last = p.decide("gpu0", c.snapshot, c.sample, c.limits).run;
        for (int i = 0; i < 60; ++i) { // input every other second for a minute
            clock.advance(1s);
            c.snapshot.idleFor = (i % 2 == 0) ? 0s : 1000s;
            const bool now = p.decide("gpu0", c.snapshot, c.sample, c.limits).run;
            transitions += now != last;
            last = now;
        }
        QCOMPARE(transitions, 1); // paused once, never resumed mid-burst
        for (int i = 0; i < 10; ++i) {
            clock.advance(1s);
            c.snapshot.idleFor = 1000s;
            last = p.decide("gpu0", c.snapshot, c.sample, c.limits).run;
        }
        QVERIFY(last); // resumes once the burst is over for the dwell time
    }

    void temperatureHysteresis()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        c.limits.resumeDwell = 0s;
        const auto at = [&](int t) {
            c.sample.temperatureC = t;
            clock.advance(1s);
            return p.decide("gpu0", c.snapshot, c.sample, c.limits).run;
        };
        QVERIFY(at(82));
        QVERIFY(!at(83)); // cap 83
        QVERIFY(!at(80)); // still above 83 - 5
        QVERIFY(!at(79));
        QVERIFY(at(78));
        QVERIFY(at(82)); // below the cap again: keeps running
    }

    void exclusiveAppStartsAndExits()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        c.limits.exclusiveApps = {"obs"};
        c.limits.resumeDwell = 5s;
        QVERIFY(p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        c.snapshot.runningProcesses = {"obs"};
        QCOMPARE(p.decide("gpu0", c.snapshot, c.sample, c.limits).reasons, QList {Reason::ExclusiveApp});
        c.snapshot.runningProcesses.clear();
        QCOMPARE(p.decide("gpu0", c.snapshot, c.sample, c.limits).reasons, QList {Reason::Settling});
        clock.advance(5s);
        QVERIFY(p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
    }

    void snoozeAlwaysResumes()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        c.limits.resumeDwell = 0s;
        p.snoozeUntil(clock.nowUtc().addSecs(15 * 60));
        QCOMPARE(p.decide("gpu0", c.snapshot, c.sample, c.limits).reasons, QList {Reason::Snoozed});
        clock.advance(14min);
        QVERIFY(!p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        clock.advance(1min);
        QVERIFY(p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        QVERIFY(!p.snoozedUntil());
        // A user pause stays until resume().
        p.pause();
        clock.advance(24h);
        QVERIFY(!p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
        p.resume();
        QVERIFY(p.decide("gpu0", c.snapshot, c.sample, c.limits).run);
    }

    void snoozeLengths()
    {
        const QDateTime now(QDate(2026, 11, 25), QTime(22, 40));
        QCOMPARE(snoozeEnd(SnoozeLength::Minutes15, now), QDateTime(QDate(2026, 11, 25), QTime(22, 55)));
        QCOMPARE(snoozeEnd(SnoozeLength::Hour1, now), QDateTime(QDate(2026, 11, 25), QTime(23, 40)));
        QCOMPARE(snoozeEnd(SnoozeLength::UntilTomorrow, now), QDateTime(QDate(2026, 11, 26), QTime(0, 0)));
    }

    void devicesAreIndependent()
    {
        test::ManualClock clock;
        Policy p(clock);
        Case c = base();
        DeviceSample hot = c.sample;
        hot.temperatureC = 95;
        QVERIFY(!p.decide("gpu0", c.snapshot, hot, c.limits).run);
        QVERIFY(p.decide("gpu1", c.snapshot, c.sample, c.limits).run);
    }

    void throttleEnforcesDecisions()
    {
        PolicyThrottle t;
        jobs::ThrottleQuery q {3, 10, 4000us};
        QCOMPARE(t.next(q).kind, jobs::ThrottleDecision::Kind::Continue); // default: run at 100%
        Decision d;
        d.run = true;
        d.dutyPercent = 25;
        t.apply(d);
        auto r = t.next(q);
        QCOMPARE(r.kind, jobs::ThrottleDecision::Kind::Sleep);
        QCOMPARE(r.sleep, 12000us); // busy 4 ms, idle 12 ms: 25%
        d.dutyPercent = 75;
        t.apply(d);
        QCOMPARE(t.next(q).sleep.count(), 4000 / 3);
        Decision pause;
        pause.reasons << Reason::Fullscreen;
        pause.explanations << "Cyberpunk 2077 is running full screen";
        t.apply(pause);
        r = t.next(q);
        QCOMPARE(r.kind, jobs::ThrottleDecision::Kind::Stop);
        QCOMPARE(r.reason, QStringLiteral("Cyberpunk 2077 is running full screen"));
        QCOMPARE(t.busyTime(), 16000us); // four steps of 4 ms were reported
    }

    void limitsFromSettingsAndBadValues()
    {
        QTemporaryDir dir;
        test::ManualClock clock;
        Settings st(dir.filePath("s.json"), clock, node::settingChecks());
        QVERIFY(st.load());
        QVERIFY(st.setFromText(keys::schedMode, "schedule"));
        QVERIFY(st.setFromText(keys::schedSchedule, "sat-sun 0-24"));
        QVERIFY(st.setFromText(keys::schedExclusiveApps, "obs, Blender"));
        QVERIFY(st.setFromText(keys::schedReserveVramMiB, "2048"));
        const Limits l = Limits::fromSettings(st);
        QCOMPARE(l.mode, Mode::OnSchedule);
        QVERIFY(l.schedule.allows(6, 12) && !l.schedule.allows(1, 12));
        QCOMPARE(l.exclusiveApps, (QStringList {"obs", "Blender"}));
        QCOMPARE(l.reserveVramBytes, 2048ull << 20);
        // Bad values are refused with a reason and the old value stays.
        for (const auto& [key, value] :
            {std::pair {keys::schedIdleSeconds, "-5"}, std::pair {keys::schedTempCap, "150"},
                std::pair {keys::schedSchedule, "someday 1-2"}, std::pair {keys::schedExclusiveApps, "ok, bad/name"},
                std::pair {keys::schedMode, "turbo"}, std::pair {keys::schedDutyIdle, "0"}}) {
            auto r = st.setFromText(key, value);
            QVERIFY2(!r, key);
            QVERIFY(!r.error().message.isEmpty());
        }
        QCOMPARE(st.stringValue(keys::schedSchedule), QStringLiteral("sat-sun 0-24"));
    }

    void deviceOverrides_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error"); // empty: valid
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("two devices") << "gpu0: dutyWhileIdle=50, temperatureCapC=75; cpu: mode=paused"
                                     << "";
        QTest::newRow("by uuid, trailing ;") << "GPU-6f1c2a3b-0000-4e5f-8a9b-0123456789AB: powerCapW=150;"
                                             << "";
        QTest::newRow("no device") << "dutyWhileIdle=50"
                                   << "has no device";
        QTest::newRow("unknown device") << "gpu-x: dutyWhileIdle=50"
                                        << "is not a device";
        QTest::newRow("not per device") << "gpu0: idleSeconds=60"
                                        << "cannot be set per device";
        QTest::newRow("unknown key") << "gpu0: turbo=1"
                                     << "cannot be set per device";
        QTest::newRow("no value") << "gpu0: dutyWhileIdle"
                                  << "cannot be set per device";
        QTest::newRow("out of range") << "gpu0: temperatureCapC=150"
                                      << "out of range";
        QTest::newRow("negative") << "gpu0: reserveVramMiB=-1"
                                  << "out of range";
        QTest::newRow("bad choice") << "cpu: mode=turbo"
                                    << "not allowed";
        QTest::newRow("not a number") << "gpu0: dutyWhileIdle=half"
                                      << "not valid";
        QTest::newRow("twice") << "gpu0: dutyWhileIdle=50; GPU0: powerCapW=100"
                               << "listed twice";
        QTest::newRow("nothing") << "gpu0:"
                                 << "nothing to override";
    }
    void deviceOverrides()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        auto parsed = parseDeviceOverrides(text);
        QTemporaryDir dir;
        test::ManualClock clock;
        Settings st(dir.filePath("s.json"), clock, node::settingChecks());
        auto stored = st.setFromText(keys::schedDeviceOverrides, text);
        if (error.isEmpty()) {
            QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
            QVERIFY(stored);
            return;
        }
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().contains(error), qPrintable(parsed.error()));
        QVERIFY(!stored);
        QVERIFY2(stored.error().message.contains(error), qPrintable(stored.error().message));
        QCOMPARE(st.stringValue(keys::schedDeviceOverrides), QString()); // the old value stays
    }

    void overridesApplyToTheirDeviceOnly()
    {
        QTemporaryDir dir;
        test::ManualClock clock;
        Settings st(dir.filePath("s.json"), clock, node::settingChecks());
        QVERIFY(st.setFromText(keys::schedDeviceOverrides, "gpu1: dutyWhileIdle=40, mode=always; cpu: powerCapW=65"));
        QCOMPARE(Limits::fromSettings(st).dutyWhileIdle, 100);
        QCOMPARE(Limits::fromSettings(st, "gpu0").dutyWhileIdle, 100);
        QCOMPARE(Limits::fromSettings(st, "gpu1").dutyWhileIdle, 40);
        QCOMPARE(Limits::fromSettings(st, "gpu1").mode, Mode::Always);
        QCOMPARE(Limits::fromSettings(st, "cpu").powerCapW, 65);
        QCOMPARE(Limits::fromSettings(st, "cpu").dutyWhileIdle, 100);
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "TestPolicy.moc"
