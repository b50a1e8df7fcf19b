// The control channel: request and reply lines (every malformed case refused with a typed error),
// and a real local socket served by the real Service over a real governor, settings file and
// ledger; the client runs on its own thread as cocoonctl runs in its own process.
#include "GovernorRig.h"
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "config/Settings.h"
#include "control/ControlService.h"
#include "control/NodeStatus.h"
#include "crypto/Ed25519.h"
#include "ledger/Ledger.h"
#include "node/SettingChecks.h"
#include "sched/Governor.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace std::chrono_literals;
using namespace cocoon;
using namespace cocoon::control;

namespace {

/// call() from another thread while this one serves.
Expected<QJsonValue, ControlError> callFromThread(const QString& name, const Request& r)
{
    Expected<QJsonValue, ControlError> out = unexpected(ControlError {ControlErrc::Io, "not run"});
    QThread* t = QThread::create([&] { out = call(name, r, 5s); });
    t->start();
    if (!QTest::qWaitFor([t] { return t->isFinished(); }, 10000)) // serving while the client waits
        qWarning("the control client did not finish in 10 s");
    t->wait();
    delete t;
    return out;
}

} // namespace

class TestControl : public QObject
{
    Q_OBJECT
private slots:
    void requestsAreChecked_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("ok");
        QTest::newRow("status") << QByteArray(R"({"v":1,"cmd":"status"})") << true;
        QTest::newRow("with args") << QByteArray(R"({"v":1,"cmd":"snooze","args":{"minutes":15}})") << true;
        QTest::newRow("not json") << QByteArray("status") << false;
        QTest::newRow("array") << QByteArray("[1]") << false;
        QTest::newRow("no version") << QByteArray(R"({"cmd":"status"})") << false;
        QTest::newRow("future version") << QByteArray(R"({"v":2,"cmd":"status"})") << false;
        QTest::newRow("cmd not text") << QByteArray(R"({"v":1,"cmd":7})") << false;
        QTest::newRow("empty cmd") << QByteArray(R"({"v":1,"cmd":""})") << false;
        QTest::newRow("args not object") << QByteArray(R"({"v":1,"cmd":"jobs","args":[1]})") << false;
        QTest::newRow("too long") << QByteArray(R"({"v":1,"cmd":"status","pad":")") + QByteArray(70000, 'x') + "\"}"
                                  << false;
    }
    void requestsAreChecked()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, ok);
        auto r = parseRequest(line);
        QCOMPARE(bool(r), ok);
        if (!ok) {
            QCOMPARE(r.error().code, ControlErrc::Malformed);
            QVERIFY(!r.error().message.isEmpty());
        } else {
            QByteArray again = encodeRequest(*r);
            QVERIFY(again.endsWith('\n'));
            again.chop(1);
            QCOMPARE(parseRequest(again)->command, r->command);
        }
    }

    void repliesRoundTrip()
    {
        QByteArray line = encodeReply(QJsonValue(QJsonObject {{"a", 1}}));
        line.chop(1);
        QCOMPARE(parseReply(line)->toObject().value("a").toInt(), 1);
        line = encodeReply(unexpected(ControlError {ControlErrc::BadArgument, "no such limit"}));
        line.chop(1);
        auto e = parseReply(line);
        QVERIFY(!e);
        QCOMPARE(e.error().code, ControlErrc::BadArgument);
        QCOMPARE(e.error().message, QStringLiteral("no such limit"));
        QCOMPARE(parseReply("garbage").error().code, ControlErrc::Malformed);
    }

    void nodeStatusRoundTrips()
    {
        control::NodeStatus s;
        s.ui = QStringLiteral("headless");
        s.dataDir = QStringLiteral("/data");
        s.network = QStringLiteral("Connected to the coordinator at wss://c:7443; contributing.");
        s.testTon = true;
        s.tierReasons = QStringList {QStringLiteral("no TEE")};
        s.devices = {{QStringLiteral("CPU (2 threads)"), true, {}, QStringLiteral("cpu")},
            {QStringLiteral("NVIDIA GPU"), false, QStringLiteral("no driver")}};
        s.readings[QStringLiteral("gpu0")] = {5, 90, 61, 250, 3ull << 30, 80ull << 30};
        s.jobs[QStringLiteral("gpu0")] = QStringLiteral("ai.mlp");
        s.ledgerFile = QStringLiteral("/data/ledger.sqlite");
        const QJsonObject json = s.toJson();
        QCOMPARE(json.value(QStringLiteral("tier")).toString(), QStringLiteral("sealed (no TEE)"));
        const control::NodeStatus back = control::NodeStatus::fromJson(json);
        QCOMPARE(back.toJson(), json);
        QCOMPARE(back.readings.at(QStringLiteral("gpu0")).vramTotalBytes, std::optional<std::uint64_t>(80ull << 30));
        QCOMPARE(back.jobs.at(QStringLiteral("gpu0")), QStringLiteral("ai.mlp"));
        // What another instance sends wrongly typed keeps its default; numbers are clamped.
        const control::NodeStatus odd = control::NodeStatus::fromJson(QJsonObject {{QStringLiteral("testTon"), 7},
            {QStringLiteral("devices"), QJsonArray {42, QJsonObject {{QStringLiteral("usable"), true}}}},
            {QStringLiteral("readings"),
                QJsonObject {{QStringLiteral("cpu"),
                    QJsonObject {{QStringLiteral("ours"), 1e12}, {QStringLiteral("vramUsed"), -5}}}}},
            {QStringLiteral("jobs"), QJsonObject {{QStringLiteral("cpu"), 3}}}});
        QVERIFY(!odd.testTon);
        QVERIFY(odd.devices.isEmpty());
        QCOMPARE(odd.readings.at(QStringLiteral("cpu")).oursPercent, std::optional(100000));
        QVERIFY(!odd.readings.at(QStringLiteral("cpu")).vramUsedBytes);
        QVERIFY(odd.jobs.empty());
    }

    void serviceOverARealSocket()
    {
        test::ManualClock clock(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
        test::GovernorRig rig(clock, {{"sched.mode", "always"}});
        sched::Governor& governor = rig.governor;
        Settings& settings = rig.settings;
        QTemporaryDir& dir = rig.dir;
        auto book = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(book);
        const auto node = Ed25519PrivateKey::generate();
        const std::uint64_t now = std::uint64_t(clock.nowUtc().toMSecsSinceEpoch());
        QVERIFY(*book->recordReceipt(test::signedReceipt(*node, 1, "ai.mlp", "cpu", 1500, now - 2000)));
        QVERIFY(*book->recordReceipt(test::signedReceipt(*node, 2, "media.resize", "cpu", 700, now - 1000)));

        Service service({clock, governor, settings, [&] { return &*book; },
            [] {
                return QJsonObject {{"ui", "headless"}, {"network", "Connected"}, {"testTon", true}};
            }});
        const QString name = socketName(dir.path());
        Server server(name, service);
        QVERIFY(server.listen());
#ifdef Q_OS_UNIX
        // Only this user may connect: the socket file is not open to group or others.
        const QFileInfo socket(server.fullServerName());
        QVERIFY(socket.exists());
        QCOMPARE(socket.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
            QFile::Permissions());
#endif
        // A second instance on the same data directory is refused while this one answers.
        Service other({clock, governor, settings, {}, {}});
        Server second(name, other);
        QVERIFY(!second.listen());

        auto status = callFromThread(name, {"status", {}});
        QVERIFY2(status, qPrintable(status ? QString() : status.error().message));
        QCOMPARE(status->toObject()["network"].toString(), QStringLiteral("Connected"));
        QCOMPARE(status->toObject()["mode"].toString(), QStringLiteral("always"));
        QCOMPARE(status->toObject()["earnings"].toObject()["jobs"].toInt(), 2);
        QVERIFY(status->toObject()["scheduler"].toObject()["devices"].toArray()[0].toObject()["run"].toBool());

        QVERIFY(callFromThread(name, {"pause", {}}));
        QVERIFY(!governor.decision("cpu").run);
        QVERIFY(callFromThread(name, {"resume", {}}));
        QVERIFY(callFromThread(name, {"snooze", {{"minutes", 90}}}));
        QCOMPARE(governor.snoozedUntil(), clock.nowUtc().addSecs(90 * 60));
        QVERIFY(callFromThread(name, {"snooze", {{"until", "tomorrow"}}}));
        QCOMPARE(governor.snoozedUntil()->toLocalTime().time(), QTime(0, 0));
        for (const QJsonObject& bad : {QJsonObject {{"minutes", 0}}, QJsonObject {{"minutes", 1.5}},
                 QJsonObject {{"minutes", "15"}}, QJsonObject {{"until", "later"}}, QJsonObject {}}) {
            auto e = callFromThread(name, {"snooze", bad});
            QVERIFY(!e);
            QCOMPARE(e.error().code, ControlErrc::BadArgument);
        }

        auto limits = callFromThread(name, {"limits.get", {}});
        QVERIFY(limits);
        QVERIFY(limits->toArray().size() >= 15);
        QCOMPARE(limits->toArray()[0].toObject()["key"].toString().left(6), QStringLiteral("sched."));
        auto set = callFromThread(name, {"limits.set", {{"key", "sched.dutyWhileActive"}, {"value", "45"}}});
        QVERIFY(set);
        QCOMPARE(settings.intValue("sched.dutyWhileActive"), 45);
        QCOMPARE(governor.limits("cpu").dutyWhileActive, 45); // applied without a restart
        auto outOfRange = callFromThread(name, {"limits.set", {{"key", "sched.dutyWhileActive"}, {"value", "450"}}});
        QVERIFY(!outOfRange);
        QVERIFY(outOfRange.error().message.contains("out of range"));
        QCOMPARE(settings.intValue("sched.dutyWhileActive"), 45);
        auto notALimit = callFromThread(name, {"limits.set", {{"key", "wallet.address"}, {"value", "x"}}});
        QVERIFY(!notALimit);
        QCOMPARE(notALimit.error().code, ControlErrc::BadArgument);

        auto jobs = callFromThread(name, {"jobs", {{"limit", 1}}});
        QVERIFY(jobs);
        QCOMPARE(jobs->toObject()["jobs"].toArray().size(), 1);
        QCOMPARE(jobs->toObject()["jobs"].toArray()[0].toObject()["kernel"].toString(), QStringLiteral("media.resize"));
        QVERIFY(jobs->toObject()["testTon"].toBool());
        QCOMPARE(callFromThread(name, {"jobs", {{"limit", 0}}}).error().code, ControlErrc::BadArgument);
        auto earnings = callFromThread(name, {"earnings", {{"by", "kernel"}}});
        QVERIFY(earnings);
        QCOMPARE(earnings->toObject()["earnedNano"].toString(), QStringLiteral("2200"));
        QCOMPARE(earnings->toObject()["rows"].toArray().size(), 2);
        QCOMPARE(callFromThread(name, {"earnings", {{"by", "fortnight"}}}).error().code, ControlErrc::BadArgument);
        QCOMPARE(callFromThread(name, {"reboot", {}}).error().code, ControlErrc::UnknownCommand);
    }

    void malformedLinesGetAnAnswerNotACrash()
    {
        test::ManualClock clock;
        QTemporaryDir dir;
        Settings settings(dir.filePath("settings.json"), clock, node::settingChecks());
        test::ScriptedProbe probe;
        sched::Governor governor(clock, probe, settings);
        Service service({clock, governor, settings, {}, {}});
        const QString name = socketName(dir.path());
        Server server(name, service);
        QVERIFY(server.listen());
        QLocalSocket s;
        s.connectToServer(name);
        QVERIFY(s.waitForConnected(2000));
        s.write("hello\n{\"v\":1,\"cmd\":\"jobs\"}\n");
        QTRY_VERIFY(s.bytesAvailable() > 0 && s.canReadLine());
        QByteArray first = s.readLine();
        first.chop(1);
        QCOMPARE(parseReply(first).error().code, ControlErrc::Malformed);
        QTRY_VERIFY(s.canReadLine());
        QByteArray second = s.readLine();
        second.chop(1);
        QCOMPARE(parseReply(second).error().code, ControlErrc::Unavailable); // no ledger here
        s.write(QByteArray(kMaxLine + 10, 'x')); // a line that never ends
        QTRY_VERIFY(s.state() == QLocalSocket::UnconnectedState || s.canReadLine());
    }

    void noInstanceSaysHowToStartOne()
    {
        auto r = call(socketName("/nonexistent/cocoon-test"), {"status", {}}, 500ms);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ControlErrc::NotRunning);
        QVERIFY(r.error().message.contains("--headless"));
    }
};

QTEST_GUILESS_MAIN(TestControl)
#include "TestControl.moc"
