// The real desktop app under a real X server (Xvfb), on the local demo network: once it has done a
// few jobs it saves every page at 1280x800 (`--screenshots DIR`, kept under the build directory as
// a test artifact). The test fails if the app reports an error dialog, a page is missing, has the
// wrong size, or is blank.
#include "TestSupport.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using cocoon::test::startService;

class TestScreenshots : public QObject
{
    Q_OBJECT
private slots:
    void everyPageOnTheDemoNetwork()
    {
        QByteArray displayNumber;
        QString why;
        auto xvfb = startService(
            "Xvfb", {"-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1600x1000x24"}, &displayNumber, &why);
        if (!xvfb)
            COCOON_SKIP_OR_FAIL(why);
        const QString out = qEnvironmentVariable("COCOON_SCREENSHOT_DIR");
        QVERIFY(!out.isEmpty());
        QDir(out).removeRecursively();
        QTemporaryDir data;
        // A fresh X server has just seen "input", so the scheduler would (rightly) yield to the
        // user and the demo network would do no work: contribute always, as a rig owner would.
        // A payout address, so the wallet page has its QR code; toncenter points at a closed
        // loopback port (no internet in tests), so the page shows why the balance is unknown.
        const QList<QStringList> settings {{"sched.mode", "always"},
            {"wallet.address", "UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U"},
            {"wallet.toncenterUrl", "http://127.0.0.1:9/api/v2"}};
        for (const QStringList& kv : settings) {
            QProcess ctl;
            ctl.start(QDir(cocoon::test::binDir()).filePath("cocoonctl"),
                QStringList {"--data-dir", data.path(), "settings", "set"} + kv);
            QVERIFY(ctl.waitForFinished(20000));
            QVERIFY2(ctl.exitCode() == 0, ctl.readAllStandardError().constData());
        }
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DISPLAY", ":" + displayNumber);
        env.insert("QT_QPA_PLATFORM", "xcb");
        env.remove("WAYLAND_DISPLAY");
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::MergedChannels);
        app.start(QDir(cocoon::test::binDir()).filePath("cocoon-contributor"),
            {"--data-dir", data.path(), "--screenshots", out});
        QVERIFY(app.waitForStarted());
        QVERIFY2(app.waitForFinished(120000), "the app did not finish its screenshots in 120 s");
        const QByteArray output = app.readAll();
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("Screenshots saved:"), output.constData());

        const QStringList pages {
            "01-dashboard.png", "02-earnings.png", "03-wallet.png", "04-jobs.png", "05-limits.png", "06-activity.png"};
        QCOMPARE(QDir(out).entryList({"*.png"}, QDir::Files, QDir::Name), pages);
        for (const QString& page : pages) {
            const QImage image(QDir(out).filePath(page));
            QVERIFY2(!image.isNull(), qPrintable(page));
            QCOMPARE(image.size(), QSize(1280, 800));
            // Not blank: a page with text, tables or a chart has many colours (antialiasing).
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 4)
                for (int x = 0; x < image.width(); x += 4)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 8,
                qPrintable(QStringLiteral("%1 looks blank (%2 colours)").arg(page).arg(colours.size())));
        }
    }
};

QTEST_GUILESS_MAIN(TestScreenshots)
#include "TestScreenshots.moc"
