#pragma once
#include "common/Clock.h"
#include "common/Expected.h"
#include "config/SettingsTable.h"

#include <QJsonObject>
#include <QObject>
#include <QVariant>

#include <functional>
#include <vector>

namespace cocoon {

enum class SettingsErrc {
    UnknownKey, ///< not in the settings table
    WrongType, ///< e.g. text where a number is expected
    OutOfRange, ///< a number outside [minimum, maximum]
    NotAChoice, ///< not one of the allowed values
    ReadOnly, ///< the file was written by a newer version of the app
    CorruptFile, ///< the file could not be parsed (it was set aside, defaults are in use)
    Io, ///< the file could not be read or written
};
using SettingsError = Error<SettingsErrc>;

/// The settings store: values validated against settingsTable() (with the format checks passed
/// in), persisted atomically as JSON
/// ({"schema": N, "values": {...}}) with stepwise migrations from older schema versions.
/// A rejected value leaves the old one in place. Keys the table does not know (written by a
/// newer version) are kept and written back untouched.
class Settings : public QObject
{
    Q_OBJECT
public:
    /// One step: turns the values of schema `fromVersion` into those of `fromVersion + 1`.
    struct Migration
    {
        int fromVersion;
        QString what;
        std::function<void(QJsonObject& values)> apply;
    };

    static constexpr int kSchemaVersion = 1;
    static std::vector<Migration> builtinMigrations();

    /// The application's settings (settingsTable()), with the checks of the formats other modules
    /// own passed in (node::settingChecks()).
    Settings(QString filePath, const Clock& clock, const SettingChecks& checks, QObject* parent = nullptr);
    /// For tests and future schema versions: a different table, schema version and migrations.
    Settings(QString filePath, const Clock& clock, std::span<const SettingSpec> table, int schemaVersion,
        std::vector<Migration> migrations, QObject* parent = nullptr);

    /// Reads the file. A missing file means defaults. A corrupt file is renamed aside
    /// (settings.json.corrupt-<time>) and defaults are used; the error says where it went.
    Expected<void, SettingsError> load();

    const SettingSpec* spec(const QString& key) const;
    std::span<const SettingSpec> table() const { return m_table; }

    QVariant value(const QString& key) const;
    int intValue(const QString& key) const { return value(key).toInt(); }
    bool boolValue(const QString& key) const { return value(key).toBool(); }
    QString stringValue(const QString& key) const { return value(key).toString(); }
    bool isDefault(const QString& key) const { return !m_values.contains(key); }

    /// Validates, stores and persists; emits changed() when the value differs.
    Expected<void, SettingsError> set(const QString& key, const QVariant& value);
    /// Like set(), from text a person typed ("true", "42", "aes-256-gcm").
    Expected<void, SettingsError> setFromText(const QString& key, const QString& text);
    Expected<void, SettingsError> reset(const QString& key);

    /// Checks a value against a spec without storing it; returns the normalised value.
    static Expected<QVariant, SettingsError> validate(const SettingSpec& spec, const QVariant& value);
    /// The same for text a person typed.
    static Expected<QVariant, SettingsError> validateText(const SettingSpec& spec, const QString& text);

    /// Where set() and reset() send a checked value instead of writing the file: a window attached
    /// to a headless instance lets that instance stay the file's one writer. The writer gets the
    /// normalised value (a null QVariant for reset) and answers whether it was stored there; only
    /// then does this object take the value and emit changed().
    using Writer = std::function<Expected<void, SettingsError>(const QString& key, const QVariant& value)>;
    void setWriter(Writer writer) { m_writer = std::move(writer); }
    /// Reads the file again after another process wrote it; emits changed() for every value that
    /// differs. A file that cannot be read or parsed is reported and the values held are kept; with
    /// a writer set, a corrupt file is also left where it is (it is not ours).
    Expected<void, SettingsError> reload();

    bool isReadOnly() const { return m_readOnly; }
    QString filePath() const { return m_path; }

signals:
    void changed(const QString& key, const QVariant& value);

private:
    Expected<void, SettingsError> save();
    Expected<void, SettingsError> store(const QString& key, std::optional<QVariant> value);

    QString m_path;
    const Clock& m_clock;
    std::vector<SettingSpec> m_ownTable; ///< settingsTable() with the checks passed in
    std::span<const SettingSpec> m_table;
    int m_schemaVersion;
    std::vector<Migration> m_migrations;
    QVariantMap m_values; ///< only values that differ from the table's default... or were set explicitly
    QJsonObject m_unknown; ///< keys from a newer version, preserved
    bool m_readOnly = false;
    Writer m_writer;
};

} // namespace cocoon
