// The main window, on the offscreen platform.
#include "ActivityPage.h"
#include "EarningsPage.h"
#include "MainWindow.h"
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "config/Settings.h"
#include "ledger/Ledger.h"
#include "node/SettingChecks.h"
#include "sched/Governor.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace std::chrono_literals;

using namespace cocoon;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void showsDevicesAndHonestStatus()
    {
        test::ManualClock clock;
        MainWindow w(
            clock, {{"CPU (2 threads)", true, {}, "cpu"}, {"NVIDIA GPU", false, "no usable NVIDIA GPU: no driver"}});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.windowTitle(), QStringLiteral("Cocoon Contributor"));
        QVERIFY(w.statusLabel()->text().contains("no coordinator is configured"));
        w.showNetwork(QStringLiteral("Connected to the coordinator at wss://127.0.0.1:1; contributing."));
        QVERIFY(w.statusLabel()->text().startsWith("Connected"));
        QVERIFY(!w.statusLabel()->accessibleName().isEmpty());
        QVERIFY(w.findChild<QWidget*>("card_cpu")); // a usable device gets a Dashboard card
        const auto lines = w.findChildren<QLabel*>("deviceLine"); // an unusable one says why
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines[0]->text().contains("no driver"));
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
    }
    void schedulingStateMenuAndTimeline()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        test::ScriptedProbe probe;
        probe.script.idleFor = 600s;
        sched::Governor governor(clock, probe, settings);
        governor.addDevice("cpu");
        governor.addDevice("gpu0");
        governor.tick();
        MainWindow w(clock, {{"CPU", true, {}, "cpu"}, {"GPU", true, {}, "gpu0"}});
        w.attachScheduler(&governor);
        QVERIFY2(w.deviceStateText("cpu").contains("Running"), qPrintable(w.deviceStateText("cpu")));
        QStringList menus;
        for (QAction* a : w.menuBar()->actions())
            menus << a->text();
        QCOMPARE(menus, (QStringList {"&File", "&Contribute", "&Help"}));

        probe.script.idleFor = 5s; // the user is back
        governor.tick();
        QVERIFY2(w.deviceStateText("gpu0").contains("Paused</b> — you are using the computer"),
            qPrintable(w.deviceStateText("gpu0")));
        w.findChild<QAction*>("actionSnooze15")->trigger();
        QVERIFY(w.deviceStateText("cpu").contains("snoozed until"));
        QVERIFY(w.findChild<QAction*>("actionPause")->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_P));
        probe.script.idleFor = 600s; // the user left again
        w.findChild<QAction*>("actionResume")->trigger();
        QVERIFY2(w.deviceStateText("cpu").contains("resuming in"), qPrintable(w.deviceStateText("cpu")));

        // Newest first: snoozed (both devices), user active (both), working (both, before attach).
        QListWidget* timeline = w.activityPage()->timeline();
        QCOMPARE(timeline->count(), 6);
        QVERIFY(timeline->item(0)->text().contains("paused: snoozed until"));
        QVERIFY(timeline->item(3)->text().contains("you are using the computer"));
        QVERIFY(timeline->item(5)->text().contains("working at 100%"));
    }

    void ledgerPagesAreTabs()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        auto book = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(book);
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        test::ScriptedProbe probe;
        sched::Governor governor(clock, probe, settings);
        MainWindow w(clock, {});
        QCOMPARE(w.pages()->count(), 1);
        // Attached in any order, the pages keep theirs.
        w.attachScheduler(&governor);
        w.attachLimits(settings, {}, {});
        w.attachLedger(&*book, true);
        QStringList tabs;
        for (int i = 0; i < w.pages()->count(); ++i)
            tabs << w.pages()->tabText(i);
        QCOMPARE(tabs, (QStringList {"&Dashboard", "&Earnings", "&Wallet", "&Jobs", "&Limits", "&Activity"}));
        w.pages()->setCurrentWidget(w.earningsPage());
        QVERIFY(w.earningsPage()->totalsLabel()->text().contains("test TON"));
        w.attachLedger(nullptr, false); // switching ledgers keeps one set of pages
        QCOMPARE(w.pages()->count(), 6);
        QVERIFY(w.earningsPage()->totalsLabel()->text().contains("could not be opened"));
    }

    /// Every control a keyboard or screen-reader user reaches has a name: its own text, an
    /// accessible name, or a label pointing at it (buddy).
    void everyControlHasAName()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        auto book = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(book);
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        test::ScriptedProbe probe;
        sched::Governor governor(clock, probe, settings);
        governor.addDevice("cpu");
        MainWindow w(clock, {{"CPU", true, {}, "cpu"}});
        w.attachScheduler(&governor);
        w.attachLedger(&*book, false);
        w.attachLimits(settings, {}, {"cpu"});
        w.show();
        QSet<QWidget*> labelled;
        for (QLabel* l : w.findChildren<QLabel*>())
            if (l->buddy())
                labelled.insert(l->buddy());
        QStringList unnamed;
        int checked = 0;
        for (QWidget* c : w.findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(c) || qobject_cast<QLineEdit*>(c)
                || qobject_cast<QComboBox*>(c) || qobject_cast<QAbstractSpinBox*>(c) || qobject_cast<QSlider*>(c)
                || qobject_cast<QAbstractItemView*>(c);
            if (!control || c->focusPolicy() == Qt::NoFocus || c->inherits("QTabBar")
                || c->parent()->inherits("QTabBar") || c->inherits("QHeaderView")
                || c->parent()->inherits("QAbstractSpinBox") || c->parent()->inherits("QComboBox")
                || c->parent()->inherits("QScrollBar") || c->parent()->inherits("QLineEdit"))
                continue;
            const auto* b = qobject_cast<QAbstractButton*>(c);
            ++checked;
            if (c->accessibleName().isEmpty() && !labelled.contains(c) && !(b && !b->text().isEmpty()))
                unnamed << QStringLiteral("%1 '%2' in %3")
                               .arg(c->metaObject()->className(), c->objectName(),
                                   c->parentWidget() ? c->parentWidget()->objectName() : QString());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join('\n')));
        QVERIFY2(checked > 30, qPrintable(QString::number(checked))); // the pages' controls were all seen
    }

    void languageMenuOffersEveryTranslation()
    {
        test::ManualClock clock;
        MainWindow w(clock, {});
        auto* menu = w.findChild<QMenu*>("menuLanguage");
        QVERIFY(menu);
        QStringList codes;
        for (QAction* a : menu->actions())
            codes << a->data().toString();
        QCOMPARE(codes, (QStringList {"system", "en", "ru", "es"}));
        w.setLanguage("ru");
        QVERIFY(w.findChild<QAction*>("language_ru")->isChecked());
        QSignalSpy chosen(&w, &MainWindow::languageChosen);
        w.findChild<QAction*>("language_es")->trigger();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen[0][0].toString(), QStringLiteral("es"));
    }

    void tierIsSaidPlainly()
    {
        test::ManualClock clock;
        MainWindow w(clock, {});
        w.showTier(false, {"CPU: not running in an AMD SEV-SNP or Intel TDX guest"});
        QVERIFY(w.tierLabel()->text().contains("Privacy: sealed"));
        QVERIFY(w.tierLabel()->text().contains("not running in an AMD SEV-SNP"));
        w.showTier(true, {});
        QVERIFY(w.tierLabel()->text().contains("Privacy: confidential"));
        QCOMPARE(w.findChildren<QLabel*>("tierLabel").size(), 1);
    }

    void quitActionEndsTheEventLoop()
    {
        test::ManualClock clock;
        MainWindow w(clock, {});
        auto* quit = w.findChild<QAction*>("actionQuit");
        QVERIFY(quit);
        QTimer::singleShot(0, quit, &QAction::trigger);
        QTimer guard; // fails the test instead of hanging if Quit does nothing
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, [] { QCoreApplication::exit(42); });
        guard.start(10000);
        QCOMPARE(QCoreApplication::exec(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
