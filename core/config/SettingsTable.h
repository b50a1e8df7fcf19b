#pragma once
// The one table that declares every setting: key, type, default, allowed range or values,
// and a one-line description. The GUI, --headless and cocoonctl all read the same store
// (config/Settings.h), validated against this table.
#include <QStringList>
#include <QVariant>

#include <span>
#include <vector>

namespace cocoon {

enum class SettingType { Bool, Int, String, Choice };

/// Text settings whose format another module owns (and checks): the store gets those checks
/// passed in (SettingChecks), so config depends on neither scheduling nor the wallet.
enum class SettingFormat { None, WeeklySchedule, DeviceOverrides, TonAddress };

/// Returns an empty string when `value` is valid, else the reason in words.
using SettingCheck = QString (*)(const QString& value);

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
    /// String only: extra validation; returns an empty string when valid, else the reason.
    SettingCheck check = nullptr;
    /// String only: a format another module checks (filled in by withChecks()).
    SettingFormat format = SettingFormat::None;
};

/// The checks of the formats config does not know (node::settingChecks() gives the real ones).
struct SettingChecks
{
    SettingCheck weeklySchedule = nullptr;
    SettingCheck deviceOverrides = nullptr;
    SettingCheck tonAddress = nullptr;
};

/// Every setting the application knows. The specs of other modules' formats have no check here.
std::span<const SettingSpec> settingsTable();
/// `table` with each format's check from `checks`; a format left without one refuses every value
/// but the empty text (nothing is stored unchecked).
std::vector<SettingSpec> withChecks(std::span<const SettingSpec> table, const SettingChecks& checks);
/// The entry for `key` in settingsTable(), or null.
const SettingSpec* findSetting(QStringView key);

namespace keys {
inline constexpr char logLevel[] = "log.level";
inline constexpr char logFileMaxMiB[] = "log.fileMaxMiB";
inline constexpr char logFilesKept[] = "log.filesKept";
inline constexpr char sealAead[] = "crypto.sealAead";
inline constexpr char sealChunkKiB[] = "crypto.sealChunkKiB";
inline constexpr char schedMode[] = "sched.mode";
inline constexpr char schedIdleSeconds[] = "sched.idleSeconds";
inline constexpr char schedDutyActive[] = "sched.dutyWhileActive";
inline constexpr char schedDutyIdle[] = "sched.dutyWhileIdle";
inline constexpr char schedSchedule[] = "sched.schedule";
inline constexpr char schedPauseFullscreen[] = "sched.pauseOnFullscreen";
inline constexpr char schedExclusiveApps[] = "sched.exclusiveApps";
inline constexpr char schedMaxOtherGpu[] = "sched.maxOtherGpuPercent";
inline constexpr char schedReserveVramMiB[] = "sched.reserveVramMiB";
inline constexpr char schedTempCap[] = "sched.temperatureCapC";
inline constexpr char schedTempHysteresis[] = "sched.temperatureHysteresisC";
inline constexpr char schedPowerCap[] = "sched.powerCapW";
inline constexpr char schedPauseOnBattery[] = "sched.pauseOnBattery";
inline constexpr char schedMinBattery[] = "sched.minBatteryPercent";
inline constexpr char schedResumeDwell[] = "sched.resumeAfterSeconds";
inline constexpr char schedReleaseVram[] = "sched.releaseVramAfterSeconds";
inline constexpr char schedPollMs[] = "sched.pollMilliseconds";
inline constexpr char schedDeviceOverrides[] = "sched.deviceOverrides";
inline constexpr char gpuTelemetryMs[] = "gpu.telemetryMilliseconds";
inline constexpr char netCoordinator[] = "net.coordinator";
inline constexpr char netPin[] = "net.pin";
inline constexpr char netDemo[] = "net.demo";
inline constexpr char llmModelsDir[] = "llm.modelsDir";
inline constexpr char walletAddress[] = "wallet.address";
inline constexpr char walletPayoutSource[] = "wallet.payoutSource";
inline constexpr char walletToncenterUrl[] = "wallet.toncenterUrl";
inline constexpr char walletToncenterApiKey[] = "wallet.toncenterApiKey";
inline constexpr char walletRefreshSeconds[] = "wallet.refreshSeconds";
inline constexpr char appEnrolled[] = "app.enrolled";
inline constexpr char uiCloseToTray[] = "ui.closeToTray";
inline constexpr char uiNotifications[] = "ui.notifications";
inline constexpr char uiLanguage[] = "ui.language";
} // namespace keys

} // namespace cocoon
