#include "config/Settings.h"

#include "common/AtomicFile.h"
#include "common/Logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

#include <cmath>

namespace cocoon {
namespace {

SettingsError err(SettingsErrc code, QString message)
{
    return SettingsError {code, std::move(message)};
}

QString describeAllowed(const SettingSpec& spec)
{
    switch (spec.type) {
    case SettingType::Bool:
        return QCoreApplication::translate("cocoon::Settings", "true or false");
    case SettingType::Int:
        return QCoreApplication::translate("cocoon::Settings", "a whole number from %1 to %2")
            .arg(spec.minimum)
            .arg(spec.maximum);
    case SettingType::String:
        return QStringLiteral("text");
    case SettingType::Choice:
        return QCoreApplication::translate("cocoon::Settings", "one of: %1")
            .arg(spec.choices.join(QStringLiteral(", ")));
    }
    return {};
}

} // namespace

std::vector<Settings::Migration> Settings::builtinMigrations()
{
    // Schema 1 is the first one; a future schema 2 adds {1, "what changed", [](QJsonObject& v){...}} here.
    return {};
}

Settings::Settings(QString filePath, const Clock& clock, const SettingChecks& checks, QObject* parent)
    : Settings(std::move(filePath), clock, settingsTable(), kSchemaVersion, builtinMigrations(), parent)
{
    m_ownTable = withChecks(settingsTable(), checks);
    m_table = m_ownTable;
}

Settings::Settings(QString filePath, const Clock& clock, std::span<const SettingSpec> table, int schemaVersion,
    std::vector<Migration> migrations, QObject* parent)
    : QObject(parent)
    , m_path(std::move(filePath))
    , m_clock(clock)
    , m_table(table)
    , m_schemaVersion(schemaVersion)
    , m_migrations(std::move(migrations))
{ }

const SettingSpec* Settings::spec(const QString& key) const
{
    for (const SettingSpec& s : m_table) {
        if (s.key == key) {
            return &s;
        }
    }
    return nullptr;
}

QVariant Settings::value(const QString& key) const
{
    if (auto it = m_values.constFind(key); it != m_values.constEnd()) {
        return *it;
    }
    const SettingSpec* s = spec(key);
    return s ? s->defaultValue : QVariant();
}

Expected<QVariant, SettingsError> Settings::validate(const SettingSpec& spec, const QVariant& value)
{
    const auto wrongType = [&] {
        return unexpected(err(SettingsErrc::WrongType,
            QCoreApplication::translate("cocoon::Settings", "%1: '%2' is not valid; expected %3")
                .arg(spec.key, value.toString(), describeAllowed(spec))));
    };
    switch (spec.type) {
    case SettingType::Bool:
        if (value.typeId() != QMetaType::Bool) {
            return wrongType();
        }
        return value;
    case SettingType::Int: {
        qint64 n = 0;
        const int t = value.typeId();
        if (t == QMetaType::Int || t == QMetaType::LongLong || t == QMetaType::UInt || t == QMetaType::ULongLong) {
            n = value.toLongLong();
        } else if (t == QMetaType::Double) {
            const double d = value.toDouble();
            if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15) {
                return wrongType();
            }
            n = static_cast<qint64>(d);
        } else {
            return wrongType();
        }
        if (n < spec.minimum || n > spec.maximum) {
            return unexpected(err(SettingsErrc::OutOfRange,
                QCoreApplication::translate("cocoon::Settings", "%1: %2%3 is out of range; allowed is %4%5")
                    .arg(spec.key)
                    .arg(n)
                    .arg(spec.unit.isEmpty() ? QString() : QLatin1Char(' ') + spec.unit)
                    .arg(describeAllowed(spec))
                    .arg(spec.unit.isEmpty() ? QString() : QLatin1Char(' ') + spec.unit)));
        }
        return QVariant(static_cast<int>(n));
    }
    case SettingType::String:
        if (value.typeId() != QMetaType::QString) {
            return wrongType();
        }
        if (spec.check) {
            if (const QString why = spec.check(value.toString()); !why.isEmpty()) {
                return unexpected(err(SettingsErrc::OutOfRange, QStringLiteral("%1: %2").arg(spec.key, why)));
            }
        }
        return value;
    case SettingType::Choice: {
        if (value.typeId() != QMetaType::QString) {
            return wrongType();
        }
        for (const QString& c : spec.choices) {
            if (c.compare(value.toString().trimmed(), Qt::CaseInsensitive) == 0) {
                return QVariant(c);
            }
        }
        return unexpected(err(SettingsErrc::NotAChoice,
            QCoreApplication::translate("cocoon::Settings", "%1: '%2' is not allowed; use %3")
                .arg(spec.key, value.toString(), describeAllowed(spec))));
    }
    }
    return wrongType();
}

Expected<QVariant, SettingsError> Settings::validateText(const SettingSpec& spec, const QString& text)
{
    const QString t = text.trimmed();
    QVariant v(t);
    if (spec.type == SettingType::Bool) {
        const QString l = t.toLower();
        if (l == u"true" || l == u"yes" || l == u"on" || l == u"1") {
            v = true;
        } else if (l == u"false" || l == u"no" || l == u"off" || l == u"0") {
            v = false;
        }
    } else if (spec.type == SettingType::Int) {
        bool ok = false;
        const qlonglong n = t.toLongLong(&ok);
        if (ok) {
            v = n;
        }
    }
    return validate(spec, v);
}

Expected<void, SettingsError> Settings::setFromText(const QString& key, const QString& text)
{
    const SettingSpec* s = spec(key);
    if (!s) {
        return unexpected(err(SettingsErrc::UnknownKey,
            QCoreApplication::translate("cocoon::Settings", "there is no setting called '%1'").arg(key)));
    }
    auto v = validateText(*s, text);
    if (!v) {
        return unexpected(v.error());
    }
    return store(key, *v);
}

Expected<void, SettingsError> Settings::set(const QString& key, const QVariant& value)
{
    const SettingSpec* s = spec(key);
    if (!s) {
        return unexpected(err(SettingsErrc::UnknownKey,
            QCoreApplication::translate("cocoon::Settings", "there is no setting called '%1'").arg(key)));
    }
    auto normalised = validate(*s, value);
    if (!normalised) {
        return unexpected(normalised.error());
    }
    return store(key, *normalised);
}

Expected<void, SettingsError> Settings::reset(const QString& key)
{
    if (!spec(key)) {
        return unexpected(err(SettingsErrc::UnknownKey,
            QCoreApplication::translate("cocoon::Settings", "there is no setting called '%1'").arg(key)));
    }
    return store(key, std::nullopt);
}

Expected<void, SettingsError> Settings::store(const QString& key, std::optional<QVariant> newValue)
{
    if (m_readOnly) {
        return unexpected(err(SettingsErrc::ReadOnly,
            QCoreApplication::translate("cocoon::Settings",
                "%1 was written by a newer version of Cocoon Contributor; "
                "change settings with that version")
                .arg(m_path)));
    }
    const QVariant before = value(key);
    if (m_writer) {
        if (auto stored = m_writer(key, newValue.value_or(QVariant())); !stored)
            return stored;
    }
    const QVariantMap previous = m_values;
    if (newValue) {
        m_values.insert(key, *newValue);
    } else {
        m_values.remove(key);
    }
    if (auto saved = m_writer ? Expected<void, SettingsError> {} : save(); !saved) {
        m_values = previous; // keep the old value when it cannot be persisted
        return saved;
    }
    const QVariant after = value(key);
    if (after != before) {
        emit changed(key, after);
    }
    return {};
}

Expected<void, SettingsError> Settings::save()
{
    QJsonObject values = m_unknown;
    for (auto it = m_values.constBegin(); it != m_values.constEnd(); ++it) {
        values.insert(it.key(), QJsonValue::fromVariant(it.value()));
    }
    QJsonObject root {{QStringLiteral("schema"), m_schemaVersion}, {QStringLiteral("values"), values}};
    auto written = writeFileAtomically(m_path, QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!written) {
        return unexpected(err(SettingsErrc::Io,
            QCoreApplication::translate("cocoon::Settings", "settings not saved: %1").arg(written.error())));
    }
    return {};
}

Expected<void, SettingsError> Settings::reload()
{
    QVariantMap before;
    for (const SettingSpec& spec : m_table)
        before.insert(spec.key, value(spec.key));
    const QVariantMap keep = m_values;
    const QJsonObject keepUnknown = m_unknown;
    auto loaded = load();
    if (!loaded) { // unreadable or damaged now: keep what we had rather than fall back to defaults
        m_values = keep;
        m_unknown = keepUnknown;
        return loaded;
    }
    for (const SettingSpec& spec : m_table) {
        const QVariant now = value(spec.key);
        if (now != before.value(spec.key))
            emit changed(spec.key, now);
    }
    return loaded;
}

Expected<void, SettingsError> Settings::load()
{
    m_values.clear();
    m_unknown = {};
    m_readOnly = false;
    QFile f(m_path);
    if (!f.exists()) {
        return {};
    }
    if (!f.open(QIODevice::ReadOnly)) {
        return unexpected(err(SettingsErrc::Io,
            QCoreApplication::translate("cocoon::Settings", "cannot read %1: %2").arg(m_path, f.errorString())));
    }
    const QByteArray bytes = f.readAll();
    f.close();

    const auto setAside = [&](const QString& why) -> Expected<void, SettingsError> {
        const QString aside
            = QStringLiteral("%1.corrupt-%2").arg(m_path, m_clock.nowUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
        if (m_writer) // another process's file: report, never move it
            return unexpected(err(SettingsErrc::CorruptFile,
                QCoreApplication::translate("cocoon::Settings", "%1 could not be read (%2)").arg(m_path, why)));
        QFile::rename(m_path, aside);
        return unexpected(err(SettingsErrc::CorruptFile,
            QCoreApplication::translate(
                "cocoon::Settings", "%1 could not be read (%2); it was kept as %3 and defaults are in use")
                .arg(m_path, why, aside)));
    };

    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return setAside(QCoreApplication::translate("cocoon::Settings", "%1 at byte %2")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
    }
    const QJsonObject root = doc.object();
    const QJsonValue schemaValue = root.value(QStringLiteral("schema"));
    if (!doc.isObject() || !schemaValue.isDouble() || !root.value(QStringLiteral("values")).isObject()) {
        return setAside(QCoreApplication::translate(
            "cocoon::Settings", "not a settings file: expected {\"schema\": N, \"values\": {...}}"));
    }
    const int fileSchema = schemaValue.toInt();
    QJsonObject values = root.value(QStringLiteral("values")).toObject();

    if (fileSchema > m_schemaVersion) {
        m_readOnly = true;
        log::get("core")->warn("settings file {} has schema {} (this version knows {}): opened read-only",
            m_path.toStdString(), fileSchema, m_schemaVersion);
    }
    bool migrated = false;
    for (int v = fileSchema; v < m_schemaVersion; ++v) {
        auto step = std::find_if(
            m_migrations.begin(), m_migrations.end(), [v](const Migration& m) { return m.fromVersion == v; });
        if (step == m_migrations.end()) {
            return setAside(
                QCoreApplication::translate("cocoon::Settings", "no upgrade from settings schema %1").arg(v));
        }
        step->apply(values);
        log::get("core")->info("settings migrated from schema {} to {}: {}", v, v + 1, step->what.toStdString());
        migrated = true;
    }

    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        const SettingSpec* s = spec(it.key());
        if (!s) {
            m_unknown.insert(it.key(), it.value());
            continue;
        }
        auto v = validate(*s, it.value().toVariant());
        if (v) {
            m_values.insert(it.key(), *v);
        } else {
            log::get("core")->warn("ignoring stored setting: {}", v.error().message.toStdString());
        }
    }

    if (migrated && !m_writer) {
        // Keep the old file before writing the upgraded one, so a downgrade can still read it.
        QFile::copy(m_path, QStringLiteral("%1.schema-%2.bak").arg(m_path).arg(fileSchema));
        if (auto saved = save(); !saved) {
            return saved;
        }
    }
    return {};
}

} // namespace cocoon
