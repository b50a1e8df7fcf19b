#include "config/SettingsTable.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace cocoon {
namespace {

QString checkAppList(const QString& v)
{
    static const QRegularExpression name(QStringLiteral(R"(^[\w .+-]{1,64}$)"));
    for (const QString& app : v.split(u',', Qt::SkipEmptyParts)) {
        if (!name.match(app.trimmed()).hasMatch()) {
            return QCoreApplication::translate(
                "cocoon::SettingsTable", "'%1' is not a process name (letters, digits, spaces, . _ + -; up to 64)")
                .arg(app.trimmed());
        }
    }
    return {};
}

/// A format whose check this program was not given: only the empty text (the default) passes.
QString uncheckable(const QString& v)
{
    return v.isEmpty() ? QString()
                       : QCoreApplication::translate("cocoon::SettingsTable", "this program cannot check this setting");
}

QString checkWssUrl(const QString& v)
{
    if (v.isEmpty()) {
        return {};
    }
    const QUrl u(v, QUrl::StrictMode);
    if (!u.isValid() || u.scheme() != u"wss" || u.host().isEmpty() || u.port() <= 0) {
        return QCoreApplication::translate(
            "cocoon::SettingsTable", "'%1' is not a coordinator address such as wss://coordinator.example:7443")
            .arg(v);
    }
    return {};
}

QString checkPin(const QString& v)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (v.isEmpty() || hex.match(v).hasMatch()) {
        return {};
    }
    return QCoreApplication::translate(
        "cocoon::SettingsTable", "a pin is the coordinator key's SHA-256: 64 hex digits");
}

QString checkHttpUrl(const QString& v)
{
    const QUrl u(v, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != u"https" && u.scheme() != u"http") || u.host().isEmpty()) {
        return QCoreApplication::translate(
            "cocoon::SettingsTable", "'%1' is not an http(s) URL such as https://toncenter.com/api/v2/")
            .arg(v);
    }
    return {};
}

} // namespace

std::span<const SettingSpec> settingsTable()
{
    // clang-format off
    static const SettingSpec table[] = {
        {keys::logLevel, SettingType::Choice, QStringLiteral("info"), 0, 0,
         {"trace", "debug", "info", "warn", "error", "critical", "off"},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "How much detail goes to the log file (--log-level overrides it for one run)"))},
        {keys::logFileMaxMiB, SettingType::Int, 10, 1, 1024, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Size at which the log file is rotated")), QStringLiteral("MiB")},
        {keys::logFilesKept, SettingType::Int, 5, 1, 100, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "How many rotated log files are kept"))},
        {keys::sealAead, SettingType::Choice, QStringLiteral("aes-256-gcm"), 0, 0,
         {"aes-256-gcm", "chacha20-poly1305"},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Cipher 'cocoonctl seal' uses when --aead is not given"))},
        {keys::sealChunkKiB, SettingType::Int, 1024, 1, 16384, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Chunk size 'cocoonctl seal' uses when --chunk-size is not given")), QStringLiteral("KiB")},
        {keys::schedMode, SettingType::Choice, QStringLiteral("idle"), 0, 0, {"always", "idle", "schedule", "paused"},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "When to work: always, only when you are idle, on the weekly schedule, or never"))},
        {keys::schedIdleSeconds, SettingType::Int, 180, 10, 86400, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "How long without keyboard or mouse input counts as idle")), QStringLiteral("s")},
        {keys::schedDutyActive, SettingType::Int, 30, 0, 100, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Share of time to work while you use the computer (modes always and schedule; 0 pauses)")), QStringLiteral("%")},
        {keys::schedDutyIdle, SettingType::Int, 100, 1, 100, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Share of time to work while you are idle")), QStringLiteral("%")},
        {keys::schedSchedule, SettingType::String, QStringLiteral("mon-sun 0-24"), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Allowed hours in schedule mode, e.g. \"mon-fri 22-7; sat-sun 0-24\"")), {}, nullptr, SettingFormat::WeeklySchedule},
        {keys::schedPauseFullscreen, SettingType::Bool, true, 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Pause while a game or video runs full screen"))},
        {keys::schedExclusiveApps, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Pause while any of these programs runs (comma-separated process names)")), {}, checkAppList},
        {keys::schedMaxOtherGpu, SettingType::Int, 20, 0, 100, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Pause when other programs use more of the GPU than this (100: never)")), QStringLiteral("%")},
        {keys::schedReserveVramMiB, SettingType::Int, 1024, 0, 1 << 20, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "GPU memory always left free for you")), QStringLiteral("MiB")},
        {keys::schedTempCap, SettingType::Int, 83, 40, 100, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Pause when the GPU is this hot")), QStringLiteral("°C")},
        {keys::schedTempHysteresis, SettingType::Int, 5, 1, 30, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "After overheating, resume this many degrees below the limit")), QStringLiteral("°C")},
        {keys::schedPowerCap, SettingType::Int, 0, 0, 2000, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Slow down to keep the GPU's power draw under this (0: no cap)")), QStringLiteral("W")},
        {keys::schedPauseOnBattery, SettingType::Bool, true, 0, 0, {}, QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Pause while on battery"))},
        {keys::schedMinBattery, SettingType::Int, 50, 0, 100, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "When working on battery is allowed: pause below this charge")), QStringLiteral("%")},
        {keys::schedResumeDwell, SettingType::Int, 10, 0, 600, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "After a pause, resume only when the reasons have been gone this long")), QStringLiteral("s")},
        {keys::schedReleaseVram, SettingType::Int, 60, 0, 86400, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "While paused, keep a job's GPU memory this long for a quick resume, then give it back")), QStringLiteral("s")},
        {keys::schedPollMs, SettingType::Int, 50, 10, 1000, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "How often keyboard/mouse activity and full-screen apps are checked")), QStringLiteral("ms")},
        {keys::schedDeviceOverrides, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Per-device limits, e.g. \"gpu0: dutyWhileIdle=50, temperatureCapC=75; cpu: mode=paused\"")), {},
         nullptr, SettingFormat::DeviceOverrides},
        {keys::gpuTelemetryMs, SettingType::Int, 1000, 100, 60000, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "How often GPU temperature, power, load and memory are read")), QStringLiteral("ms")},
        {keys::netCoordinator, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "The coordinator to join (wss://HOST:PORT); empty: the local demo network")), {}, checkWssUrl},
        {keys::netPin, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "The coordinator's key pin (SHA-256, 64 hex digits); empty: trust the system's CAs")), {}, checkPin},
        {keys::netDemo, SettingType::Bool, true, 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Without a coordinator, join a local demo network (test TON) to see everything work"))},
        {keys::llmModelsDir, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Folder of language models (GGUF files) this computer serves to AI jobs; empty: the models folder in the data directory"))},
        {keys::walletAddress, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Your TON payout address (any form); only the address is kept, never a recovery phrase")), {},
         nullptr, SettingFormat::TonAddress},
        {keys::walletPayoutSource, SettingType::String, QString(), 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "The coordinator's payout wallet: incoming transfers from it count as paid earnings")), {},
         nullptr, SettingFormat::TonAddress},
        {keys::walletToncenterUrl, SettingType::String, QStringLiteral("https://toncenter.com/api/v2/"), 0, 0, {},
         QStringLiteral("toncenter HTTP API v2 endpoint used for wallet balance and payouts"), {}, checkHttpUrl},
        {keys::walletToncenterApiKey, SettingType::String, QString(), 0, 0, {},
         QStringLiteral("toncenter API key (optional; raises the request limit)")},
        {keys::walletRefreshSeconds, SettingType::Int, 60, 10, 86400, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "How often the wallet's balance and payouts are read from the chain")), QStringLiteral("s")},
        {keys::appEnrolled, SettingType::Bool, false, 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "The enrolment wizard has been completed (false: the desktop app shows it at start)"))},
        {keys::uiCloseToTray, SettingType::Bool, true, 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Closing the window keeps the app running in the system tray (when there is one)"))},
        {keys::uiLanguage, SettingType::Choice, QStringLiteral("system"), 0, 0, {"system", "en", "ru", "es"},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "The language of the desktop app: the system's, English, Russian or Spanish"))},
        {keys::uiNotifications, SettingType::Bool, true, 0, 0, {},
         QString::fromUtf8(QT_TRANSLATE_NOOP("cocoon::SettingsTable", "Desktop notifications: paused for a game, payout received, errors"))},
    };
    // clang-format on
    return table;
}

const SettingSpec* findSetting(QStringView key)
{
    for (const SettingSpec& s : settingsTable()) {
        if (s.key == key)
            return &s;
    }
    return nullptr;
}

std::vector<SettingSpec> withChecks(std::span<const SettingSpec> table, const SettingChecks& checks)
{
    std::vector<SettingSpec> out(table.begin(), table.end());
    for (SettingSpec& s : out) {
        SettingCheck given = nullptr;
        switch (s.format) {
        case SettingFormat::None:
            continue;
        case SettingFormat::WeeklySchedule:
            given = checks.weeklySchedule;
            break;
        case SettingFormat::DeviceOverrides:
            given = checks.deviceOverrides;
            break;
        case SettingFormat::TonAddress:
            given = checks.tonAddress;
            break;
        }
        s.check = given ? given : uncheckable;
    }
    return out;
}

} // namespace cocoon
