// The Limits page on the offscreen platform, over a real settings file and a real governor: bad
// values are refused in place (nothing written), good ones are applied and the governor decides
// with them at once, without a restart.
#include "LimitsEditor.h"
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "config/Settings.h"
#include "node/SettingChecks.h"
#include "sched/Governor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace std::chrono_literals;
using namespace cocoon;
using namespace cocoon::ui;

class TestLimitsEditor : public QObject
{
    Q_OBJECT
    test::ManualClock m_clock;

private slots:
    void badTextIsRefusedInPlace_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("app name") << "sched.exclusiveApps"
                                  << "steam, rm -rf /"
                                  << "is not a process name";
        QTest::newRow("override out of range") << "sched.deviceOverrides"
                                               << "gpu0: dutyWhileIdle=500"
                                               << "500";
        QTest::newRow("override unknown key") << "sched.deviceOverrides"
                                              << "gpu0: colour=blue"
                                              << "colour";
        QTest::newRow("override no device") << "sched.deviceOverrides"
                                            << "dutyWhileIdle=5"
                                            << "";
    }
    void badTextIsRefusedInPlace()
    {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QString, why);
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), m_clock, node::settingChecks());
        LimitsEditor editor(settings, {}, {"cpu", "gpu0"});
        editor.show();
        auto* edit = qobject_cast<QLineEdit*>(editor.field(key));
        QVERIFY(edit);
        QTest::keyClicks(edit, text);
        QVERIFY2(!editor.errorFor(key).isEmpty(), "the reason is shown next to the field");
        QVERIFY2(editor.errorFor(key).contains(why), qPrintable(editor.errorFor(key)));
        QVERIFY(!editor.applyButton()->isEnabled());
        QVERIFY(edit->property("invalid").toBool());
        QVERIFY(!editor.apply());
        QVERIFY(editor.statusLabel()->text().contains("Nothing was applied"));
        QVERIFY(settings.isDefault(key));
        QVERIFY(!QFile::exists(dir.filePath("settings.json")));
    }

    void goodValuesApplyWithoutRestart()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), m_clock, node::settingChecks());
        QVERIFY(settings.set("sched.mode", "always"));
        test::ScriptedProbe probe;
        probe.script.idleFor = 5s; // the user is at the keyboard
        sched::Governor governor(m_clock, probe, settings);
        governor.addDevice("gpu0");
        governor.tick();
        QCOMPARE(governor.decision("gpu0").dutyPercent, 30);

        LimitsEditor editor(settings, {}, {"gpu0"});
        editor.show();
        QVERIFY(!editor.applyButton()->isEnabled()); // nothing changed yet
        qobject_cast<QSlider*>(editor.field("sched.dutyWhileActive"))->setValue(55);
        qobject_cast<QSpinBox*>(editor.field("sched.temperatureCapC"))->setValue(70);
        qobject_cast<QCheckBox*>(editor.field("sched.pauseOnBattery"))->setChecked(false);
        qobject_cast<QLineEdit*>(editor.field("sched.deviceOverrides"))->setText("gpu0: powerCapW=150");
        QVERIFY(editor.applyButton()->isEnabled());
        QVERIFY(editor.apply());
        QVERIFY2(editor.statusLabel()->text().contains("Applied 4 change"), qPrintable(editor.statusLabel()->text()));
        QCOMPARE(settings.intValue("sched.dutyWhileActive"), 55);
        QCOMPARE(settings.intValue("sched.temperatureCapC"), 70);
        QCOMPARE(settings.boolValue("sched.pauseOnBattery"), false);
        governor.tick();
        QCOMPARE(governor.decision("gpu0").dutyPercent, 55); // the running governor uses it now
        QCOMPARE(governor.limits("gpu0").powerCapW, 150);
        QVERIFY(!editor.applyButton()->isEnabled());

        // Revert drops unapplied edits.
        qobject_cast<QSpinBox*>(editor.field("sched.temperatureCapC"))->setValue(90);
        editor.revert();
        QCOMPARE(qobject_cast<QSpinBox*>(editor.field("sched.temperatureCapC"))->value(), 70);

        // Spin boxes cannot leave the table's range.
        auto* cap = qobject_cast<QSpinBox*>(editor.field("sched.temperatureCapC"));
        QCOMPARE(cap->minimum(), 40);
        QCOMPARE(cap->maximum(), 100);
        QCOMPARE(cap->suffix(), QStringLiteral(" °C"));
    }

    void scheduleGridWritesTheSchedule()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), m_clock, node::settingChecks());
        QVERIFY(settings.set("sched.schedule", "mon-fri 22-7"));
        LimitsEditor editor(settings, {}, {});
        editor.show();
        ScheduleGrid* grid = editor.scheduleGrid();
        QVERIFY(grid->allows(1, 23));
        QVERIFY(grid->allows(2, 3)); // Monday night runs into Tuesday
        QVERIFY(!grid->allows(6, 12));
        // Click Saturday noon; select Sunday 8..9 and allow them.
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualItemRect(grid->item(5, 12)).center());
        QVERIFY(grid->allows(6, 12));
        grid->clearSelection();
        grid->item(6, 8)->setSelected(true);
        grid->item(6, 9)->setSelected(true);
        grid->allowSelected();
        QVERIFY(editor.apply());
        auto parsed = sched::WeeklySchedule::parse(settings.stringValue("sched.schedule"));
        QVERIFY(parsed);
        QVERIFY(parsed->allows(6, 12));
        QVERIFY(parsed->allows(7, 8) && parsed->allows(7, 9) && !parsed->allows(7, 10));
        QVERIFY(parsed->allows(1, 22));
        // Accessible text says the state in words.
        QVERIFY(grid->item(5, 12)->data(Qt::AccessibleTextRole).toString().contains("allowed"));
    }

    void exclusiveAppsFromRunningPrograms()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), m_clock, node::settingChecks());
        QVERIFY(settings.set("sched.exclusiveApps", "blender"));
        LimitsEditor editor(settings, [] { return QStringList {"steam", "blender", "cs2", "steam"}; }, {});
        editor.show();
        QDialog* picker = editor.openProcessPicker();
        auto* list = picker->findChild<QListWidget*>("processList");
        QCOMPARE(list->count(), 3); // duplicates merged, sorted
        QCOMPARE(list->item(0)->text(), QStringLiteral("blender"));
        QCOMPARE(list->item(0)->checkState(), Qt::Checked);
        list->item(1)->setCheckState(Qt::Checked); // cs2
        picker->accept();
        QCOMPARE(qobject_cast<QLineEdit*>(editor.field("sched.exclusiveApps"))->text(), QStringLiteral("blender, cs2"));
        QVERIFY(editor.apply());
        QCOMPARE(settings.stringValue("sched.exclusiveApps"), QStringLiteral("blender, cs2"));
    }

    void changesMadeElsewhereShowUp()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), m_clock, node::settingChecks());
        LimitsEditor editor(settings, {}, {});
        QVERIFY(settings.set("sched.mode", "paused")); // e.g. cocoonctl or the tray
        QCOMPARE(qobject_cast<QComboBox*>(editor.field("sched.mode"))->currentText(), QStringLiteral("paused"));
    }
};

QTEST_MAIN(TestLimitsEditor)
#include "TestLimitsEditor.moc"
