// Start at login through XDG autostart, in a private XDG_CONFIG_HOME: the entry is written with a
// correctly quoted Exec line, validated by desktop-file-validate when installed, and removed again.
#include "TestSupport.h"
#include "common/Autostart.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocoon;

class TestAutostart : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;

private slots:
    void initTestCase() { qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8()); }

    void enableWritesAnEntryAndDisableRemovesIt()
    {
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
        QSKIP("XDG autostart only");
#endif
        QCOMPARE(autostart::location(), m_home.filePath("autostart/cocoon-contributor.desktop"));
        QVERIFY(!autostart::isEnabled());
        QVERIFY(autostart::setEnabled(true, "/opt/Cocoon Contributor/bin/cocoon-contributor", {"--minimized"}));
        QVERIFY(autostart::isEnabled());
        QFile f(autostart::location());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY2(
            text.contains("\nExec=\"/opt/Cocoon Contributor/bin/cocoon-contributor\" --minimized\n"), qPrintable(text));
        QVERIFY(text.startsWith("[Desktop Entry]\nType=Application\n"));
        QCOMPARE(QFileInfo(f).permissions() & (QFile::ReadOther | QFile::WriteOther), QFile::Permissions());

        const QString validator = QStandardPaths::findExecutable("desktop-file-validate");
        if (!validator.isEmpty()) {
            QProcess p;
            p.start(validator, {autostart::location()});
            QVERIFY(p.waitForFinished(10000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardOutput().constData());
        }

        QVERIFY(autostart::setEnabled(false, {}));
        QVERIFY(!QFile::exists(autostart::location()));
        QVERIFY(!autostart::isEnabled());
        QVERIFY(autostart::setEnabled(false, {})); // already off: fine
    }

    void aHiddenEntryCountsAsOff()
    {
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
        QSKIP("XDG autostart only");
#endif
        QVERIFY(autostart::setEnabled(true, "/usr/bin/cocoon-contributor"));
        QFile f(autostart::location());
        QVERIFY(f.open(QIODevice::Append));
        f.write("Hidden=true\n"); // what desktop settings panels write to turn an entry off
        f.close();
        QVERIFY(!autostart::isEnabled());
        QVERIFY(autostart::setEnabled(false, {}));
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "TestAutostart.moc"
