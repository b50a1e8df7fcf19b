#include "TestSupport.h"
#include "common/AtomicFile.h"

#include <QDir>
#include <QTemporaryDir>

using namespace cocoon;

class TestAtomicFile : public QObject
{
    Q_OBJECT
private slots:
    void writesAndReplaces()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("f.txt");
        QVERIFY(writeFileAtomically(path, "first"));
        QVERIFY(writeFileAtomically(path, "second, longer"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("second, longer"));
        // No temporary files are left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {"f.txt"});
    }
    void permissionsFromCreation()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("secret");
        QVERIFY(writeFileAtomically(path, "k", QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const auto perms = QFile::permissions(path);
        QVERIFY(perms.testFlag(QFileDevice::ReadOwner) && perms.testFlag(QFileDevice::WriteOwner));
        QCOMPARE(perms & 0x00FF, QFileDevice::Permissions()); // nothing for group or others
    }
    void failureKeepsOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("missing-dir/f.txt");
        auto r = writeFileAtomically(path, "x");
        QVERIFY(!r);
        QVERIFY(r.error().contains("missing-dir"));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "TestAtomicFile.moc"
