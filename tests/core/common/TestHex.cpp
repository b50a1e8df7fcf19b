#include "TestSupport.h"
#include "common/Hex.h"

using namespace cocoon;

class TestHex : public QObject
{
    Q_OBJECT
private slots:
    void decode_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << "" << true << QByteArray();
        QTest::newRow("lower") << "00ff10" << true << QByteArray("\x00\xff\x10", 3);
        QTest::newRow("upper") << "ABCD" << true << QByteArray("\xab\xcd");
        QTest::newRow("whitespace around") << "  abcd\n" << true << QByteArray("\xab\xcd");
        QTest::newRow("odd length") << "abc" << false << QByteArray();
        QTest::newRow("bad char") << "zz" << false << QByteArray();
        QTest::newRow("inner space") << "ab cd" << false << QByteArray();
        QTest::newRow("0x prefix") << "0xab" << false << QByteArray();
    }
    void decode()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QByteArray, bytes);
        auto r = hex::decode(text);
        QCOMPARE(bool(r), ok);
        if (ok) {
            QCOMPARE(*r, bytes);
        } else {
            QVERIFY(!r.error().isEmpty());
        }
    }
    void encode()
    {
        const unsigned char b[] = {0x00, 0x7f, 0xff};
        QCOMPARE(hex::encode(b), QStringLiteral("007fff"));
    }
};

QTEST_GUILESS_MAIN(TestHex)
#include "TestHex.moc"
