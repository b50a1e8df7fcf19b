#include "TestSupport.h"
#include "common/Logging.h"

#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryDir>

using namespace cocoon;

Q_LOGGING_CATEGORY(lcNet, "cocoon.net")

namespace {
QString readAll(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll());
}
} // namespace

class TestLogging : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { log::shutdown(); }

    void parseLevel_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("level");
        QTest::newRow("trace") << "trace" << int(spdlog::level::trace);
        QTest::newRow("Debug") << "Debug" << int(spdlog::level::debug);
        QTest::newRow("warning") << "warning" << int(spdlog::level::warn);
        QTest::newRow("off") << "off" << int(spdlog::level::off);
        QTest::newRow("bad") << "loud" << -1;
    }
    void parseLevel()
    {
        QFETCH(QString, text);
        QFETCH(int, level);
        const auto l = log::parseLevel(text);
        QCOMPARE(l ? int(*l) : -1, level);
    }

    void namedLoggersShareTheFile()
    {
        QTemporaryDir dir;
        log::Options o;
        o.logDir = dir.path();
        o.stderrLevel = spdlog::level::off;
        QVERIFY(log::init(o));
        log::get("crypto")->info("crypto says hi");
        log::get("sched")->warn("sched warns");
        log::get("nonsense")->info("unknown goes to core");
        log::get("db")->debug("below the level");
        qCWarning(lcNet) << "qt category message";
        qWarning("plain qt message");
        log::shutdown();
        const QString text = readAll(log::logFilePath(dir.path()));
        QVERIFY(text.contains("[crypto] info: crypto says hi"));
        QVERIFY(text.contains("[sched] warning: sched warns"));
        QVERIFY(text.contains("[core] info: unknown goes to core"));
        QVERIFY(!text.contains("below the level"));
        QVERIFY(text.contains("[net] warning: qt category message"));
        QVERIFY(text.contains("[qt] warning: plain qt message"));
    }

    /// Re-initialising with another file name moves every logger to that file (a window attached
    /// to the service logs beside it, not into its file).
    void reinitWithAnotherFileName()
    {
        QTemporaryDir dir;
        log::Options o;
        o.logDir = dir.path();
        o.stderrLevel = spdlog::level::off;
        QVERIFY(log::init(o));
        log::get("core")->info("first file");
        o.fileName = QStringLiteral("window.log");
        QVERIFY(log::init(o));
        log::get("core")->info("second file");
        log::shutdown();
        const QString first = readAll(log::logFilePath(dir.path()));
        const QString second = readAll(log::logFilePath(dir.path(), QStringLiteral("window.log")));
        QVERIFY(first.contains("first file") && !first.contains("second file"));
        QVERIFY(second.contains("second file") && !second.contains("first file"));
    }

    void rotationKeepsBoundedFiles()
    {
        QTemporaryDir dir;
        log::Options o;
        o.logDir = dir.path();
        o.stderrLevel = spdlog::level::off;
        o.maxFileBytes = 4096;
        o.maxFiles = 2;
        QVERIFY(log::init(o));
        for (int i = 0; i < 500; ++i) {
            log::get("core")->info("line {} with some padding to fill the file quickly", i);
        }
        log::shutdown();
        const QStringList files = QDir(dir.path()).entryList(QDir::Files);
        QCOMPARE(files.size(), 3); // the current file plus 2 rotated ones
        for (const QString& f : files) {
            QVERIFY(QFileInfo(dir.filePath(f)).size() <= 4096 + 200);
        }
    }

    void unwritableDirectoryIsAnError()
    {
        log::Options o;
        o.logDir = "/proc/no-such-dir";
        auto r = log::init(o);
        QVERIFY(!r);
        QVERIFY(r.error().contains("/proc/no-such-dir"));
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "TestLogging.moc"
