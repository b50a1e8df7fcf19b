#pragma once
// The one table that declares every setting: key, type, default, allowed range or values,
// and a one-line description. The GUI, --headless and cocoonctl all read the same store
// (config/Settings.h), validated against this table.
#include <QStringList>
#include <QVariant>

#include <span>

namespace cocoon {

enum class SettingType { Bool, Int, String, Choice };

struct SettingSpec
{
    QString key;
    SettingType type;
    QVariant defaultValue;
    qint64 minimum = 0; ///< Int only
    qint64 maximum = 0; ///< Int only
    QStringList choices; ///< Choice only
    QString description;
    QString unit = {}; ///< shown to people ("MiB", "KiB", ...)
};

/// Every setting the application knows.
std::span<const SettingSpec> settingsTable();

namespace keys {
inline constexpr char logLevel[] = "log.level";
inline constexpr char logFileMaxMiB[] = "log.fileMaxMiB";
inline constexpr char logFilesKept[] = "log.filesKept";
inline constexpr char sealAead[] = "crypto.sealAead";
inline constexpr char sealChunkKiB[] = "crypto.sealChunkKiB";
} // namespace keys

} // namespace cocoon
