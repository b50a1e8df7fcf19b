#include "config/SettingsTable.h"

namespace cocoon {

std::span<const SettingSpec> settingsTable()
{
    // clang-format off
    static const SettingSpec table[] = {
        {keys::logLevel, SettingType::Choice, QStringLiteral("info"), 0, 0,
         {"trace", "debug", "info", "warn", "error", "critical", "off"},
         QStringLiteral("How much detail goes to the log file (--log-level overrides it for one run)")},
        {keys::logFileMaxMiB, SettingType::Int, 10, 1, 1024, {},
         QStringLiteral("Size at which the log file is rotated"), QStringLiteral("MiB")},
        {keys::logFilesKept, SettingType::Int, 5, 1, 100, {},
         QStringLiteral("How many rotated log files are kept")},
        {keys::sealAead, SettingType::Choice, QStringLiteral("aes-256-gcm"), 0, 0,
         {"aes-256-gcm", "chacha20-poly1305"},
         QStringLiteral("Cipher 'cocoonctl seal' uses when --aead is not given")},
        {keys::sealChunkKiB, SettingType::Int, 1024, 1, 16384, {},
         QStringLiteral("Chunk size 'cocoonctl seal' uses when --chunk-size is not given"), QStringLiteral("KiB")},
    };
    // clang-format on
    return table;
}

} // namespace cocoon
