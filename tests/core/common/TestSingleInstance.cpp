// One instance per user and data directory, over a real local socket: the second acquire() finds
// the first and asks it to show itself; a stale socket left by a crashed instance is taken over.
#include "common/LocalPeer.h"
#include "common/SingleInstance.h"

#include <QLocalServer>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace cocoon;

class TestSingleInstance : public QObject
{
    Q_OBJECT
private slots:
    void secondLaunchActivatesTheFirst()
    {
        const QString name
            = SingleInstance::defaultName(QStringLiteral("/tmp/test-%1").arg(QCoreApplication::applicationPid()));
        SingleInstance first(name);
        QVERIFY(first.acquire());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);
        // The second launch runs on its own thread (it blocks briefly, as a real second process would).
        bool secondIsFirst = true;
        QThread* t = QThread::create([&] {
            SingleInstance second(name);
            secondIsFirst = second.acquire();
        });
        t->start();
        QVERIFY(activated.wait(5000));
        QVERIFY(t->wait(5000));
        delete t;
        QVERIFY(!secondIsFirst);
    }

    void namesDifferPerDataDirectory()
    {
        QVERIFY(SingleInstance::defaultName("/a") != SingleInstance::defaultName("/b"));
        QCOMPARE(SingleInstance::defaultName("/a"), SingleInstance::defaultName("/a"));
        // A path in a directory only this user may enter (the runtime directory, or its own).
        const QFileInfo where(SingleInstance::defaultName("/a"));
        QVERIFY(where.isAbsolute());
        QVERIFY(where.fileName().startsWith("cocoon-contributor-"));
        QCOMPARE(localpeer::checkPrivateDir(where.path()), QString());
    }

    void aStaleSocketIsTakenOver()
    {
#ifdef Q_OS_UNIX
        const QString name = QStringLiteral("cocoon-test-stale-%1").arg(QCoreApplication::applicationPid());
        {
            // A listener that goes away without removing its socket file (as after a crash).
            QLocalServer crashed;
            crashed.setSocketOptions(QLocalServer::UserAccessOption);
            QVERIFY(crashed.listen(name));
            const QString path = crashed.fullServerName();
            crashed.close(); // removes the file; put one back to play the crash
            QFile stale(path);
            QVERIFY(stale.open(QIODevice::WriteOnly));
        }
        SingleInstance instance(name);
        QVERIFY(instance.acquire());
#else
        QSKIP("socket files are a Unix matter");
#endif
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "TestSingleInstance.moc"
