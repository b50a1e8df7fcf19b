// The main window, on the offscreen platform.
#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QtTest>

using namespace cocoon;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void showsDevicesAndHonestStatus()
    {
        MainWindow w({{"CPU (2 threads)", true, {}}, {"NVIDIA GPU", false, "no usable NVIDIA GPU: no driver"}});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.windowTitle(), QStringLiteral("Cocoon Contributor"));
        QVERIFY(w.statusLabel()->text().contains("Not contributing yet"));
        QVERIFY(!w.statusLabel()->accessibleName().isEmpty());
        const auto lines = w.findChildren<QLabel*>("deviceLine");
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0]->text().contains("ready"));
        QVERIFY(lines[1]->text().contains("no driver"));
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
    }
    void quitActionEndsTheEventLoop()
    {
        MainWindow w({});
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
