#include "TestSupport.h"
#include "sched/Schedule.h"

using namespace cocoon::sched;

class TestSchedule : public QObject
{
    Q_OBJECT
private slots:
    void allows_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("day");
        QTest::addColumn<int>("hour");
        QTest::addColumn<bool>("allowed");
        const QString nights = "mon-fri 22-7";
        QTest::newRow("fri 23h") << nights << 5 << 23 << true;
        QTest::newRow("sat 06h (fri night continues)") << nights << 6 << 6 << true;
        QTest::newRow("sat 07h (ended)") << nights << 6 << 7 << false;
        QTest::newRow("mon 06h (no sun night)") << nights << 1 << 6 << false;
        QTest::newRow("tue 03h") << nights << 2 << 3 << true;
        QTest::newRow("mon 22h") << nights << 1 << 22 << true;
        QTest::newRow("wed noon") << nights << 3 << 12 << false;
        QTest::newRow("weekend all day") << "sat-sun 0-24" << 7 << 23 << true;
        QTest::newRow("weekend not monday") << "sat-sun 0-24" << 1 << 0 << false;
        QTest::newRow("wrapping day range") << "sat-mon 9-17" << 1 << 10 << true;
        QTest::newRow("day list") << "mon,wed 9-10" << 3 << 9 << true;
        QTest::newRow("day list excludes") << "mon,wed 9-10" << 2 << 9 << false;
        QTest::newRow("two entries") << "mon 1-2; tue 3-4" << 2 << 3 << true;
        QTest::newRow("sun night wraps to mon") << "sun 23-1" << 1 << 0 << true;
        QTest::newRow("empty allows nothing") << "" << 1 << 0 << false;
        QTest::newRow("case and spaces") << "  MON-Fri   8 - 9 " << 4 << 8 << true;
    }
    void allows()
    {
        QFETCH(QString, text);
        QFETCH(int, day);
        QFETCH(int, hour);
        QFETCH(bool, allowed);
        auto s = WeeklySchedule::parse(text);
        QVERIFY2(s, s ? "" : qPrintable(s.error()));
        QCOMPARE(s->allows(day, hour), allowed);
        // The canonical text reads back to the same grid.
        QCOMPARE(*WeeklySchedule::parse(s->toText()), *s);
    }
    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no hours") << "mon-fri"
                                  << "DAYS FROM-TO";
        QTest::newRow("bad day") << "funday 1-2"
                                 << "days are";
        QTest::newRow("hour 25") << "mon 1-25"
                                 << "0 to 24";
        QTest::newRow("start 24") << "mon 24-2"
                                  << "0 to 24";
        QTest::newRow("three-part range") << "mon-tue-wed 1-2"
                                          << "days are";
        QTest::newRow("garbage") << "every day"
                                 << "DAYS FROM-TO";
    }
    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        auto s = WeeklySchedule::parse(text);
        QVERIFY(!s);
        QVERIFY2(s.error().contains(mentions), qPrintable(s.error()));
    }
    void dateTimeLookup()
    {
        auto s = *WeeklySchedule::parse("fri 22-7");
        QVERIFY(s.allows(QDateTime(QDate(2026, 11, 27), QTime(23, 30)))); // a Friday
        QVERIFY(s.allows(QDateTime(QDate(2026, 11, 28), QTime(6, 59)))); // Saturday morning
        QVERIFY(!s.allows(QDateTime(QDate(2026, 11, 28), QTime(7, 0))));
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "TestSchedule.moc"
