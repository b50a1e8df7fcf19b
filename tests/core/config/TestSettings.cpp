#include "ManualClock.h"
#include "TestSupport.h"
#include "config/Settings.h"
#include "node/SettingChecks.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace cocoon;

Q_DECLARE_METATYPE(cocoon::SettingsErrc)

namespace {

void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

// A table for migration tests: schema 3 renamed "old.name" (schema 1) to "new.name" and
// doubled "size" (schema 2).
const SettingSpec kMigrationTable[] = {
    {"new.name", SettingType::String, QStringLiteral("x"), 0, 0, {}, "renamed in schema 2"},
    {"size", SettingType::Int, 10, 1, 1000, {}, "doubled in schema 3"},
};

std::vector<Settings::Migration> migrations()
{
    return {
        {1, "rename old.name to new.name",
            [](QJsonObject& v) {
                if (v.contains("old.name"))
                    v.insert("new.name", v.take("old.name"));
            }},
        {2, "size is now in half-units", [](QJsonObject& v) { v.insert("size", v.value("size").toInt() * 2); }},
    };
}

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath("settings-" + QString::number(++m_n) + ".json");
    }

    void tableIsWellFormed()
    {
        QSet<QString> keys;
        for (const SettingSpec& s : settingsTable()) {
            QVERIFY2(!keys.contains(s.key), qPrintable("duplicate key " + s.key));
            keys.insert(s.key);
            QVERIFY2(!s.description.isEmpty(), qPrintable(s.key));
            QVERIFY2(Settings::validate(s, s.defaultValue), qPrintable("default of " + s.key + " is not valid"));
        }
    }

    void defaultsWhenNoFile()
    {
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QCOMPARE(s.stringValue(keys::logLevel), QStringLiteral("info"));
        QCOMPARE(s.intValue(keys::sealChunkKiB), 1024);
        QVERIFY(s.isDefault(keys::logLevel));
        QVERIFY(!QFile::exists(m_path)); // reading never writes
    }

    void setValidValues_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariant>("stored");
        QTest::newRow("choice") << keys::logLevel << "debug" << QVariant("debug");
        QTest::newRow("choice case-insensitive")
            << keys::sealAead << "ChaCha20-Poly1305" << QVariant("chacha20-poly1305");
        QTest::newRow("int min") << keys::logFilesKept << "1" << QVariant(1);
        QTest::newRow("int max") << keys::logFileMaxMiB << "1024" << QVariant(1024);
    }
    void setValidValues()
    {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QVariant, stored);
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QSignalSpy spy(&s, &Settings::changed);
        auto r = s.setFromText(key, text);
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QCOMPARE(s.value(key), stored);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), key);
        // Persisted: a second store reads it back.
        Settings again(m_path, m_clock, node::settingChecks());
        QVERIFY(again.load());
        QCOMPARE(again.value(key), stored);
    }

    void badValuesRejected_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<SettingsErrc>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown key") << "no.such" << QVariant(1) << SettingsErrc::UnknownKey << "no.such";
        QTest::newRow("negative") << keys::logFilesKept << QVariant(-1) << SettingsErrc::OutOfRange << "1 to 100";
        QTest::newRow("zero") << keys::logFileMaxMiB << QVariant(0) << SettingsErrc::OutOfRange << "1 to 1024";
        QTest::newRow("too large") << keys::sealChunkKiB << QVariant(16385) << SettingsErrc::OutOfRange << "16384";
        QTest::newRow("fraction") << keys::logFilesKept << QVariant(2.5) << SettingsErrc::WrongType << "whole number";
        QTest::newRow("text for int") << keys::logFilesKept << QVariant("many") << SettingsErrc::WrongType
                                      << "whole number";
        QTest::newRow("not a choice") << keys::logLevel << QVariant("loud") << SettingsErrc::NotAChoice
                                      << "trace, debug";
        QTest::newRow("number for choice") << keys::sealAead << QVariant(3) << SettingsErrc::WrongType << "one of";
    }
    void badValuesRejected()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QFETCH(SettingsErrc, code);
        QFETCH(QString, mentions);
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QVERIFY(s.set(keys::logFilesKept, 7));
        QSignalSpy spy(&s, &Settings::changed);
        auto r = s.set(key, value);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().message));
        QCOMPARE(spy.count(), 0);
        QCOMPARE(s.intValue(keys::logFilesKept), 7); // the old value stays
        Settings again(m_path, m_clock, node::settingChecks());
        QVERIFY(again.load());
        QCOMPARE(again.intValue(keys::logFilesKept), 7);
    }

    /// The formats other modules own are checked with the checks the store is given, and a store
    /// given none refuses to store them unchecked.
    void formatChecksArePassedIn_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("good");
        QTest::addColumn<QString>("bad");
        QTest::newRow("weekly schedule") << QString(keys::schedSchedule) << "mon-fri 22-7"
                                         << "someday 25-26";
        QTest::newRow("device overrides") << QString(keys::schedDeviceOverrides) << "gpu0: dutyWhileIdle=50"
                                          << "gpu0: nonsense=1";
        QTest::newRow("TON address") << QString(keys::walletAddress)
                                     << "UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U"
                                     << "EQ123";
    }
    void formatChecksArePassedIn()
    {
        QFETCH(QString, key);
        QFETCH(QString, good);
        QFETCH(QString, bad);
        Settings checked(m_path, m_clock, node::settingChecks());
        QVERIFY(checked.setFromText(key, good));
        QVERIFY(!checked.setFromText(key, bad));
        QCOMPARE(checked.stringValue(key), good);
        Settings unchecked(m_path + ".unchecked", m_clock, SettingChecks {});
        const auto refused = unchecked.setFromText(key, good);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains("cannot check"), qPrintable(refused.error().message));
    }

    void resetReturnsToDefault()
    {
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QVERIFY(s.set(keys::logLevel, "error"));
        QSignalSpy spy(&s, &Settings::changed);
        QVERIFY(s.reset(keys::logLevel));
        QCOMPARE(s.stringValue(keys::logLevel), QStringLiteral("info"));
        QCOMPARE(spy.count(), 1);
        QVERIFY(!readJson(m_path).value("values").toObject().contains(keys::logLevel));
    }

    void noSignalWhenUnchanged()
    {
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QSignalSpy spy(&s, &Settings::changed);
        QVERIFY(s.set(keys::logLevel, "info"));
        QCOMPARE(spy.count(), 0);
    }

    void atomicWriteLeavesNoTemporaries()
    {
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        for (int i = 1; i <= 20; ++i) {
            QVERIFY(s.set(keys::logFilesKept, i));
        }
        const QStringList leftovers = QDir(m_dir.path()).entryList({"*.tmp-*"}, QDir::Files | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(',')));
        QCOMPARE(readJson(m_path).value("schema").toInt(), Settings::kSchemaVersion);
        QCOMPARE(readJson(m_path).value("values").toObject().value(keys::logFilesKept).toInt(), 20);
    }

    void unwritableLocationKeepsOldValue()
    {
        Settings s(m_dir.filePath("no-such-dir/settings.json"), m_clock, node::settingChecks());
        QVERIFY(s.load());
        auto r = s.set(keys::logFilesKept, 9);
        QVERIFY(!r);
        QCOMPARE(r.error().code, SettingsErrc::Io);
        QCOMPARE(s.intValue(keys::logFilesKept), 5);
    }

    void invalidStoredValueFallsBackToDefault()
    {
        writeFile(m_path, R"({"schema": 1, "values": {"log.filesKept": 5000, "log.level": "debug"}})");
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QCOMPARE(s.intValue(keys::logFilesKept), 5);
        QCOMPARE(s.stringValue(keys::logLevel), QStringLiteral("debug"));
    }

    void corruptFileIsSetAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not json") << QByteArray("{ this is not json");
        QTest::newRow("array") << QByteArray("[1,2,3]");
        QTest::newRow("no schema") << QByteArray(R"({"values": {}})");
        QTest::newRow("values not object") << QByteArray(R"({"schema": 1, "values": 3})");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage", 12);
    }
    void corruptFileIsSetAside()
    {
        QFETCH(QByteArray, content);
        writeFile(m_path, content);
        Settings s(m_path, m_clock, node::settingChecks());
        auto r = s.load();
        QVERIFY(!r);
        QCOMPARE(r.error().code, SettingsErrc::CorruptFile);
        const QString aside = m_path + ".corrupt-20260101-120000";
        QVERIFY2(r.error().message.contains(aside), qPrintable(r.error().message));
        QFile kept(aside);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), content); // nothing lost
        QCOMPARE(s.intValue(keys::logFilesKept), 5);
        QVERIFY(s.set(keys::logFilesKept, 6)); // and the store is usable
    }

    void stepwiseMigration()
    {
        writeFile(m_path, R"({"schema": 1, "values": {"old.name": "kept", "size": 21}})");
        Settings s(m_path, m_clock, kMigrationTable, 3, migrations());
        QVERIFY(s.load());
        QCOMPARE(s.stringValue("new.name"), QStringLiteral("kept"));
        QCOMPARE(s.intValue("size"), 42);
        QCOMPARE(readJson(m_path).value("schema").toInt(), 3); // written back upgraded
        QVERIFY(QFile::exists(m_path + ".schema-1.bak"));
        // A second load does not migrate again.
        Settings again(m_path, m_clock, kMigrationTable, 3, migrations());
        QVERIFY(again.load());
        QCOMPARE(again.intValue("size"), 42);
    }

    void migrationFromTheMiddle()
    {
        writeFile(m_path, R"({"schema": 2, "values": {"new.name": "n", "size": 5}})");
        Settings s(m_path, m_clock, kMigrationTable, 3, migrations());
        QVERIFY(s.load());
        QCOMPARE(s.intValue("size"), 10);
    }

    void missingMigrationStepSetsAside()
    {
        writeFile(m_path, R"({"schema": 0, "values": {}})");
        Settings s(m_path, m_clock, kMigrationTable, 3, migrations());
        auto r = s.load();
        QVERIFY(!r);
        QVERIFY(r.error().message.contains("schema 0"));
    }

    void newerSchemaIsReadOnlyAndKeepsUnknownKeys()
    {
        writeFile(m_path, R"({"schema": 99, "values": {"log.level": "warn", "future.key": [1, 2]}})");
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QVERIFY(s.isReadOnly());
        QCOMPARE(s.stringValue(keys::logLevel), QStringLiteral("warn"));
        auto r = s.set(keys::logLevel, "error");
        QVERIFY(!r);
        QCOMPARE(r.error().code, SettingsErrc::ReadOnly);
        QCOMPARE(readJson(m_path).value("schema").toInt(), 99);
    }

    void unknownKeysSurviveWrites()
    {
        writeFile(m_path, R"({"schema": 1, "values": {"plugin.thing": "keep me"}})");
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QVERIFY(s.set(keys::logFilesKept, 3));
        QCOMPARE(
            readJson(m_path).value("values").toObject().value("plugin.thing").toString(), QStringLiteral("keep me"));
    }

    // A window attached to a headless instance: values go to the writer (the instance), the file
    // is never written here, and a refusal there leaves the old value.
    void writerReceivesValuesAndFileIsUntouched()
    {
        Settings s(m_path, m_clock, node::settingChecks());
        QVERIFY(s.load());
        QList<QPair<QString, QVariant>> sent;
        bool refuse = false;
        s.setWriter([&](const QString& key, const QVariant& value) -> Expected<void, SettingsError> {
            if (refuse)
                return unexpected(SettingsError {SettingsErrc::Io, QStringLiteral("the instance is gone")});
            sent.append({key, value});
            return {};
        });
        QSignalSpy changed(&s, &Settings::changed);
        QVERIFY(s.set(keys::logFilesKept, 4));
        QCOMPARE(s.intValue(keys::logFilesKept), 4);
        QCOMPARE(changed.count(), 1);
        QVERIFY(!QFile::exists(m_path));
        QVERIFY(!s.set(keys::logFilesKept, -5)); // checked here first: the writer never sees it
        QCOMPARE(sent.size(), 1);
        QVERIFY(s.reset(keys::logFilesKept));
        QCOMPARE(sent.size(), 2);
        QVERIFY(!sent.last().second.isValid()); // a reset travels as "no value"
        refuse = true;
        auto r = s.set(keys::logFilesKept, 6);
        QVERIFY(!r);
        QCOMPARE(r.error().code, SettingsErrc::Io);
        QCOMPARE(s.value(keys::logFilesKept), s.spec(keys::logFilesKept)->defaultValue);
    }

    void reloadEmitsWhatAnotherWriterChanged()
    {
        Settings writer(m_path, m_clock, node::settingChecks());
        QVERIFY(writer.load());
        Settings mirror(m_path, m_clock, node::settingChecks());
        QVERIFY(mirror.load());
        QVERIFY(writer.set(keys::logFilesKept, 7));
        QSignalSpy changed(&mirror, &Settings::changed);
        QVERIFY(mirror.reload());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QString::fromLatin1(keys::logFilesKept));
        QCOMPARE(mirror.intValue(keys::logFilesKept), 7);
        QVERIFY(mirror.reload()); // nothing new: no signal
        QCOMPARE(changed.count(), 1);
    }

    void mirrorNeverMovesACorruptFile()
    {
        Settings mirror(m_path, m_clock, node::settingChecks());
        mirror.setWriter([](const QString&, const QVariant&) -> Expected<void, SettingsError> { return {}; });
        QVERIFY(mirror.set(keys::logFilesKept, 9));
        writeFile(m_path, "{ not json");
        QSignalSpy changed(&mirror, &Settings::changed);
        auto r = mirror.reload();
        QCOMPARE(mirror.intValue(keys::logFilesKept), 9); // what it held stays
        QCOMPARE(changed.count(), 0);
        QVERIFY(!r);
        QCOMPARE(r.error().code, SettingsErrc::CorruptFile);
        QVERIFY(QFile::exists(m_path));
        QCOMPARE(QDir(m_dir.path()).entryList({QFileInfo(m_path).fileName() + QStringLiteral(".corrupt-*")}).size(), 0);
    }

private:
    QTemporaryDir m_dir;
    test::ManualClock m_clock;
    QString m_path;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestSettings)
#include "TestSettings.moc"
