// Sealed envelopes interoperate with an independent HPKE implementation (hpke-js, driven through
// tests/hpke-interop/interop.mjs as a child process): cocoonctl seal -> hpke-js open, and the reverse.
#include "TestSupport.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

using cocoon::test::readFile;
using cocoon::test::writeFile;

class TestHpkeInterop : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_ctl = QDir(cocoon::test::binDir()).filePath("cocoonctl");
        m_node = QStandardPaths::findExecutable("node");
        m_script = QDir(qEnvironmentVariable("COCOON_INTEROP_DIR")).filePath("interop.mjs");
        const QString modules = QDir(qEnvironmentVariable("COCOON_INTEROP_DIR")).filePath("node_modules/@hpke/core");
        if (m_node.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("Node.js is not installed (make deps installs it)"));
        }
        if (!QFile::exists(modules)) {
            COCOON_SKIP_OR_FAIL(
                QStringLiteral("hpke-js is not installed: run 'make deps' (npm ci in tests/hpke-interop)"));
        }
        QVERIFY(run(m_ctl, {"--data-dir", m_dir.path(), "keygen", "--out", path("k.pem")}));
        m_pub = QString::fromLatin1(m_lastOut.trimmed());
    }

    void bothDirections_data()
    {
        QTest::addColumn<QString>("aead");
        QTest::addColumn<int>("chunk");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("aad");
        for (const char* aead : {"aes-256-gcm", "chacha20-poly1305"}) {
            for (int size : {0, 1, 999, 1000, 1001, 5000}) {
                QTest::addRow("%s-chunk1000-size%d", aead, size) << QString(aead) << 1000 << size << "c0ffee";
            }
            QTest::addRow("%s-1MiB-chunks-3MiB", aead) << QString(aead) << 1048576 << 3 * 1048576 + 11 << "";
        }
    }
    void bothDirections()
    {
        QFETCH(QString, aead);
        QFETCH(int, chunk);
        QFETCH(int, size);
        QFETCH(QString, aad);
        QByteArray pt(size, Qt::Uninitialized);
        for (char& c : pt)
            c = char(QRandomGenerator::global()->generate());
        writeFile(path("pt"), pt);
        const QStringList aadArgs = aad.isEmpty() ? QStringList {} : QStringList {"--aad-hex", aad};

        // Ours -> theirs.
        QVERIFY(run(m_ctl,
            QStringList {"--data-dir", m_dir.path(), "seal", "--to", m_pub, "--purpose", "job-input", "--aead", aead,
                "--chunk-size", QString::number(chunk), "--in", path("pt"), "--out", path("ours.ct")}
                + aadArgs));
        QVERIFY(run(m_node,
            QStringList {m_script, "open", "--key", path("k.pem"), "--purpose", "job-input", "--in", path("ours.ct"),
                "--out", path("theirs.pt")}
                + aadArgs));
        QCOMPARE(readFile(path("theirs.pt")), pt);

        // Theirs -> ours.
        QVERIFY(run(m_node,
            QStringList {m_script, "seal", "--to", m_pub, "--purpose", "job-output", "--aead", aead, "--chunk-size",
                QString::number(chunk), "--in", path("pt"), "--out", path("theirs.ct")}
                + aadArgs));
        QVERIFY(run(m_ctl,
            QStringList {"--data-dir", m_dir.path(), "open", "--key", path("k.pem"), "--purpose", "job-output", "--in",
                path("theirs.ct"), "--out", path("ours.pt")}
                + aadArgs));
        QCOMPARE(readFile(path("ours.pt")), pt);

        // And the other side refuses what it must: a different purpose.
        QVERIFY(!run(m_node,
            QStringList {m_script, "open", "--key", path("k.pem"), "--purpose", "job-output", "--in", path("ours.ct"),
                "--out", path("x.pt")}
                + aadArgs));
    }

private:
    bool run(const QString& program, const QStringList& args)
    {
        QProcess p;
        p.start(program, args);
        if (!p.waitForStarted() || !p.waitForFinished(120000)) {
            qWarning() << "did not finish:" << program << args;
            return false;
        }
        m_lastOut = p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        if (p.exitCode() != 0 && !err.isEmpty()) {
            qInfo("%s: %s", qPrintable(QFileInfo(program).fileName()), err.trimmed().constData());
        }
        return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    QString path(const QString& n) const { return m_dir.filePath(n); }

    QTemporaryDir m_dir;
    QString m_ctl, m_node, m_script, m_pub;
    QByteArray m_lastOut;
};

QTEST_GUILESS_MAIN(TestHpkeInterop)
#include "TestHpkeInterop.moc"
