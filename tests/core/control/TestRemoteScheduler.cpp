// A window attached to a headless instance: the real control Server and Service over a real
// governor and settings file, and on the other end the real Client and RemoteScheduler, talking
// over a real local socket (both ends in this process; the event loop serves one while the other
// waits). Decisions, the history, pause / resume / snooze, the process list and settings changes
// all cross the socket; an instance that goes away and comes back is noticed.
#include "GovernorRig.h"
#include "ManualClock.h"
#include "TestSupport.h"
#include "common/Logging.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "control/ControlClient.h"
#include "control/ControlService.h"
#include "control/RemoteScheduler.h"
#include "node/SettingChecks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QSignalSpy>
#include <QTranslator>
#include <QtTest>

using namespace std::chrono_literals;
using namespace cocoon;
using namespace cocoon::control;

namespace {

/// An instance: the rig's governor and settings behind a control socket.
struct Instance
{
    explicit Instance(test::ManualClock& clock)
        : rig(clock, {{QStringLiteral("sched.mode"), QStringLiteral("always")}})
    {
        if (!server.listen())
            qFatal("the control socket could not be opened");
    }
    test::GovernorRig rig;
    Service service {{rig.clock, rig.governor, rig.settings, {}, [] { return QJsonObject {}; }}};
    QString name = socketName(rig.dir.path());
    Server server {name, service};
};

bool waitAttached(RemoteScheduler& remote)
{
    remote.poll();
    return QTest::qWaitFor([&] { return remote.isAttached(); }, 5000);
}

} // namespace

class TestRemoteScheduler : public QObject
{
    Q_OBJECT
private slots:
    void decisionsAndStateChangesSurviveJson()
    {
        sched::Decision d;
        d.run = false;
        d.dutyPercent = 40;
        d.vramBudgetBytes = 123;
        d.reasons = {sched::Reason::Fullscreen, sched::Reason::TooHot};
        d.arguments = {{QStringLiteral("Game")}, {QStringLiteral("91"), QStringLiteral("85"), QStringLiteral("80")}};
        d.explanations = {sched::explain(d.reasons[0], d.arguments[0]), sched::explain(d.reasons[1], d.arguments[1])};
        QCOMPARE(d.explanations[1], QStringLiteral("the GPU is at 91 °C (limit 85 °C; resumes at 80 °C)"));
        const sched::Decision back = sched::decisionFromJson(sched::toJson(d));
        QCOMPARE(back.run, d.run);
        QCOMPARE(back.dutyPercent, d.dutyPercent);
        QCOMPARE(back.vramBudgetBytes, d.vramBudgetBytes);
        QCOMPARE(back.reasons, d.reasons);
        QCOMPARE(back.arguments, d.arguments);
        QCOMPARE(back.explanations, d.explanations);

        sched::StateChange c {QDateTime(QDate(2026, 11, 24), QTime(10, 0, 0, 5), Qt::UTC), QStringLiteral("gpu0"),
            false, 0, {sched::Reason::ExclusiveApp}, {QStringLiteral("game.exe is running")},
            {{QStringLiteral("game.exe")}}};
        const auto again = sched::stateChangeFromJson(sched::toJson(c));
        QVERIFY(again);
        QCOMPARE(again->at, c.at);
        QCOMPARE(again->device, c.device);
        QCOMPARE(again->dutyPercent, 0);
        QCOMPARE(again->arguments, c.arguments);
        QCOMPARE(again->explanations, c.explanations);
    }

    /// The instance explains in its language (a service has none installed: English); a window
    /// with another language puts the reasons into its own words from their names and arguments.
    /// Without arguments (an older instance) and for reasons this version does not know, the
    /// instance's words stay.
    void reasonsAreExplainedInTheReadersLanguage()
    {
        const QByteArray sent
            = "{\"run\":false,\"reasons\":[\"too-hot\",\"exclusive-app\",\"from-the-future\"],"
              "\"arguments\":[[\"91\",\"85\",\"80\"],[\"game.exe\"],[\"x\"]],"
              "\"explanations\":[\"the GPU is at 91 \u00b0C (limit 85 \u00b0C; resumes at 80 \u00b0C)\","
              "\"game.exe is running\",\"a future reason\"]}";
        QTranslator russian;
        QVERIFY(russian.load(QDir(test::binDir()).filePath(QStringLiteral("cocoon_ru.qm"))));
        QVERIFY(QCoreApplication::installTranslator(&russian));
        const sched::Decision d = sched::decisionFromJson(QJsonDocument::fromJson(sent).object());
        QCoreApplication::removeTranslator(&russian);
        QCOMPARE(d.reasons, (QList<sched::Reason> {sched::Reason::TooHot, sched::Reason::ExclusiveApp}));
        QCOMPARE(d.explanations.size(), 3);
        QVERIFY2(d.explanations[0].contains(QStringLiteral("91 °C"))
                && !d.explanations[0].contains(QStringLiteral("GPU is at")),
            qPrintable(d.explanations[0]));
        QCOMPARE(d.explanations[1], QStringLiteral("запущено: game.exe"));
        QCOMPARE(d.explanations[2], QStringLiteral("a future reason"));

        // An older instance sends no arguments: its words are kept as they are.
        QJsonObject old = QJsonDocument::fromJson(sent).object();
        old.remove(QStringLiteral("arguments"));
        QVERIFY(QCoreApplication::installTranslator(&russian));
        const sched::Decision fromOld = sched::decisionFromJson(old);
        QCoreApplication::removeTranslator(&russian);
        QCOMPARE(fromOld.explanations[1], QStringLiteral("game.exe is running"));
        // Missing or malformed argument lists read "?" rather than failing.
        QCOMPARE(sched::explain(sched::Reason::BatteryLow, {QStringLiteral("12")}),
            QStringLiteral("the battery is at 12% (limit ?%)"));
        QCOMPARE(
            sched::explain(sched::Reason::Snoozed, {QStringLiteral("soon")}), QStringLiteral("snoozed until soon"));
    }

    void foreignJsonIsReadSafely_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("no time") << QByteArray(R"({"device":"cpu","run":true})") << false;
        QTest::newRow("bad time") << QByteArray(R"({"at":"yesterday","device":"cpu","run":true})") << false;
        QTest::newRow("no device") << QByteArray(R"({"at":"2026-11-24T10:00:00Z","run":true})") << false;
        QTest::newRow("run not bool") << QByteArray(R"({"at":"2026-11-24T10:00:00Z","device":"cpu","run":1})") << false;
        QTest::newRow("unknown reason, wild duty")
            << QByteArray(R"({"at":"2026-11-24T10:00:00Z","device":"cpu","run":false,"duty_percent":900,)"
                          R"("reasons":["from-the-future","too-hot",7],"explanations":["hot",3]})")
            << true;
    }
    void foreignJsonIsReadSafely()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, accepted);
        const auto c = sched::stateChangeFromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(bool(c), accepted);
        if (c) {
            QCOMPARE(c->dutyPercent, 100);
            QCOMPARE(c->reasons, QList<sched::Reason> {sched::Reason::TooHot});
            // The known reason first (its sent words are not text: put into words here, values
            // unknown), then the unknown reason's words as sent.
            QCOMPARE(c->explanations, (QStringList {sched::explain(sched::Reason::TooHot, {}), QStringLiteral("hot")}));
        }
    }

    void mirrorsTheInstancesDecisions()
    {
        test::ManualClock clock;
        Instance instance(clock);
        Client client(instance.name);
        RemoteScheduler remote(client);
        QSignalSpy attached(&remote, &RemoteScheduler::attachedChanged);
        QVERIFY(waitAttached(remote));
        QCOMPARE(attached.count(), 1);
        QCOMPARE(remote.devices(), QStringList {QStringLiteral("cpu")});
        QVERIFY(remote.decision(QStringLiteral("cpu")).run);
        QCOMPARE(remote.decision(QStringLiteral("cpu")).dutyPercent,
            instance.rig.governor.decision(QStringLiteral("cpu")).dutyPercent);
        QCOMPARE(remote.status().value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());
    }

    void ownerCommandsReachTheInstance()
    {
        test::ManualClock clock;
        Instance instance(clock);
        sched::Governor& g = instance.rig.governor;
        Client client(instance.name);
        RemoteScheduler remote(client);
        QVERIFY(waitAttached(remote));
        QSignalSpy decisions(&remote, &RemoteScheduler::decisionChanged);

        remote.pause();
        QTRY_VERIFY(!remote.decision(QStringLiteral("cpu")).run);
        QVERIFY(!g.decision(QStringLiteral("cpu")).run);
        QVERIFY(remote.decision(QStringLiteral("cpu")).reasons.contains(sched::Reason::UserPaused));
        QVERIFY(decisions.count() >= 1);

        remote.resume(); // the pause is lifted (work starts again once the resume dwell has passed)
        QTRY_VERIFY(!remote.decision(QStringLiteral("cpu")).reasons.contains(sched::Reason::UserPaused));
        QVERIFY(!g.decision(QStringLiteral("cpu")).reasons.contains(sched::Reason::UserPaused));

        remote.snooze(sched::SnoozeLength::Minutes15);
        QTRY_VERIFY(remote.snoozedUntil().has_value());
        QVERIFY(g.snoozedUntil().has_value());
        QCOMPARE(*remote.snoozedUntil(), g.snoozedUntil()->toUTC());
        QCOMPARE(g.snoozedUntil()->toUTC(), clock.nowUtc().addSecs(15 * 60));

        remote.snoozeFor(90min);
        QTRY_COMPARE(remote.snoozedUntil()->toUTC(), clock.nowUtc().addSecs(90 * 60));
        remote.resume();
        QTRY_VERIFY(!remote.snoozedUntil().has_value());
        QVERIFY(!g.snoozedUntil().has_value());
    }

    void historyArrivesOnceInOrder()
    {
        test::ManualClock clock;
        Instance instance(clock);
        sched::Governor& g = instance.rig.governor;
        Client client(instance.name);
        RemoteScheduler remote(client);
        QSignalSpy changes(&remote, &RemoteScheduler::stateChanged);
        QVERIFY(waitAttached(remote));
        QTRY_COMPARE(remote.history().entries().size(), g.history().entries().size()); // what came before
        g.pause();
        clock.advance(2s);
        g.resume();
        clock.advance(10min);
        g.tick(); // past the resume dwell: running again
        const std::size_t total = g.history().entries().size();
        QVERIFY2(total >= 3, qPrintable(QString::number(total)));
        // A poll asked for while one is in flight is dropped, so keep asking until the changes are
        // in (a loaded machine, a sanitizer build: the first may have started before the pause).
        QTRY_COMPARE_WITH_TIMEOUT((remote.poll(), remote.history().entries().size()), total, 30000);
        // Polling again brings nothing twice: three more poll cycles start (so at least two ended).
        QSignalSpy cycles(&remote, &RemoteScheduler::statusReceived);
        QTRY_VERIFY_WITH_TIMEOUT((remote.poll(), cycles.count() >= 3), 30000);
        QCOMPARE(remote.history().entries().size(), total);
        QCOMPARE(std::size_t(changes.count()), total);
        for (std::size_t i = 0; i < total; ++i) {
            QCOMPARE(remote.history().entries()[i].at, g.history().entries()[i].at);
            QCOMPARE(remote.history().entries()[i].run, g.history().entries()[i].run);
        }
    }

    void theInstancesLogArrives()
    {
        QVERIFY(log::init({}));
        test::ManualClock clock;
        Instance instance(clock);
        log::get("sched")->warn("marker line one");
        Client client(instance.name);
        RemoteScheduler remote(client);
        QVERIFY(waitAttached(remote));
        const auto has = [&](const QString& text) {
            const auto lines = remote.log();
            return std::any_of(lines.begin(), lines.end(), [&](const log::LogLine& l) { return l.text == text; });
        };
        QTRY_VERIFY(has(QStringLiteral("marker line one")));
        const std::uint64_t count = remote.logCount();
        log::get("net")->error("marker line two");
        remote.poll();
        QTRY_VERIFY(has(QStringLiteral("marker line two")));
        QVERIFY(remote.logCount() > count);
        const auto lines = remote.log();
        QCOMPARE(std::count_if(
                     lines.begin(), lines.end(), [](const log::LogLine& l) { return l.text == u"marker line one"; }),
            1); // fetched once
        QCOMPARE(lines.back().level, spdlog::level::err);
        QCOMPARE(lines.back().subsystem, QStringLiteral("net"));
        log::shutdown();
    }

    void processesAndSettingsGoThroughTheInstance()
    {
        test::ManualClock clock;
        Instance instance(clock);
        instance.rig.probe.script.runningProcesses = {QStringLiteral("steam"), QStringLiteral("blender")};
        clock.advance(5s);
        instance.rig.governor.tick();
        Client client(instance.name);
        RemoteScheduler remote(client);
        QVERIFY(waitAttached(remote));
        QCOMPARE(remote.runningProcesses(), instance.rig.probe.script.runningProcesses);

        // The window's settings: the same file, but every change is made by the instance.
        Settings mirror(instance.rig.settings.filePath(), clock, node::settingChecks());
        QVERIFY(mirror.load());
        mirror.setWriter(settingsWriter(client));
        const QString key = QString::fromLatin1(keys::schedDutyIdle);
        QVERIFY(mirror.set(key, 35));
        QCOMPARE(instance.rig.settings.intValue(key), 35); // applied by the instance at once
        Settings fresh(instance.rig.settings.filePath(), clock, node::settingChecks());
        QVERIFY(fresh.load());
        QCOMPARE(fresh.intValue(key), 35); // and written by it
        QVERIFY(mirror.reset(key));
        QVERIFY(instance.rig.settings.isDefault(key));

        // A value the instance refuses comes back as a typed error with its reason.
        auto refused = client.sendAndWait({QStringLiteral("settings.set"),
            {{QStringLiteral("key"), key}, {QStringLiteral("text"), QStringLiteral("lots")}}});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ControlErrc::BadArgument);
        auto unknown = client.sendAndWait({QStringLiteral("settings.set"),
            {{QStringLiteral("key"), QStringLiteral("no.such")}, {QStringLiteral("text"), QStringLiteral("1")}}});
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("no.such")));
    }

    void noticesAnInstanceThatGoesAndComesBack()
    {
        test::ManualClock clock;
        auto instance = std::make_unique<Instance>(clock);
        const QString name = instance->name;
        Client client(name);
        RemoteScheduler remote(client);
        QSignalSpy attached(&remote, &RemoteScheduler::attachedChanged);
        QVERIFY(waitAttached(remote));

        instance.reset();
        remote.poll();
        QTRY_VERIFY(!remote.isAttached());
        QCOMPARE(attached.count(), 2);
        QCOMPARE(attached.last().at(0).toBool(), false);
        QVERIFY(!attached.last().at(1).toString().isEmpty());
        const sched::Decision shown = remote.decision(QStringLiteral("cpu"));
        QVERIFY(!shown.run);
        QVERIFY(!shown.explanations.isEmpty());

        QSignalSpy failed(&remote, &RemoteScheduler::commandFailed);
        remote.pause();
        QTRY_COMPARE(failed.count(), 1);

        // A new instance on the same socket name: attached again.
        test::GovernorRig rig(clock, {{QStringLiteral("sched.mode"), QStringLiteral("always")}});
        Service service({clock, rig.governor, rig.settings, {}, {}});
        Server server(name, service);
        QVERIFY(server.listen());
        remote.poll();
        QTRY_VERIFY(remote.isAttached());
        QVERIFY(remote.decision(QStringLiteral("cpu")).run);
    }

    void silentInstanceTimesOut()
    {
        QTemporaryDir dir;
        const QString name = socketName(dir.path());
        QLocalServer mute; // accepts, never answers
        QLocalServer::removeServer(name);
        QVERIFY(mute.listen(name));
        Client client(name);
        const auto r = client.sendAndWait({QStringLiteral("status"), {}}, 200ms);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ControlErrc::Timeout);

        QTemporaryDir none;
        Client nobody(socketName(none.path()));
        const auto n = nobody.sendAndWait({QStringLiteral("status"), {}});
        QVERIFY(!n);
        QCOMPARE(n.error().code, ControlErrc::NotRunning);
    }
};

QTEST_GUILESS_MAIN(TestRemoteScheduler)
#include "TestRemoteScheduler.moc"
