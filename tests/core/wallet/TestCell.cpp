// Cells and bags of cells: representation hashes against @ton/core's values, BOC round trips,
// and malformed bags refused with a reason (never a crash).
#include "TestSupport.h"
#include "wallet/Address.h"
#include "wallet/Cell.h"

using namespace cocoon;
using namespace cocoon::wallet;

namespace {
QByteArray hexOf(const Sha256& h)
{
    return toByteArray(h).toHex();
}
} // namespace

class TestCell : public QObject
{
    Q_OBJECT
private slots:
    void hashesMatchTonCore()
    {
        // Values printed by @ton/core 0.63.1 for the same cells.
        auto empty = CellBuilder().build();
        QVERIFY(empty);
        QCOMPARE(
            hexOf((*empty)->hash()), QByteArray("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"));
        auto child = CellBuilder().storeBit(true).build();
        auto parent = CellBuilder().storeUint(0xdeadbeef, 32).storeRef(*child).build();
        QVERIFY(parent);
        QCOMPARE(
            hexOf((*parent)->hash()), QByteArray("e473aef4dd06287fddb84873fa21e66cfb403b857b4e6a0ef96f0dad2fa592bf"));
        QCOMPARE((*parent)->depth(), std::uint16_t(1));
        QCOMPARE(Boc::serialize(*parent).toHex(), QByteArray("b5ee9c7241010201000a000108deadbeef010001c035205973"));
    }

    void roundTripsThroughBoc()
    {
        Address a;
        a.workchain = -1;
        a.hash.fill(0xab);
        auto leaf = CellBuilder().storeCoins(1'234'567'890).storeAddress(&a).storeAddress(nullptr).build();
        auto shared = CellBuilder().storeInt(-5, 7).storeRef(*leaf).build();
        CellBuilder top;
        top.storeUint(1, 1).storeRef(*shared).storeRef(*shared).storeMaybeRef({});
        auto root = top.build();
        QVERIFY(root);
        const QByteArray boc = Boc::serialize(*root);
        auto back = Boc::deserializeOne(boc);
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(hexOf((*back)->hash()), hexOf((*root)->hash()));
        QCOMPARE((*back)->depth(), std::uint16_t(2));
        // The shared child is stored once: root, shared, leaf.
        QCOMPARE(std::uint8_t(boc[6]), std::uint8_t(3));
        CellSlice s((*back)->refs()[0]);
        QCOMPARE(*s.loadInt(7), std::int64_t(-5));
        CellSlice l(*s.loadRef());
        QCOMPARE(*l.loadCoins(), std::uint64_t(1'234'567'890));
        QCOMPARE(*l.loadUint(3), std::uint64_t(0b100));
        QCOMPARE(*l.loadInt(8), std::int64_t(-1));
        QVERIFY(!s.loadRef());
        QVERIFY(!l.loadUint(300));
    }

    void refusesOverfullCells()
    {
        CellBuilder b;
        for (int i = 0; i < 1024; ++i) {
            b.storeBit(true);
        }
        QVERIFY(!b.build());
        CellBuilder r;
        auto leaf = *CellBuilder().build();
        for (int i = 0; i < 5; ++i) {
            r.storeRef(leaf);
        }
        QVERIFY(!r.build());
        QVERIFY(!CellBuilder().storeUint(256, 8).build());
        QVERIFY(!CellBuilder().storeInt(64, 7).build());
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("boc");
        QTest::addColumn<QString>("says");
        const QByteArray good = QByteArray::fromHex("b5ee9c7241010201000a000108deadbeef010001c035205973");
        QTest::newRow("empty") << QByteArray() << "truncated";
        QTest::newRow("wrong magic") << QByteArray::fromHex("68ff65f3") + good.mid(4) << "not a bag of cells";
        QTest::newRow("truncated") << good.left(good.size() - 5) << "truncated";
        QTest::newRow("trailing bytes") << good + "x"
                                        << "unexpected bytes";
        QTest::newRow("bad crc") << test::flipped(good, good.size() - 1) << "CRC32C";
        QTest::newRow("flipped data bit") << test::flipped(good, 14) << "CRC32C";
        // Without CRC (flags 0x01), so structural checks are reached.
        QTest::newRow("self reference") << QByteArray::fromHex("b5ee9c7201010101000300010000") << "refers to itself";
        QTest::newRow("exotic") << QByteArray::fromHex("b5ee9c72010101010002000800") << "exotic";
        QTest::newRow("missing completion bit")
            << QByteArray::fromHex("b5ee9c72010101010003000001") + QByteArray(1, '\0') << "completion bit";
        QTest::newRow("completion bit alone in the last byte")
            << QByteArray::fromHex("b5ee9c7201010101000300000180") << "disagree";
        // fuzz_ton: re-serialized to another hash before the check above.
        QTest::newRow("completion bit alone (fuzz)")
            << QByteArray::fromBase64("te6ccrEBAgEACgCxAQIBAQEBAAWBgYA=") << "disagree";
        QTest::newRow("zero cells") << QByteArray::fromHex("b5ee9c72010100010000") << "cells";
        QTest::newRow("root outside") << QByteArray::fromHex("b5ee9c7201010101000205") + QByteArray::fromHex("0000")
                                      << "root index";
    }
    void rejectsMalformed()
    {
        QFETCH(QByteArray, boc);
        QFETCH(QString, says);
        auto r = Boc::deserialize(boc);
        QVERIFY(!r);
        QCOMPARE(r.error().code, WalletErrc::BadCell);
        QVERIFY2(r.error().message.contains(says), qPrintable(r.error().message));
    }

    void enforcesLimits()
    {
        const QByteArray good = QByteArray::fromHex("b5ee9c7241010201000a000108deadbeef010001c035205973");
        Boc::Limits tight;
        tight.maxCells = 1;
        QVERIFY(!Boc::deserialize(good, tight));
        tight = {};
        tight.maxBytes = 10;
        QVERIFY(!Boc::deserialize(good, tight));
    }

    void crc32cMatchesTheCheckValue()
    {
        QCOMPARE(crc32c(reinterpret_cast<const unsigned char*>("123456789"), 9), std::uint32_t(0xe3069283));
    }
};

QTEST_GUILESS_MAIN(TestCell)
#include "TestCell.moc"
