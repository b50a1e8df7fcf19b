// The Activity page on the offscreen platform: the governor's "why was it paused" timeline, and the
// log viewer over the real spdlog loggers — live lines, filters by level, subsystem and text.
#include "ActivityPage.h"
#include "GovernorRig.h"
#include "common/Logging.h"
#include "config/Settings.h"
#include "sched/Governor.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace std::chrono_literals;
using namespace cocoon;
using namespace cocoon::ui;

namespace {
QStringList messages(QTableWidget* t)
{
    QStringList out;
    for (int r = 0; r < t->rowCount(); ++r)
        out << t->item(r, 2)->text() + ": " + t->item(r, 3)->text();
    return out;
}
} // namespace

class TestActivityPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        log::Options o;
        o.level = spdlog::level::debug;
        o.stderrLevel = spdlog::level::off;
        QVERIFY(log::init(o));
    }
    void cleanupTestCase() { log::shutdown(); }

    void timelineSaysWhyItPaused()
    {
        test::ManualClock clock;
        test::GovernorRig rig(clock, {}, {"gpu0"});
        sched::Governor& governor = rig.governor;
        test::ScriptedProbe& probe = rig.probe;
        ActivityPage page;
        page.attachScheduler(&governor);
        QCOMPARE(page.timeline()->count(), 1);
        probe.script.idleFor = 3s;
        governor.tick();
        QCOMPARE(page.timeline()->count(), 2);
        QVERIFY2(page.timeline()->item(0)->text().contains("gpu0 paused: you are using the computer"),
            qPrintable(page.timeline()->item(0)->text()));
        QVERIFY(page.timeline()->item(1)->text().contains("working at 100%"));
    }

    void logViewerFiltersLiveLines()
    {
        ActivityPage page;
        log::get("net")->info("connected to the demo coordinator");
        log::get("wallet")->warn("toncenter answered 429; retrying");
        log::get("sched")->debug("tick took 1 ms");
        log::get("db")->error("ledger: disk full");
        page.refreshLog();
        QStringList shown = messages(page.logTable());
        QVERIFY2(shown.contains("net: connected to the demo coordinator"), qPrintable(shown.join('\n')));
        QVERIFY(shown.contains("wallet: toncenter answered 429; retrying"));
        QVERIFY(!shown.contains("sched: tick took 1 ms")); // info and above by default

        page.levelBox()->setCurrentIndex(0); // debug
        QVERIFY(messages(page.logTable()).contains("sched: tick took 1 ms"));
        page.levelBox()->setCurrentIndex(2); // warnings and errors
        shown = messages(page.logTable());
        QCOMPARE(shown, (QStringList {"wallet: toncenter answered 429; retrying", "db: ledger: disk full"}));
        page.subsystemBox()->setCurrentIndex(page.subsystemBox()->findData("db"));
        QCOMPARE(messages(page.logTable()), QStringList {"db: ledger: disk full"});
        page.subsystemBox()->setCurrentIndex(0);
        page.levelBox()->setCurrentIndex(0);
        page.searchBox()->setText("DEMO");
        QCOMPARE(messages(page.logTable()), QStringList {"net: connected to the demo coordinator"});

        // Live: a new line appears on the next refresh; Qt's own messages are routed in too.
        page.searchBox()->clear();
        qWarning("a Qt warning");
        page.refreshLog();
        QVERIFY(messages(page.logTable()).contains("qt: a Qt warning"));
        QCOMPARE(page.logTable()->item(page.logTable()->rowCount() - 1, 1)->text(), QStringLiteral("warning"));
    }

    void ringIsBounded()
    {
        for (std::size_t i = 0; i < log::kRecentLines + 50; ++i)
            log::get("core")->info("line {}", i);
        const auto lines = log::recent();
        QCOMPARE(lines.size(), log::kRecentLines);
        QCOMPARE(lines.back().text, QStringLiteral("line %1").arg(log::kRecentLines + 49));
    }
};

QTEST_MAIN(TestActivityPage)
#include "TestActivityPage.moc"
