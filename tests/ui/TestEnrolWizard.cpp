// The enrolment wizard on the offscreen platform, driven like a person would: every path through
// it, with the choices written to a real settings file.
#include "EnrolWizard.h"
#include "ManualClock.h"
#include "config/Settings.h"
#include "node/SettingChecks.h"
#include "wallet/Address.h"

#include <QCheckBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocoon;
using namespace cocoon::ui;

namespace {
const char* kAddress = "UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U";

EnrolWizard::Inputs inputs()
{
    EnrolWizard::Inputs in;
    in.devices = {{"cpu", "CPU (2 threads)", true, {}}, {"gpu0", "NVIDIA RTX 4070", true, {}},
        {"gpu1", "Old GPU", false, "compute capability 3.5 is too old"}};
    attest::LocalEvidence e;
    e.cpuTee = "none";
    e.cpuReason = "no /dev/sev-guest, /dev/tdx_guest or configfs-tsm";
    e.gpuReason = "CC mode is off";
    e.decideTier(true);
    in.preflight = attest::preflightChecks(e, true);
    in.benchmark = [] {
        return Expected<QJsonObject, QString>(QJsonObject {{"device", "cpu"}, {"score", 321.0},
            {"stop_latency_ms", QJsonObject {{"p50", 1.2}, {"p99", 3.4}, {"runs", 5}}}});
    };
    return in;
}

template <typename T>
T* child(QWidget* w, const char* name)
{
    T* c = w->findChild<T*>(QString::fromLatin1(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

bool nextEnabled(QWizard& w)
{
    return w.button(QWizard::NextButton)->isEnabled();
}

} // namespace

class TestEnrolWizard : public QObject
{
    Q_OBJECT
private slots:
    void pasteAddressPath()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        EnrolWizard w(inputs());
        w.show();
        QCOMPARE(w.currentId(), int(EnrolWizard::Welcome));
        w.next();
        QCOMPARE(w.currentId(), int(EnrolWizard::Devices));
        QVERIFY(!child<QCheckBox>(&w, "device_gpu1")->isEnabled()); // unusable, with its reason
        QVERIFY(child<QCheckBox>(&w, "device_gpu1")->text().contains("too old"));
        child<QCheckBox>(&w, "device_gpu0")->setChecked(false);
        child<QCheckBox>(&w, "device_cpu")->setChecked(false);
        QVERIFY2(!nextEnabled(w), "at least one device must be chosen");
        child<QCheckBox>(&w, "device_cpu")->setChecked(true);
        w.next();

        QCOMPARE(w.currentId(), int(EnrolWizard::Preflight));
        const auto checks = w.findChildren<QLabel*>("preflightCheck");
        QCOMPARE(checks.size(), 3);
        QVERIFY(checks[0]->text().contains("What to do"));
        QVERIFY(checks[0]->text().contains("SEV-SNP"));
        QVERIFY(checks[1]->text().contains("CC mode is off"));
        QVERIFY(checks[2]->text().contains("Sealed"));
        w.next();

        QCOMPARE(w.currentId(), int(EnrolWizard::Benchmark));
        child<QPushButton>(&w, "runBenchmark")->click();
        w.waitForBenchmark();
        QVERIFY2(child<QLabel>(&w, "benchmarkResult")->text().contains("Score: 321"),
            qPrintable(child<QLabel>(&w, "benchmarkResult")->text()));
        QVERIFY(child<QLabel>(&w, "benchmarkResult")->text().contains("3.4 ms"));
        w.next();

        QCOMPARE(w.currentId(), int(EnrolWizard::Wallet));
        QVERIFY(!nextEnabled(w));
        auto* address = child<QLineEdit>(&w, "walletAddress");
        QTest::keyClicks(address, QString::fromLatin1(kAddress).left(20));
        QVERIFY(!nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "walletFeedback")->text().contains("Not a TON address"));
        address->setText(kAddress);
        QVERIFY(nextEnabled(w));
        QVERIFY(child<QLabel>(&w, "walletFeedback")->text().contains("valid address"));
        w.next();

        QCOMPARE(w.currentId(), int(EnrolWizard::Limits)); // no phrase pages when pasting
        child<QRadioButton>(&w, "presetBalanced")->setChecked(true);
        w.next();
        QCOMPARE(w.currentId(), int(EnrolWizard::Network));
        QVERIFY(child<QRadioButton>(&w, "networkDemo")->isChecked());
        QVERIFY(w.button(QWizard::FinishButton)->isEnabled());

        const EnrolChoices c = w.choices();
        QCOMPARE(c.excludedDevices, QStringList {"gpu0"});
        QCOMPARE(c.walletAddress, QString::fromLatin1(kAddress));
        QVERIFY(!c.walletCreated);
        QVERIFY(c.benchmark.has_value());
        QVERIFY(applyEnrolment(c, settings));
        QCOMPARE(settings.stringValue("wallet.address"), QString::fromLatin1(kAddress));
        QCOMPARE(settings.stringValue("sched.mode"), QStringLiteral("always"));
        QCOMPARE(settings.intValue("sched.dutyWhileActive"), 30);
        QCOMPARE(settings.stringValue("sched.deviceOverrides"), QStringLiteral("gpu0: mode=paused"));
        QVERIFY(settings.boolValue("app.enrolled"));
        QVERIFY(settings.boolValue("net.demo"));

        // Persisted: a fresh store reads the same.
        Settings again(dir.filePath("settings.json"), clock, node::settingChecks());
        QVERIFY(again.load());
        QCOMPARE(again.stringValue("wallet.address"), QString::fromLatin1(kAddress));
    }

    void invalidAddressesAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("garbage") << "hello"
                                 << "Not a TON address";
        QTest::newRow("bad checksum") << QString::fromLatin1(kAddress).left(47) + "V"
                                      << "Not a TON address";
        QTest::newRow("testnet")
            << wallet::Address::parse(QString::fromLatin1(kAddress))->address.toFriendly({false, true, true})
            << "testnet";
        QTest::newRow("workchain 7") << "7:" + QString(64, '1') << "Not a TON address";
    }
    void invalidAddressesAreRefused()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        EnrolWizard w(inputs());
        w.show();
        for (int i = 0; i < 4; ++i)
            w.next();
        QCOMPARE(w.currentId(), int(EnrolWizard::Wallet));
        child<QLineEdit>(&w, "walletAddress")->setText(text);
        QVERIFY(!nextEnabled(w));
        QVERIFY2(child<QLabel>(&w, "walletFeedback")->text().contains(why),
            qPrintable(child<QLabel>(&w, "walletFeedback")->text()));
        w.next(); // refused: stays
        QCOMPARE(w.currentId(), int(EnrolWizard::Wallet));
    }

    void createWalletWithConfirmation()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        EnrolWizard w(inputs());
        w.show();
        for (int i = 0; i < 4; ++i)
            w.next();
        child<QRadioButton>(&w, "walletCreate")->setChecked(true);
        QVERIFY(nextEnabled(w));
        w.next();
        QCOMPARE(w.currentId(), int(EnrolWizard::WalletPhrase));
        QStringList words;
        for (int i = 0; i < 24; ++i) {
            words << w.phraseWord(i);
            QVERIFY(child<QLabel>(&w, qPrintable(QStringLiteral("word%1").arg(i + 1)))->text().endsWith(words.last()));
        }
        QVERIFY(!nextEnabled(w)); // must say they wrote it down
        child<QCheckBox>(&w, "phraseWritten")->setChecked(true);
        w.next();
        QCOMPARE(w.currentId(), int(EnrolWizard::WalletConfirm));
        const QList<int> positions = w.confirmationPositions();
        QCOMPARE(positions.size(), 3);

        // Wrong words: refused, stays on the page, phrase still held.
        for (int i = 0; i < 3; ++i)
            child<QLineEdit>(&w, qPrintable(QStringLiteral("confirm%1").arg(i)))->setText("abandon");
        w.next();
        if (!words.contains("abandon")) {
            QCOMPARE(w.currentId(), int(EnrolWizard::WalletConfirm));
            QVERIFY(child<QLabel>(&w, "confirmFeedback")->text().contains("does not match"));
            QVERIFY(!w.phraseForgotten());
        }
        // The right words (case and spaces ignored): on, and the phrase is gone.
        for (int i = 0; i < 3; ++i)
            child<QLineEdit>(&w, qPrintable(QStringLiteral("confirm%1").arg(i)))
                ->setText(" " + words[positions[i]].toUpper() + " ");
        w.next();
        QCOMPARE(w.currentId(), int(EnrolWizard::Limits));
        QVERIFY(w.phraseForgotten());
        QVERIFY(w.phraseWord(0).isEmpty());
        QVERIFY(child<QLabel>(&w, "word1")->text().isEmpty()); // not left on screen either

        w.next();
        child<QRadioButton>(&w, "networkJoin")->setChecked(true);
        QVERIFY(!w.button(QWizard::FinishButton)->isEnabled());
        child<QLineEdit>(&w, "coordinatorUrl")->setText("http://example.org");
        QVERIFY(!w.button(QWizard::FinishButton)->isEnabled());
        QVERIFY(child<QLabel>(&w, "networkFeedback")->text().contains("not a coordinator address"));
        child<QLineEdit>(&w, "coordinatorUrl")->setText("wss://coordinator.example:7443");
        child<QLineEdit>(&w, "coordinatorPin")->setText("abc");
        QVERIFY(!w.button(QWizard::FinishButton)->isEnabled());
        child<QLineEdit>(&w, "coordinatorPin")->setText(QString(64, 'A'));
        QVERIFY(w.button(QWizard::FinishButton)->isEnabled());

        const EnrolChoices c = w.choices();
        QVERIFY(c.walletCreated);
        auto parsed = wallet::Address::parse(c.walletAddress);
        QVERIFY2(parsed, qPrintable(c.walletAddress));
        QVERIFY(!parsed->bounceable);
        QVERIFY(!parsed->testnet);
        QVERIFY(applyEnrolment(c, settings));
        QCOMPARE(settings.stringValue("net.coordinator"), QStringLiteral("wss://coordinator.example:7443"));
        QCOMPARE(settings.stringValue("net.pin"), QString(64, 'a'));
        QCOMPARE(settings.stringValue("sched.mode"), QStringLiteral("idle")); // Gamer, the default
        // Only the address was kept: no stored value holds a word of the phrase.
        QFile f(dir.filePath("settings.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject values = QJsonDocument::fromJson(f.readAll()).object().value("values").toObject();
        QVERIFY(!values.isEmpty());
        // (One word alone can be a setting's own value — "idle" is both a mode and a BIP-39 word —
        // so a value fails when it holds two or more of the phrase's words.)
        for (auto it = values.begin(); it != values.end(); ++it) {
            const QStringList tokens = it.value().toVariant().toString().split(QRegularExpression("[^a-z]+"));
            const auto held
                = std::count_if(tokens.begin(), tokens.end(), [&](const QString& t) { return words.contains(t); });
            QVERIFY2(held < 2, qPrintable(it.key() + " holds words of the phrase"));
        }
        QVERIFY(!QString::fromUtf8(QJsonDocument(values).toJson()).contains(words.mid(0, 3).join(' ')));
    }

    void excludingKeepsOtherOverrides()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        QVERIFY(settings.set("sched.deviceOverrides", "gpu0: temperatureCapC=75; cpu: mode=paused"));
        EnrolChoices c;
        c.walletAddress = kAddress;
        c.excludedDevices = {"gpu0"};
        QVERIFY(applyEnrolment(c, settings));
        QCOMPARE(settings.stringValue("sched.deviceOverrides"),
            QStringLiteral("gpu0: temperatureCapC=75, mode=paused; cpu: mode=paused"));
        c.walletAddress = "nonsense"; // nothing is written when anything is invalid
        c.preset = LimitsPreset::Maximum;
        QVERIFY(!applyEnrolment(c, settings));
        QCOMPARE(settings.stringValue("sched.mode"), QStringLiteral("idle"));
    }
};

QTEST_MAIN(TestEnrolWizard)
#include "TestEnrolWizard.moc"
