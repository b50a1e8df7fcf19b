// HPKE against the RFC 9180 test vectors (cloudflare/circl copy in ../shared/testdata/hpke).
#include "TestSupport.h"
#include "crypto/Hpke.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace cocoon;

namespace {

QByteArray hx(const QJsonObject& o, const char* field)
{
    return QByteArray::fromHex(o.value(QLatin1String(field)).toString().toLatin1());
}

std::span<const unsigned char> sp(const QByteArray& b)
{
    return {reinterpret_cast<const unsigned char*>(b.constData()), std::size_t(b.size())};
}

QByteArray qb(std::span<const unsigned char> s)
{
    return QByteArray(reinterpret_cast<const char*>(s.data()), qsizetype(s.size()));
}

} // namespace

class TestHpke : public QObject
{
    Q_OBJECT
private slots:
    void vectors_data();
    void vectors();
    void wrongAadOrTagFailsWithoutAdvancing();
    void smallOrderRecipientRejected();
    void exportLimits();
};

void TestHpke::vectors_data()
{
    QTest::addColumn<QJsonObject>("v");
    const QString path = test::sharedTestData(QStringLiteral("hpke/vectors_rfc9180_5f503c5.json.gz"));
    if (!QFile::exists(path)) {
        QTest::newRow("vectors-absent") << QJsonObject(); // vectors() reports the skip
        return;
    }
    QString error;
    const QByteArray json = test::readGzipFile(path, &error);
    QVERIFY2(!json.isEmpty(), qPrintable(error));
    const QJsonArray all = QJsonDocument::fromJson(json).array();
    int rows = 0;
    for (const QJsonValue& value : all) {
        const QJsonObject v = value.toObject();
        if (v.value("mode").toInt() == 0 && v.value("kem_id").toInt() == 0x20 && v.value("kdf_id").toInt() == 1
            && (v.value("aead_id").toInt() == 2 || v.value("aead_id").toInt() == 3)) {
            QTest::addRow("mode0-aead%d-%d", v.value("aead_id").toInt(), rows++) << v;
        }
    }
    QVERIFY2(rows == 2, "expected one mode-0 vector for each of the suites 0x0020/0x0001/0x0002 and /0x0003");
}

void TestHpke::vectors()
{
    const QString path = test::sharedTestData(QStringLiteral("hpke/vectors_rfc9180_5f503c5.json.gz"));
    if (!QFile::exists(path)) {
        COCOON_SKIP_OR_FAIL(
            QStringLiteral("RFC 9180 vectors not found at %1 (../shared/testdata is absent)").arg(path));
    }
    QFETCH(QJsonObject, v);
    const auto aead = *hpke::aeadFromId(std::uint16_t(v.value("aead_id").toInt()));

    // DeriveKeyPair for both sides.
    auto skE = hpke::deriveKeyPair(sp(hx(v, "ikmE")));
    auto skR = hpke::deriveKeyPair(sp(hx(v, "ikmR")));
    QVERIFY(skE && skR);
    QCOMPARE(skE->rawPrivateKey().toByteArray(), hx(v, "skEm"));
    QCOMPARE(qb(skE->publicKey()), hx(v, "pkEm"));
    QCOMPARE(skR->rawPrivateKey().toByteArray(), hx(v, "skRm"));
    QCOMPARE(qb(skR->publicKey()), hx(v, "pkRm"));

    // Encap + key schedule on the sender.
    const QByteArray info = hx(v, "info");
    X25519PublicKey pkR {};
    std::copy_n(reinterpret_cast<const unsigned char*>(hx(v, "pkRm").constData()), 32, pkR.begin());
    hpke::Trace trace;
    auto sender = hpke::setupBaseSenderWithEphemeral(aead, pkR, sp(info), *skE, &trace);
    QVERIFY2(sender, sender ? "" : qPrintable(sender.error().message));
    QCOMPARE(qb(sender->enc), hx(v, "enc"));
    QCOMPARE(trace.sharedSecret, hx(v, "shared_secret"));
    QCOMPARE(trace.keyScheduleContext, hx(v, "key_schedule_context"));
    QCOMPARE(trace.secret, hx(v, "secret"));
    QCOMPARE(qb(sender->context.key()), hx(v, "key"));
    QCOMPARE(qb(sender->context.baseNonce()), hx(v, "base_nonce"));
    QCOMPARE(qb(sender->context.exporterSecret()), hx(v, "exporter_secret"));

    // Decap + key schedule on the receiver.
    hpke::Trace rtrace;
    auto receiver
        = hpke::setupBaseReceiver(aead, std::span<const unsigned char, 32>(sender->enc), *skR, sp(info), &rtrace);
    QVERIFY(receiver);
    QCOMPARE(rtrace.sharedSecret, hx(v, "shared_secret"));

    // Every encryption, in sequence, both ways.
    const QJsonArray encryptions = v.value("encryptions").toArray();
    QCOMPARE(encryptions.size(), 257);
    for (const QJsonValue& e : encryptions) {
        const QJsonObject enc = e.toObject();
        const QByteArray pt = hx(enc, "pt");
        const QByteArray aad = hx(enc, "aad");
        const QByteArray expected = hx(enc, "ct");
        QByteArray ct(pt.size() + qsizetype(hpke::kTagSize), '\0');
        QVERIFY(sender->context.seal(sp(aad), sp(pt), reinterpret_cast<unsigned char*>(ct.data())));
        QCOMPARE(ct, expected);
        QByteArray opened(pt.size(), '\0');
        QVERIFY(receiver->open(sp(aad), sp(expected), reinterpret_cast<unsigned char*>(opened.data())));
        QCOMPARE(opened, pt);
    }

    // Every export, from both contexts.
    const QJsonArray exports = v.value("exports").toArray();
    QVERIFY(!exports.isEmpty());
    for (const QJsonValue& e : exports) {
        const QJsonObject ex = e.toObject();
        const std::size_t len = std::size_t(ex.value("L").toInt());
        auto a = sender->context.exportSecret(sp(hx(ex, "exporter_context")), len);
        auto b = receiver->exportSecret(sp(hx(ex, "exporter_context")), len);
        QVERIFY(a && b);
        QCOMPARE(a->toByteArray(), hx(ex, "exported_value"));
        QCOMPARE(b->toByteArray(), hx(ex, "exported_value"));
    }
}

void TestHpke::wrongAadOrTagFailsWithoutAdvancing()
{
    auto sk = X25519PrivateKey::generate();
    QVERIFY(sk);
    auto s = hpke::setupBaseSender(hpke::Aead::ChaCha20Poly1305, sk->publicKey(), {});
    QVERIFY(s);
    auto r = hpke::setupBaseReceiver(hpke::Aead::ChaCha20Poly1305, std::span<const unsigned char, 32>(s->enc), *sk, {});
    QVERIFY(r);
    const QByteArray pt("hello"), aad("aad");
    QByteArray ct(pt.size() + 16, '\0');
    QVERIFY(s->context.seal(sp(aad), sp(pt), reinterpret_cast<unsigned char*>(ct.data())));
    QByteArray out(pt.size(), '\0');
    auto bad = r->open(sp(QByteArray("other")), sp(ct), reinterpret_cast<unsigned char*>(out.data()));
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, hpke::HpkeErrc::OpenFailed);
    QCOMPARE(out, QByteArray(pt.size(), '\0')); // nothing handed out
    QCOMPARE(r->sequence(), 0u);
    QVERIFY(r->open(sp(aad), sp(ct), reinterpret_cast<unsigned char*>(out.data())));
    QCOMPARE(out, pt);
    QCOMPARE(r->sequence(), 1u);
}

void TestHpke::smallOrderRecipientRejected()
{
    const X25519PublicKey zero {}; // the identity point: DH output is all-zero
    auto s = hpke::setupBaseSender(hpke::Aead::Aes256Gcm, zero, {});
    QVERIFY(!s);
    QCOMPARE(s.error().code, hpke::HpkeErrc::InvalidKey);
}

void TestHpke::exportLimits()
{
    auto sk = X25519PrivateKey::generate();
    auto s = hpke::setupBaseSender(hpke::Aead::Aes256Gcm, sk->publicKey(), {});
    QVERIFY(s);
    QCOMPARE(s->context.exportSecret({}, 8161).error().code, hpke::HpkeErrc::TooLarge);
    QByteArray big(513, 'x');
    QCOMPARE(s->context.exportSecret(sp(big), 32).error().code, hpke::HpkeErrc::TooLarge);
    QVERIFY(s->context.exportSecret({}, 8160));
}

QTEST_GUILESS_MAIN(TestHpke)
#include "TestHpke.moc"
