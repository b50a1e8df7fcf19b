#pragma once
// The checks of the settings whose text formats other modules own — the weekly schedule and the
// per-device overrides (sched), a TON address (wallet) — handed to every settings store
// (config knows neither module).
#include "config/SettingsTable.h"

namespace cocoon::node {

SettingChecks settingChecks();

} // namespace cocoon::node
