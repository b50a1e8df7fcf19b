// Wallet contracts: the published v4r2 address vector, the standard code hashes, v5r1 wallet ids,
// and the seqno read back from data cells.
#include "common/Hex.h"
#include "wallet/WalletContract.h"

#include <QtTest>

using namespace cocoon;
using namespace cocoon::wallet;

namespace {
Ed25519PublicKey key(const char* hex)
{
    Ed25519PublicKey k {};
    const QByteArray b = QByteArray::fromHex(hex);
    std::copy(b.begin(), b.end(), k.begin());
    return k;
}
const char* kVectorKey = "dcc39550bb494f4b493e7efe1aa18ea31470f33a2553c568cb74a17ed56790c1";
} // namespace

class TestWalletContract : public QObject
{
    Q_OBJECT
private slots:
    void codeHashes()
    {
        QCOMPARE(toByteArray(walletCode(WalletVersion::V4R2)->hash()).toHex(),
            QByteArray("feb5ff6820e2ff0d9483e7e0d62c817d846789fb4ae580c878866d959dabd5c0"));
        QCOMPARE(toByteArray(walletCode(WalletVersion::V5R1)->hash()).toHex(),
            QByteArray("20834b7b72b112147e1b2fb457b84e74d1a30f04f737d4f62a668e9552d2b72f"));
        QCOMPARE(walletVersionOfCode(walletCode(WalletVersion::V5R1)->hash()), WalletVersion::V5R1);
        QCOMPARE(walletVersionOfCode(Sha256 {}), std::nullopt);
    }

    void addresses_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("testnet");
        QTest::addColumn<QString>("nonBounceable");
        // The published v4r2 vector; v5r1 from @ton/ton 16.3.0 for the same key.
        QTest::newRow("v4r2") << int(WalletVersion::V4R2) << false
                              << "UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U";
        QTest::newRow("v5r1") << int(WalletVersion::V5R1) << false
                              << "UQAg-EZkKvPFRi_kvrV7nCdQsIMnL8G08RUNB4eW5nbfOxT4";
    }
    void addresses()
    {
        QFETCH(int, version);
        QFETCH(bool, testnet);
        QFETCH(QString, nonBounceable);
        WalletParams p {WalletVersion(version), 0, testnet};
        QCOMPARE(walletAddress(p, key(kVectorKey)).toFriendly({false, testnet, true}), nonBounceable);
    }

    void walletIds()
    {
        QCOMPARE(walletId({WalletVersion::V4R2, 0, false}), 698983191u);
        QCOMPARE(walletId({WalletVersion::V4R2, -1, false}), 698983190u);
        QCOMPARE(walletId({WalletVersion::V5R1, 0, false}), 2147483409u); // 0x7fffff11
        QCOMPARE(walletId({WalletVersion::V5R1, 0, true}), 2147483645u); // 0x7ffffffd
        // v5r1 on testnet is another contract instance; v4r2 is the same on both networks.
        QVERIFY(walletAddress({WalletVersion::V5R1, 0, true}, key(kVectorKey))
            != walletAddress({WalletVersion::V5R1, 0, false}, key(kVectorKey)));
        QCOMPARE(walletAddress({WalletVersion::V4R2, 0, true}, key(kVectorKey)),
            walletAddress({WalletVersion::V4R2, 0, false}, key(kVectorKey)));
    }

    void dataCellsMatchTonCore()
    {
        QCOMPARE(Boc::serialize(walletData({WalletVersion::V4R2, 0, false}, key(kVectorKey))).toHex(),
            QByteArray(
                "b5ee9c7241010101002b0000510000000029a9a317dcc39550bb494f4b493e7efe1aa18ea31470f33a2553c568cb74a17ed"
                "56790c1407e530248"));
        QCOMPARE(Boc::serialize(walletData({WalletVersion::V5R1, 0, false}, key(kVectorKey))).toHex(),
            QByteArray(
                "b5ee9c7241010101002b000051800000003fffff88ee61caa85da4a7a5a49f3f7f0d50c7518a38799d12a9e2b465ba50b"
                "f6ab3c860a0923da22c"));
    }

    void seqnoFromData()
    {
        for (WalletVersion v : {WalletVersion::V4R2, WalletVersion::V5R1}) {
            auto s = walletSeqno(v, walletData({v, 0, false}, key(kVectorKey)));
            QVERIFY(s);
            QCOMPARE(*s, 0u);
        }
        CellBuilder b;
        b.storeBit(true).storeUint(42, 32).storeUint(7, 32);
        QCOMPARE(*walletSeqno(WalletVersion::V5R1, *b.build()), 42u);
        QVERIFY(!walletSeqno(WalletVersion::V4R2, *CellBuilder().storeUint(1, 8).build()));
    }

    void versionNames()
    {
        QCOMPARE(walletVersionFromName(u"V4R2"), WalletVersion::V4R2);
        QCOMPARE(walletVersionFromName(u"v5r1"), WalletVersion::V5R1);
        QCOMPARE(walletVersionFromName(u"v3r2"), std::nullopt);
        QCOMPARE(walletVersionName(WalletVersion::V5R1), QStringLiteral("v5r1"));
    }
};

QTEST_GUILESS_MAIN(TestWalletContract)
#include "TestWalletContract.moc"
