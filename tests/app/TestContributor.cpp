// cocoon-contributor started as a real process: --version, --headless, the no-display fallback,
// the desktop window on the offscreen platform, and a clean stop on SIGTERM.
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <csignal>

class TestContributor : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_bin = QDir(cocoon::test::binDir()).filePath("cocoon-contributor");
        QVERIFY2(QFile::exists(m_bin), qPrintable(m_bin));
    }

    void version()
    {
        QProcess p;
        p.start(m_bin, {"--version"});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().startsWith("cocoon-contributor "));
    }

    void badOptionIsAUsageError()
    {
        QProcess p;
        p.start(m_bin, {"--headless", "--log-level", "shouty"});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("--log-level"));
    }

    void runs_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("unsetEnv");
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("expectLine");
        QTest::addColumn<QByteArray>("settings"); // values in config/settings.json before the start
        QTest::newRow("--headless") << QStringList {"--headless"} << QStringList {} << ""
                                    << "running headless" << QByteArray();
        QTest::newRow("no display falls back to headless")
            << QStringList {} << QStringList {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"} << ""
            << "no display found" << QByteArray();
        QTest::newRow("desktop window (offscreen)") << QStringList {} << QStringList {} << "offscreen"
                                                    << "is running (data in" << QByteArray(R"({"app.enrolled": true})");
        // The interface language comes from the settings (here Russian, as the owner chose it).
        QTest::newRow("desktop window in Russian")
            << QStringList {} << QStringList {} << "offscreen"
            << "запущен (данные в" << QByteArray(R"({"app.enrolled": true, "ui.language": "ru"})");
        // A first run opens the setup wizard before joining anything; a signal still ends the app.
        QTest::newRow("first run shows the wizard") << QStringList {} << QStringList {} << "offscreen"
                                                    << "showing the setup wizard" << QByteArray();
        // Without a coordinator: the local demo network runs real jobs within seconds.
        QTest::newRow("demo network") << QStringList {"--headless"} << QStringList {} << ""
                                      << "Demo network: ai.mlp done" << QByteArray();
        // With Node.js and the emulated TON chain (make deps), the demo pays test TON within seconds.
        QTest::newRow("demo network pays test TON") << QStringList {"--headless"} << QStringList {} << ""
                                                    << "demo payout arrived on the emulated chain" << QByteArray();
        QTest::newRow("no demo") << QStringList {"--headless", "--no-demo"} << QStringList {} << ""
                                 << "nothing is being contributed" << QByteArray();
    }
    void runs()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, unsetEnv);
        QFETCH(QString, platform);
        QFETCH(QString, expectLine);
        QFETCH(QByteArray, settings);
        if (expectLine.contains("demo payout")) {
            const QDir chain = QFileInfo(qEnvironmentVariable("COCOON_DEMO_CHAIN")).dir();
            if (QStandardPaths::findExecutable("node").isEmpty() || !chain.exists("node_modules/@ton/sandbox"))
                COCOON_SKIP_OR_FAIL(QStringLiteral("the emulated TON chain needs Node.js and make deps"));
        }
        QTemporaryDir dir;
        if (!settings.isEmpty()) { // e.g. a returning user: the wizard was completed before
            QVERIFY(QDir().mkpath(dir.filePath("config")));
            QFile file(dir.filePath("config/settings.json"));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"schema": 1, "values": )" + settings + "}");
        }
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& v : unsetEnv)
            env.remove(v);
        if (!platform.isEmpty())
            env.insert("QT_QPA_PLATFORM", platform);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(m_bin, QStringList {"--data-dir", dir.path(), "--log-level", "info"} + args);
        QVERIFY(p.waitForStarted());
        // Wait (event-driven, no sleeping) until the app says it is up.
        QByteArray output;
        while (!output.contains(expectLine.toUtf8())) {
            QVERIFY2(p.waitForReadyRead(20000), output.constData());
            output += p.readAll();
        }
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
        output += p.readAll(); // what a crash or a sanitizer said on the way out
        QVERIFY2(p.exitStatus() == QProcess::NormalExit, output.right(8000).constData());
        QVERIFY2(p.exitCode() == 0, output.right(8000).constData());
        // Logged to the rotating file in the data dir, and stopped cleanly.
        QFile log(QDir(dir.path()).filePath("logs/cocoon.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY2(text.contains("[core] info: Cocoon Contributor"), text.constData());
        QVERIFY2(text.contains("stopping (exit code 0)"), text.constData());
        QVERIFY(QFile::exists(QDir(dir.path()).filePath("config")));
        // No helper process (the demo coordinator) outlives the app.
        for (const QString& pid : QDir("/proc").entryList(QDir::Dirs)) {
            QFile cmd("/proc/" + pid + "/cmdline");
            if (pid.toInt() > 0 && cmd.open(QIODevice::ReadOnly)) {
                QVERIFY2(
                    !cmd.readAll().contains(dir.path().toUtf8()), qPrintable("process " + pid + " was left running"));
            }
        }
    }

    /// cocoonctl controls a running headless instance through its control channel, as a power user
    /// with several rigs would from a shell.
    void cocoonctlControlsAHeadlessInstance()
    {
        QTemporaryDir dir;
        QProcess app;
        QVERIFY(startHeadless(app, dir.path()));
        const QString ctl = QDir(cocoon::test::binDir()).filePath("cocoonctl");
        const auto run = [&](const QStringList& args, int expectRc = 0) {
            QProcess p;
            p.start(ctl, QStringList {"--data-dir", dir.path()} + args);
            [&] { QVERIFY(p.waitForFinished(20000)); }();
            const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
            [&] { QVERIFY2(p.exitCode() == expectRc, out.constData()); }();
            return QString::fromUtf8(out);
        };
        QString out = run({"status"});
        QVERIFY2(out.contains("(headless)") && out.contains("nothing is being contributed"), qPrintable(out));
        QVERIFY(run({"pause"}).contains("cpu: paused: you paused it"));
        QVERIFY(run({"status", "--json"}).contains("\"run\": false"));
        QVERIFY(run({"resume"}).contains("Mode:"));
        out = run({"snooze", "2h30m"});
        QVERIFY2(out.contains("snoozed until"), qPrintable(out));
        QVERIFY(run({"snooze", "whenever"}, 2).contains("usage"));
        QVERIFY(run({"limits", "set", "sched.temperatureCapC", "75"}).contains("sched.temperatureCapC = 75"));
        QVERIFY(run({"limits", "get"}).contains("sched.temperatureCapC        = 75 °C"));
        QVERIFY(run({"limits", "set", "sched.temperatureCapC", "hot"}, 1).contains("whole number"));
        QVERIFY(run({"jobs"}).contains("No jobs yet"));
        // Settings changed from the shell go through the instance, which owns the file.
        QVERIFY(run({"settings", "set", "ui.notifications", "false"}).contains("applied by the running instance"));
        QVERIFY(run({"settings", "set", "ui.notifications", "maybe"}, 1).contains("true or false"));

        // The desktop app started now shows this instance instead of starting a second core, and
        // leaves it running when it quits.
        QTemporaryDir shots;
        QProcess gui;
        gui.setProcessChannelMode(QProcess::MergedChannels);
        gui.start(m_bin, {"--data-dir", dir.path(), "--screenshots", shots.path()});
        QVERIFY(gui.waitForFinished(60000));
        const QString guiOut = QString::fromUtf8(gui.readAll());
        QVERIFY2(gui.exitCode() == 0, qPrintable(guiOut));
        QVERIFY2(guiOut.contains(QStringLiteral("running in the background (process %1)").arg(app.processId())),
            qPrintable(guiOut));
        QVERIFY2(guiOut.contains("Screenshots saved"), qPrintable(guiOut));
        QVERIFY(QFile::exists(shots.filePath("06-activity.png")));
        // The window logged to a file of its own; the service's log has one writer.
        QFile windowLog(QDir(dir.path()).filePath("logs/cocoon-window.log"));
        QVERIFY(windowLog.open(QIODevice::ReadOnly));
        const QByteArray windowText = windowLog.readAll();
        QVERIFY2(windowText.contains(
                     QStringLiteral("window attached to the service, process %1").arg(app.processId()).toUtf8()),
            windowText.constData());
        QFile serviceLog(QDir(dir.path()).filePath("logs/cocoon.log"));
        QVERIFY(serviceLog.open(QIODevice::ReadOnly));
        QVERIFY(!serviceLog.readAll().contains("starting (desktop)"));
        QVERIFY(run({"status"}).contains("(headless)"));
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitCode(), 0);
        // Stopped: cocoonctl says so and how to start it.
        QVERIFY(run({"status"}, 1).contains("not running"));
    }

    /// One core per data directory: a second --headless on the same directory says who holds it
    /// and exits non-zero, and the first keeps running. A running instance writes no core file.
    void oneCorePerDataDirectory()
    {
        QTemporaryDir dir;
        QProcess first;
        QVERIFY(startHeadless(first, dir.path()));
        QProcess second;
        second.setProcessChannelMode(QProcess::MergedChannels);
        second.start(m_bin, {"--data-dir", dir.path(), "--headless", "--no-demo"});
        QVERIFY(second.waitForFinished(20000));
        const QString said = QString::fromUtf8(second.readAll());
        QCOMPARE(second.exitCode(), 1);
        QVERIFY2(said.contains(QStringLiteral("another Cocoon Contributor (process %1").arg(first.processId())),
            qPrintable(said));
        QVERIFY(!said.contains("running headless")); // it stopped before starting a core
        QCOMPARE(first.state(), QProcess::Running);
#ifdef Q_OS_LINUX
        // Core dumps are off in the running instance (its keys never reach a core file).
        QFile limits(QStringLiteral("/proc/%1/limits").arg(first.processId()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        const QByteArray text = limits.readAll();
        QVERIFY2(QRegularExpression(QStringLiteral("Max core file size\\s+0\\s+0"))
                     .match(QString::fromLatin1(text))
                     .hasMatch(),
            text.constData());
#endif
        ::kill(pid_t(first.processId()), SIGTERM);
        QVERIFY(first.waitForFinished(20000));
        QCOMPARE(first.exitCode(), 0);
        // Once it has stopped, the directory is free again (a lock left by a crash is taken over too).
        QProcess third;
        QVERIFY(startHeadless(third, dir.path()));
        third.kill(); // SIGKILL: it leaves its lock file behind
        QVERIFY(third.waitForFinished(20000));
        QProcess fourth;
        QVERIFY(startHeadless(fourth, dir.path()));
        ::kill(pid_t(fourth.processId()), SIGTERM);
        QVERIFY(fourth.waitForFinished(20000));
    }

private:
    /// Starts --headless --no-demo on `dir` and waits until it says it runs (false after 20 s of
    /// silence or if it exits).
    bool startHeadless(QProcess& app, const QString& dir)
    {
        app.setProcessChannelMode(QProcess::MergedChannels);
        app.start(m_bin, {"--data-dir", dir, "--headless", "--no-demo"});
        QByteArray output;
        while (!output.contains("nothing is being contributed")) {
            if (!app.waitForReadyRead(20000)) {
                qWarning("%s", output.constData());
                return false;
            }
            output += app.readAll();
        }
        return true;
    }

    QString m_bin;
};

QTEST_GUILESS_MAIN(TestContributor)
#include "TestContributor.moc"
