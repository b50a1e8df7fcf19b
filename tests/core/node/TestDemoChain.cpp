// The demo's emulated TON chain as a child process: why it cannot run, its port read from the
// child's first line, a child that says nothing useful, and an owner that stops while the chain
// is still starting (nothing is reported into it). Real child processes: small Node.js scripts
// standing in for tests/ton-emulator/server.mjs, so the start-up protocol is what is tested.
#include "TestSupport.h"
#include "node/DemoChain.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace cocoon::node;

class TestDemoChain : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString script(const QString& name, const QByteArray& body)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(body) != body.size())
            return {};
        // The packages the real chain needs, present as far as unavailable() looks.
        QDir(m_dir.path()).mkpath(QStringLiteral("node_modules/@ton/sandbox"));
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            COCOON_SKIP_OR_FAIL(QStringLiteral("the demo chain runs under Node.js (make deps installs it)"));
    }

    void unavailableSaysWhy()
    {
        QVERIFY(DemoChain::unavailable({}).contains(QStringLiteral("not part of this installation")));
        QVERIFY(DemoChain::unavailable(m_dir.filePath(QStringLiteral("gone.mjs")))
                    .contains(QStringLiteral("not part of this installation")));
        QTemporaryDir bare;
        const QString lonely = bare.filePath(QStringLiteral("server.mjs"));
        QFile f(lonely);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QVERIFY(DemoChain::unavailable(lonely).contains(QStringLiteral("packages are not installed")));
        QCOMPARE(DemoChain::unavailable(script(QStringLiteral("ok.mjs"), "")), QString());
    }

    void readyWithThePortTheChildPrints()
    {
        DemoChain chain(script(
            QStringLiteral("port.mjs"), "console.log(JSON.stringify({port: 40123})); setInterval(() => {}, 1000);\n"));
        QSignalSpy ready(&chain, &DemoChain::ready);
        QSignalSpy failed(&chain, &DemoChain::failed);
        chain.start();
        QVERIFY(ready.wait(20000));
        QCOMPARE(ready.at(0).at(0).toString(), QStringLiteral("http://127.0.0.1:40123/api/v2/"));
        QCOMPARE(chain.endpoint(), ready.at(0).at(0).toString());
        QCOMPARE(failed.count(), 0);
    }

    void aChildWithoutAPortFails()
    {
        DemoChain chain(script(QStringLiteral("noise.mjs"), "console.log('hello'); setInterval(() => {}, 1000);\n"));
        QSignalSpy failed(&chain, &DemoChain::failed);
        chain.start();
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("did not start")));
    }

    /// An app stopped while its chain is still starting: killing the child reports nothing, so the
    /// owner (mid-destruction) is never called back (ASan found exactly this in the app).
    void stoppingWhileStartingReportsNothing()
    {
        const QString path = script(QStringLiteral("slow.mjs"), "setInterval(() => {}, 1000);\n");
        bool reported = false;
        {
            DemoChain chain(path);
            connect(&chain, &DemoChain::failed, this, [&] { reported = true; });
            connect(&chain, &DemoChain::ready, this, [&] { reported = true; });
            chain.start(); // still starting: the child prints no port
        }
        QVERIFY(!reported);
    }
};

QTEST_GUILESS_MAIN(TestDemoChain)
#include "TestDemoChain.moc"
