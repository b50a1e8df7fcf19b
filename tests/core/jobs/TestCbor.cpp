#include "TestSupport.h"
#include "jobs/Cbor.h"

#include <QCborArray>
#include <QCborMap>

using namespace cocoon;

class TestCbor : public QObject
{
    Q_OBJECT
private slots:
    void mapKeysAreSortedByEncoding()
    {
        QCborMap m;
        m.insert(QStringLiteral("bb"), 1);
        m.insert(QStringLiteral("a"), 2);
        m.insert(QStringLiteral("c"), 3);
        m.insert(QStringLiteral("aa"), QCborMap {{QStringLiteral("z"), 1}, {QStringLiteral("y"), 2}});
        // Shorter keys first (their header byte is smaller), then bytewise.
        QCOMPARE(cbor::encode(m).toHex(),
            QByteArray("a4"
                       "616102"
                       "616303"
                       "626161a2617902617a01"
                       "62626201"));
    }
    void decodeAcceptsOnlyCanonical_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("canonical map") << QByteArray("a2616101616202") << true << "";
        QTest::newRow("unsorted keys") << QByteArray("a2616202616101") << false << "canonical";
        QTest::newRow("non-shortest int") << QByteArray("1805") << false << "canonical";
        QTest::newRow("indefinite array") << QByteArray("9f01ff") << false << "canonical";
        QTest::newRow("float") << QByteArray("fb3ff0000000000000") << false << "floats";
        QTest::newRow("tag") << QByteArray("c11a5bb9a8c0") << false << "tags";
        QTest::newRow("undefined") << QByteArray("f7") << false << "not allowed";
        QTest::newRow("trailing bytes") << QByteArray("0101") << false << "after";
        QTest::newRow("truncated") << QByteArray("a26161") << false << "not valid CBOR";
        QTest::newRow("empty") << QByteArray("") << false << "not valid CBOR";
        QTest::newRow("map as map key") << QByteArray("a1a1010101") << false << "map key";
        QTest::newRow("array as map key") << QByteArray("a1810101") << false << "map key";
        QTest::newRow("integer map key") << QByteArray("a10102") << true << "";
        QTest::newRow("16 levels") << QByteArray(16, '8').replace("8", "81") + "00" << true << "";
        QTest::newRow("17 levels") << QByteArray(17, '8').replace("8", "81") + "00" << false << "16 levels";
        QTest::newRow("truncated inside nesting") << QByteArray("818182") << false << "not valid CBOR";
        // fuzz_manifest, out of memory: maps keyed by maps keyed by maps, 210 bytes.
        QTest::newRow("nested map keys (fuzz)") << QByteArray::fromBase64(
            "qmF2qoGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGhgYGBgYGBgYGBgYGBgYGBgYGB"
            "gYGBgYGBgYGBgYGBgYGBgYGhoaEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAChoaGhoaGhoaGhoaGhoaGhoaGhoaGB"
            "gaGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBYXYAAAAAAAAAAAAAAAAALgAAAAAAAAAAAAAAAAAAAAAAAAA"
            "RAAABYmkAYmRp")
                                                       .toHex()
                                                << false << "";
        QTest::newRow("nested float") << QByteArray("a1617881f93c00") << false << "x.[0]";
    }
    void decodeAcceptsOnlyCanonical()
    {
        QFETCH(QByteArray, hex);
        QFETCH(bool, ok);
        QFETCH(QString, mentions);
        auto r = cbor::decodeCanonical(QByteArray::fromHex(hex), 1024);
        QCOMPARE(bool(r), ok);
        if (!ok)
            QVERIFY2(r.error().contains(mentions), qPrintable(r.error()));
    }
    void sizeLimit()
    {
        auto r = cbor::decodeCanonical(QByteArray(2000, '\0'), 1024);
        QVERIFY(!r);
        QVERIFY(r.error().contains("limit"));
    }
};

QTEST_GUILESS_MAIN(TestCbor)
#include "TestCbor.moc"
