// core/wallet against an independent implementation: @ton/core, @ton/crypto and @ton/ton (driven
// through tests/ton-emulator/reference.mjs as a child process) for many random keys, mnemonics
// and cell trees, in both directions.
#include "TestSupport.h"
#include "wallet/Cell.h"
#include "wallet/Mnemonic.h"
#include "wallet/Transfer.h"
#include "wallet/WalletContract.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>

using namespace cocoon;
using namespace cocoon::wallet;

class TestTonReference : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_node = QStandardPaths::findExecutable("node");
        const QDir dir(qEnvironmentVariable("COCOON_TON_EMULATOR_DIR"));
        m_script = dir.filePath("reference.mjs");
        if (m_node.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("Node.js is not installed (make deps installs it)"));
        }
        if (!QFile::exists(dir.filePath("node_modules/@ton/ton"))) {
            COCOON_SKIP_OR_FAIL(
                QStringLiteral("@ton/* are not installed: run 'make deps' (npm ci in tests/ton-emulator)"));
        }
    }

    void walletAddressesForRandomKeys()
    {
        QJsonArray keys;
        std::vector<Ed25519PublicKey> ours;
        for (int i = 0; i < 200; ++i) {
            Ed25519PublicKey k {};
            for (auto& b : k) {
                b = static_cast<unsigned char>(QRandomGenerator::global()->bounded(256));
            }
            ours.push_back(k);
            keys.append(QString::fromLatin1(toByteArray(k).toHex()));
        }
        const QJsonArray theirs = ask(QJsonObject {{"op", "addresses"}, {"pubkeys", keys}}).array();
        QCOMPARE(theirs.size(), keys.size());
        for (int i = 0; i < theirs.size(); ++i) {
            const QJsonObject t = theirs[i].toObject();
            const auto check = [&](const char* name, WalletParams params) {
                const Address a = walletAddress(params, ours[std::size_t(i)]);
                const QJsonObject f = t[name].toObject();
                QCOMPARE(a.toRaw(), f["raw"].toString());
                QCOMPARE(a.toFriendly({true, false, true}), f["bounceable"].toString());
                QCOMPARE(a.toFriendly({false, false, true}), f["nonBounceable"].toString());
                QCOMPARE(Address::parse(f["nonBounceable"].toString())->address, a);
            };
            check("v4r2", {WalletVersion::V4R2, 0, false});
            check("v5r1", {WalletVersion::V5R1, 0, false});
            check("v5r1Testnet", {WalletVersion::V5R1, 0, true});
        }
    }

    void theirMnemonicsGiveTheSameKeys()
    {
        const QJsonArray theirs = ask(QJsonObject {{"op", "mnemonics"}, {"count", 12}}).array();
        QCOMPARE(theirs.size(), 12);
        for (const auto& v : theirs) {
            const QJsonObject o = v.toObject();
            auto phrase = Mnemonic::normalize(o["phrase"].toString());
            QVERIFY2(phrase, phrase ? "" : qPrintable(phrase.error().message));
            auto keys = Mnemonic::toKeys(*phrase);
            QVERIFY(keys);
            QCOMPARE(QString::fromLatin1(toByteArray(keys->publicKey).toHex()), o["pubkey"].toString());
        }
    }

    void ourMnemonicsAreValidForThem()
    {
        QJsonArray phrases;
        QStringList keys;
        for (int i = 0; i < 12; ++i) {
            auto phrase = Mnemonic::generate();
            QVERIFY(phrase);
            phrases.append(QString::fromLatin1(phrase->toByteArray()));
            keys.append(QString::fromLatin1(toByteArray(Mnemonic::toKeys(*phrase)->publicKey).toHex()));
        }
        // A phrase that fails the TON rule must be invalid for both.
        QStringList swapped = phrases[0].toString().split(u' ');
        swapped.swapItemsAt(0, 23);
        const bool oursValid = bool(Mnemonic::normalize(swapped.join(u' ')));
        phrases.append(swapped.join(u' '));
        const QJsonArray theirs = ask(QJsonObject {{"op", "validate"}, {"phrases", phrases}}).array();
        QCOMPARE(theirs.size(), 13);
        for (int i = 0; i < 12; ++i) {
            QVERIFY(theirs[i]["valid"].toBool());
            QCOMPARE(theirs[i]["pubkey"].toString(), keys[i]);
        }
        QCOMPARE(theirs[12]["valid"].toBool(), oursValid);
    }

    void randomCellsBothWays()
    {
        const int seed = int(QRandomGenerator::global()->bounded(1, 1 << 30));
        const QJsonArray theirs = ask(QJsonObject {{"op", "cells"}, {"count", 60}, {"seed", seed}}).array();
        QCOMPARE(theirs.size(), 60);
        QJsonArray ourBocs;
        QStringList ourHashes;
        for (const auto& v : theirs) {
            const QJsonObject o = v.toObject();
            auto cell = Boc::deserializeOne(QByteArray::fromHex(o["boc"].toString().toLatin1()));
            QVERIFY2(cell, cell ? "" : qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(cell.error().message)));
            QCOMPARE(QString::fromLatin1(toByteArray((*cell)->hash()).toHex()), o["hash"].toString());
            QCOMPARE(int((*cell)->depth()), o["depth"].toInt());
            ourBocs.append(QString::fromLatin1(Boc::serialize(*cell).toHex()));
            ourHashes.append(o["hash"].toString());
        }
        const QJsonArray back = ask(QJsonObject {{"op", "hashes"}, {"bocs", ourBocs}}).array();
        QCOMPARE(back.size(), ourBocs.size());
        for (int i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].toString(), ourHashes[i]);
        }
    }

    void v5r1TransfersAreIdentical_data()
    {
        QTest::addColumn<int>("items");
        QTest::addColumn<bool>("withInit");
        QTest::addColumn<QString>("comment");
        QTest::newRow("one payout, no comment") << 1 << false << QString();
        QTest::newRow("first transfer deploys the wallet") << 2 << true << QStringLiteral("cocoon payout");
        QTest::newRow("long comment goes by reference") << 3 << false << QString(110, u'x');
        QTest::newRow("a full batch of 255") << 255 << false << QStringLiteral("cocoon payout 7");
    }

    /// The payout wallet's requests are the ones @ton/ton signs for the same key, seqno and
    /// messages, cell for cell (Ed25519 signatures are deterministic).
    void v5r1TransfersAreIdentical()
    {
        QFETCH(int, items);
        QFETCH(bool, withInit);
        QFETCH(QString, comment);
        std::array<unsigned char, 32> seed {};
        QRandomGenerator::global()->generate(seed.begin(), seed.end());
        auto key = Ed25519PrivateKey::fromSeed(seed);
        QVERIFY(key);
        TransferRequest req;
        req.seqno = withInit ? 0 : QRandomGenerator::global()->bounded(1, 1 << 30);
        req.validUntil = 1764950400 + QRandomGenerator::global()->bounded(100000);
        req.withStateInit = withInit;
        QJsonArray theirItems;
        for (int i = 0; i < items; ++i) {
            TransferItem item;
            QRandomGenerator::global()->generate(item.to.hash.begin(), item.to.hash.end());
            item.nano = QRandomGenerator::global()->bounded(1, 1 << 30) * 1000ull;
            item.bounce = i % 2 == 1;
            item.comment = comment;
            req.items.push_back(item);
            theirItems.append(QJsonObject {{"to", item.to.toRaw()}, {"nano", QString::number(item.nano)},
                {"bounce", item.bounce}, {"comment", comment}});
        }
        const QJsonObject theirs = ask(
            QJsonObject {{"op", "transfer"},
                {"seed", QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(seed.data()), 32).toHex())},
                {"seqno", qint64(req.seqno)}, {"validUntil", qint64(req.validUntil)}, {"withInit", withInit},
                {"items", theirItems}}).object();
        auto ours = signV5R1Transfer(WalletParams {WalletVersion::V5R1, 0, false}, *key, req);
        QVERIFY2(ours, ours ? "" : qPrintable(ours.error().message));
        QCOMPARE(walletAddress(WalletParams {WalletVersion::V5R1, 0, false}, key->publicKey()).toRaw(),
            theirs["address"].toString());
        QCOMPARE(QString::fromLatin1(toByteArray(ours->body->hash()).toHex()), theirs["bodyHash"].toString());
        // The same message (the bags may order cells differently; the root hash is what the chain sees).
        auto theirMessage = Boc::deserializeOne(QByteArray::fromHex(theirs["boc"].toString().toLatin1()));
        QVERIFY(theirMessage);
        QCOMPARE(toByteArray((*theirMessage)->hash()).toHex(), toByteArray(ours->message->hash()).toHex());
        auto reread = Boc::deserializeOne(ours->boc);
        QVERIFY(reread);
        QCOMPARE(toByteArray((*reread)->hash()).toHex(), toByteArray(ours->message->hash()).toHex());
    }

    void transfersRefuseWhatTheWalletWouldNot()
    {
        auto key = Ed25519PrivateKey::generate();
        QVERIFY(key);
        const WalletParams v5 {WalletVersion::V5R1, 0, false};
        TransferRequest req;
        QVERIFY(!signV5R1Transfer(v5, *key, req)); // nothing to pay
        req.items.resize(256, TransferItem {Address {}, 1, false, {}});
        QVERIFY(!signV5R1Transfer(v5, *key, req)); // over the contract's 255
        req.items.resize(1);
        req.items[0].nano = 0;
        QVERIFY(!signV5R1Transfer(v5, *key, req)); // a zero amount
        req.items[0].nano = 1;
        req.items[0].comment = QString(121, u'y');
        QVERIFY(!signV5R1Transfer(v5, *key, req)); // a comment that does not fit one cell
        req.items[0].comment.clear();
        req.sendMode = 1;
        QVERIFY(!signV5R1Transfer(v5, *key, req)); // v5r1 needs +2 for external requests
        req.sendMode = 3;
        QVERIFY(signV5R1Transfer(v5, *key, req));
        QVERIFY(!signV5R1Transfer(WalletParams {WalletVersion::V4R2, 0, false}, *key, req));
    }

private:
    QJsonDocument ask(const QJsonObject& request)
    {
        QProcess p;
        p.start(m_node, {m_script});
        if (!p.waitForStarted(10000)) {
            return {};
        }
        p.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
        p.closeWriteChannel();
        p.waitForFinished(120000);
        if (p.exitCode() != 0) {
            qWarning() << p.readAllStandardError();
        }
        return QJsonDocument::fromJson(p.readAllStandardOutput());
    }

    QString m_node;
    QString m_script;
};

QTEST_GUILESS_MAIN(TestTonReference)
#include "TestTonReference.moc"
