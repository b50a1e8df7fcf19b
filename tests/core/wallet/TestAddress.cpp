// TON addresses: the published @ton/core vectors in every form, and each kind of malformed input
// refused with its own reason.
#include "wallet/Address.h"

#include <QtTest>

using namespace cocoon::wallet;

Q_DECLARE_METATYPE(WalletErrc)

class TestAddress : public QObject
{
    Q_OBJECT
private slots:
    void parsesForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("raw");
        QTest::addColumn<bool>("friendly");
        QTest::addColumn<bool>("bounceable");
        QTest::addColumn<bool>("testnet");
        const QString a = "0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3";
        QTest::newRow("testnet non-bounceable")
            << "0QAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4-QO" << a << true << false << true;
        QTest::newRow("testnet bounceable")
            << "kQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi47nL" << a << true << true << true;
        QTest::newRow("raw") << a << a << false << true << false;
        QTest::newRow("raw upper-case hex") << a.toUpper() << a << false << true << false;
        QTest::newRow("raw masterchain") << "-1:3333333333333333333333333333333333333333333333333333333333333333"
                                         << "-1:3333333333333333333333333333333333333333333333333333333333333333"
                                         << false << true << false;
        QTest::newRow("mainnet bounceable masterchain")
            << "Ef8zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM0vF"
            << "-1:3333333333333333333333333333333333333333333333333333333333333333" << true << true << false;
        QTest::newRow("v4r2 vector, surrounding spaces")
            << "  UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U \n"
            << "0:30c1da3059b04a92b9d195b63c094133cbfa602bda48bce28fd9ea9c0f4d445a" << true << false << false;
    }
    void parsesForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, raw);
        QFETCH(bool, friendly);
        QFETCH(bool, bounceable);
        QFETCH(bool, testnet);
        auto p = Address::parse(text);
        QVERIFY2(p, p ? "" : qPrintable(p.error().message));
        QCOMPARE(p->address.toRaw(), raw);
        QCOMPARE(p->friendly, friendly);
        QCOMPARE(p->bounceable, bounceable);
        QCOMPARE(p->testnet, testnet);
    }

    void formatsEveryForm()
    {
        auto p = Address::parse(u"-1:3333333333333333333333333333333333333333333333333333333333333333");
        QVERIFY(p);
        QCOMPARE(p->address.toFriendly(), QStringLiteral("Ef8zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM0vF"));
        QCOMPARE(p->address.toFriendly({false, true, true}),
            QStringLiteral("0f8zMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM62K"));
        auto q = Address::parse(u"0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3");
        QVERIFY(q);
        QCOMPARE(q->address.toFriendly({false, true, true}),
            QStringLiteral("0QAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4-QO"));
        // Standard base64 differs from base64url only where '+'/'/' occur; both parse back.
        const QString std64 = q->address.toFriendly({true, false, false});
        const QString url64 = q->address.toFriendly({true, false, true});
        QCOMPARE(Address::parse(std64)->address, q->address);
        QCOMPARE(Address::parse(url64)->address, q->address);
    }

    void roundTripsEveryByte()
    {
        Address a;
        for (int i = 0; i < 32; ++i) {
            a.hash[std::size_t(i)] = static_cast<unsigned char>(i * 37 + 251);
        }
        for (std::int8_t wc : {std::int8_t(0), std::int8_t(-1)}) {
            a.workchain = wc;
            for (bool b : {false, true}) {
                for (bool t : {false, true}) {
                    for (bool u : {false, true}) {
                        auto p = Address::parse(a.toFriendly({b, t, u}));
                        QVERIFY(p);
                        QCOMPARE(p->address, a);
                        QCOMPARE(p->bounceable, b);
                        QCOMPARE(p->testnet, t);
                    }
                }
            }
            QCOMPARE(Address::parse(a.toRaw())->address, a);
        }
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<WalletErrc>("code");
        QTest::addColumn<QString>("says");
        const QString good = "EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi47nL";
        QTest::newRow("empty") << "" << WalletErrc::BadLength << "empty";
        QTest::newRow("short friendly") << good.left(47) << WalletErrc::BadLength << "48 characters";
        QTest::newRow("long friendly") << good + "A" << WalletErrc::BadLength << "48 characters";
        QString typo = "kQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi47nL";
        typo[10] = u'X';
        QTest::newRow("typo") << typo << WalletErrc::BadChecksum << "mistyped";
        QTest::newRow("bad character") << QString("kQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi47n!")
                                       << WalletErrc::BadCharacters << "position 48";
        QTest::newRow("raw short") << "0:2cf5" << WalletErrc::BadLength << "64 hex digits";
        QTest::newRow("raw non-hex") << "0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422eg"
                                     << WalletErrc::BadCharacters << "not a hex digit";
        QTest::newRow("raw workchain 1") << "1:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3"
                                         << WalletErrc::BadWorkchain << "workchain 1 does not exist";
        QTest::newRow("raw workchain text") << "x:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3"
                                            << WalletErrc::BadWorkchain << "must be a number";
        // Well-formed user-friendly addresses (correct CRC) with a bad workchain or flags.
        QTest::newRow("friendly workchain 5") << friendlyWith(0x11, 5) << WalletErrc::BadWorkchain << "workchain 5";
        QTest::newRow("friendly flags 0x12") << friendlyWith(0x12, 0) << WalletErrc::BadTag << "0x12";
    }
    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(WalletErrc, code);
        QFETCH(QString, says);
        auto p = Address::parse(text);
        QVERIFY(!p);
        QCOMPARE(p.error().code, code);
        QVERIFY2(p.error().message.contains(says), qPrintable(p.error().message));
    }

    void crc16MatchesTheXmodemCheckValue()
    {
        const char* check = "123456789";
        QCOMPARE(crc16Xmodem(reinterpret_cast<const unsigned char*>(check), 9), std::uint16_t(0x31c3));
    }

private:
    static QString friendlyWith(unsigned char tag, unsigned char wc)
    {
        unsigned char b[36] = {tag, wc};
        for (int i = 2; i < 34; ++i) {
            b[i] = static_cast<unsigned char>(i);
        }
        const std::uint16_t crc = crc16Xmodem(b, 34);
        b[34] = static_cast<unsigned char>(crc >> 8);
        b[35] = static_cast<unsigned char>(crc);
        return QString::fromLatin1(
            QByteArray(reinterpret_cast<const char*>(b), 36).toBase64(QByteArray::Base64UrlEncoding));
    }
};

QTEST_GUILESS_MAIN(TestAddress)
#include "TestAddress.moc"
