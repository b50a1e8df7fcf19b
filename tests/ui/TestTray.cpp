// The tray on the offscreen platform (no system tray there: the menu, state and notifications are
// exercised directly): its actions change what the real governor decides, its icon follows the
// state, and a game taking over notifies once.
#include "GovernorRig.h"
#include "Tray.h"
#include "config/Settings.h"
#include "sched/Governor.h"

#include <QAction>
#include <QMenu>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

using namespace std::chrono_literals;
using namespace cocoon;
using namespace cocoon::ui;

class TestTray : public QObject
{
    Q_OBJECT
    test::ManualClock m_clock;

private slots:
    void actionsChangeTheWorkerState()
    {
        test::GovernorRig rig(m_clock, {{"sched.mode", "always"}, {"sched.resumeAfterSeconds", 0}}, {"cpu", "gpu0"});
        sched::Governor& governor = rig.governor;
        test::ScriptedProbe& probe = rig.probe;
        QWidget window;
        Tray tray(&governor, &window);
        QCOMPARE(tray.state(), Tray::State::Running);
        QVERIFY(tray.toolTip().contains("working"));

        tray.action("trayPause")->trigger();
        QVERIFY(!governor.decision("cpu").run);
        QVERIFY(!governor.decision("gpu0").run);
        QCOMPARE(tray.state(), Tray::State::Paused);
        QVERIFY2(tray.toolTip().contains("paused"), qPrintable(tray.toolTip()));

        tray.action("trayResume")->trigger();
        governor.tick();
        QVERIFY(governor.decision("cpu").run);
        QCOMPARE(tray.state(), Tray::State::Running);

        tray.action("traySnooze60")->trigger();
        QVERIFY(!governor.decision("cpu").run);
        QVERIFY(governor.snoozedUntil().has_value());
        QCOMPARE(governor.snoozedUntil()->secsTo(m_clock.nowUtc().addSecs(3600)), 0);
        tray.action("traySnooze15")->trigger();
        QCOMPARE(governor.snoozedUntil()->secsTo(m_clock.nowUtc().addSecs(900)), 0);
        tray.action("traySnoozeTomorrow")->trigger();
        QCOMPARE(governor.snoozedUntil()->toLocalTime().time(), QTime(0, 0));
        tray.action("trayResume")->trigger();
        governor.tick();
        QVERIFY(governor.decision("gpu0").run);

        // The user comes back: throttled to the active duty.
        probe.script.idleFor = 5s;
        governor.tick();
        QCOMPARE(tray.state(), Tray::State::Throttled);
        QVERIFY(tray.toolTip().contains("30%"));

        // Open shows the window; Quit asks the app to quit.
        QVERIFY(!window.isVisible());
        tray.action("trayOpen")->trigger();
        QVERIFY(window.isVisible());
        QSignalSpy quit(&tray, &Tray::quitRequested);
        tray.action("trayQuit")->trigger();
        QCOMPARE(quit.count(), 1);
    }

    void notifiesOncePerGameAndOnPayoutsAndErrors()
    {
        test::GovernorRig rig(m_clock, {{"sched.mode", "always"}, {"sched.resumeAfterSeconds", 0}}, {"cpu", "gpu0"});
        sched::Governor& governor = rig.governor;
        test::ScriptedProbe& probe = rig.probe;
        Tray tray(&governor, nullptr);
        QVERIFY(tray.lastNotification().isEmpty());
        probe.script.fullscreenApp = "Cyberpunk 2077";
        governor.tick();
        QVERIFY2(tray.lastNotification().startsWith("Paused for you"), qPrintable(tray.lastNotification()));
        QVERIFY(tray.lastNotification().contains("Cyberpunk 2077"));
        tray.notify("x", "y");
        governor.tick(); // still the same game: no second notification
        QCOMPARE(tray.lastNotification(), QStringLiteral("x: y"));

        tray.notifyPayout("1.5", true);
        QVERIFY(tray.lastNotification().contains("1.5 test TON arrived"));
        tray.notifyError("the coordinator refused this node: wrong pin");
        QCOMPARE(tray.state(), Tray::State::Error);
        QVERIFY(tray.toolTip().contains("wrong pin"));
        tray.clearError();
        QCOMPARE(tray.state(), Tray::State::Paused);
    }

    void iconsDifferPerState()
    {
        QList<QImage> images;
        for (auto s : {Tray::State::Running, Tray::State::Throttled, Tray::State::Paused, Tray::State::Error}) {
            const QIcon icon = Tray::iconFor(s);
            QVERIFY(!icon.isNull());
            images << icon.pixmap(32, 32).toImage();
        }
        for (int i = 0; i < images.size(); ++i)
            for (int j = i + 1; j < images.size(); ++j)
                QVERIFY(images[i] != images[j]);
    }
};

QTEST_MAIN(TestTray)
#include "TestTray.moc"
