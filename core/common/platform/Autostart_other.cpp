// Platforms without an autostart implementation yet (macOS would use a LaunchAgent plist).
#include "common/Autostart.h"

namespace cocoon::autostart {

QString location()
{
    return {};
}

bool isEnabled()
{
    return false;
}

Expected<void, QString> setEnabled(bool, const QString&, const QStringList&)
{
    return unexpected(QStringLiteral("starting at login is not supported on this system yet"));
}

} // namespace cocoon::autostart
