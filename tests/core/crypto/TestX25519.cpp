#include "TestSupport.h"
#include "common/Hex.h"
#include "crypto/X25519.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace cocoon;

Q_DECLARE_METATYPE(cocoon::KeyErrc)

class TestX25519 : public QObject
{
    Q_OBJECT
private slots:
    void saveAndLoad()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("k.pem");
        auto key = X25519PrivateKey::generate();
        QVERIFY(key);
        QVERIFY(key->saveFile(path));
        QCOMPARE(QFile::permissions(path)
                & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("-----BEGIN PRIVATE KEY-----"));
        auto loaded = X25519PrivateKey::loadFile(path);
        QVERIFY(loaded);
        QCOMPARE(loaded->publicKey(), key->publicKey());
        QVERIFY(loaded->rawPrivateKey() == key->rawPrivateKey());
    }

    void refusesToOverwrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("k.pem");
        auto a = X25519PrivateKey::generate();
        auto b = X25519PrivateKey::generate();
        QVERIFY(a->saveFile(path));
        auto r = b->saveFile(path);
        QVERIFY(!r);
        QCOMPARE(r.error().code, KeyErrc::FileExists);
        QCOMPARE(X25519PrivateKey::loadFile(path)->publicKey(), a->publicKey());
        QVERIFY(b->saveFile(path, true));
        QCOMPARE(X25519PrivateKey::loadFile(path)->publicKey(), b->publicKey());
    }

    void readsOpensslGenpkeyOutput()
    {
        const QString openssl = QStandardPaths::findExecutable("openssl");
        if (openssl.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("the openssl command is not installed"));
        }
        QTemporaryDir dir;
        for (const char* form : {"PEM", "DER"}) {
            const QString path = dir.filePath(QStringLiteral("o.") + form);
            QProcess p;
            p.start(openssl, {"genpkey", "-algorithm", "X25519", "-outform", form, "-out", path});
            QVERIFY(p.waitForFinished());
            QCOMPARE(p.exitCode(), 0);
            auto key = X25519PrivateKey::loadFile(path);
            QVERIFY2(key, key ? "" : qPrintable(key.error().message));
            // The public key openssl derives is ours too.
            QProcess pub;
            pub.start(openssl, {"pkey", "-inform", form, "-in", path, "-pubout", "-outform", "DER"});
            QVERIFY(pub.waitForFinished());
            QCOMPARE(pub.readAllStandardOutput().right(32).toHex(), hex::encode(key->publicKey()).toLatin1());
        }
    }

    void rejectsBadKeys_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<KeyErrc>("code");
        QTest::newRow("empty") << QByteArray() << KeyErrc::BadEncoding;
        QTest::newRow("garbage") << QByteArray("hello world") << KeyErrc::BadEncoding;
        QTest::newRow("broken pem") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                                    << KeyErrc::BadEncoding;
        // An Ed25519 key (RFC 8410 example): valid PKCS#8, wrong algorithm.
        QTest::newRow("ed25519") << QByteArray(
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END "
            "PRIVATE KEY-----\n") << KeyErrc::WrongType;
    }
    void rejectsBadKeys()
    {
        QFETCH(QByteArray, content);
        QFETCH(KeyErrc, code);
        auto r = X25519PrivateKey::fromPkcs8(content);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
    }

    void missingFile()
    {
        auto r = X25519PrivateKey::loadFile("/nonexistent/k.pem");
        QVERIFY(!r);
        QCOMPARE(r.error().code, KeyErrc::Io);
        QVERIFY(r.error().message.contains("/nonexistent/k.pem"));
    }

    void publicKeyHex_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("good") << QString(64, 'a') << true;
        QTest::newRow("short") << QString(62, 'a') << false;
        QTest::newRow("long") << QString(66, 'a') << false;
        QTest::newRow("not hex") << QString(64, 'g') << false;
    }
    void publicKeyHex()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QCOMPARE(bool(parsePublicKeyHex(text)), ok);
    }

    void diffieHellmanAgreesAndRejectsSmallOrder()
    {
        auto a = X25519PrivateKey::generate();
        auto b = X25519PrivateKey::generate();
        QVERIFY(a->diffieHellman(b->publicKey())->toByteArray() == b->diffieHellman(a->publicKey())->toByteArray());
        X25519PublicKey one {};
        one[0] = 1; // order-1 point u=1? (u=0 and u=1 both give the all-zero result)
        QCOMPARE(a->diffieHellman(one).error().code, KeyErrc::WeakKey);
        QCOMPARE(a->diffieHellman(X25519PublicKey {}).error().code, KeyErrc::WeakKey);
    }
};

QTEST_GUILESS_MAIN(TestX25519)
#include "TestX25519.moc"
