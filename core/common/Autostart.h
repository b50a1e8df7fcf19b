#pragma once
// Start at login: an XDG autostart entry (Linux, BSD), the per-user Run key (Windows). One file per
// OS in common/platform/, chosen by CMake. Off until the owner turns it on.
#include "common/Expected.h"

#include <QStringList>

namespace cocoon::autostart {

/// Where the entry lives: on XDG systems $XDG_CONFIG_HOME/autostart/cocoon-contributor.desktop
/// (~/.config when unset); on Windows the registry value's path.
QString location();
bool isEnabled();
/// Writes (or removes) the entry that starts `executable` with `arguments` at login.
Expected<void, QString> setEnabled(bool on, const QString& executable, const QStringList& arguments = {});

} // namespace cocoon::autostart
