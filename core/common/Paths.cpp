#include "common/Paths.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace cocoon {

Paths Paths::standard()
{
    Paths p;
    p.configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    p.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    p.cacheDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    p.logDir = p.dataDir + QStringLiteral("/logs");
    return p;
}

Paths Paths::under(const QString& root)
{
    const QString r = QDir(root).absolutePath();
    return Paths {r + QStringLiteral("/config"), r, r + QStringLiteral("/cache"), r + QStringLiteral("/logs")};
}

QString Paths::settingsFile() const
{
    return configDir + QStringLiteral("/settings.json");
}

QString Paths::nodeIdentityFile() const
{
    return dataDir + QStringLiteral("/node-identity.pem");
}

QString Paths::jobsDir() const
{
    return dataDir + QStringLiteral("/jobs");
}

QString Paths::ledgerFile() const
{
    return dataDir + QStringLiteral("/ledger.sqlite");
}

Expected<void, QString> Paths::ensureExist() const
{
    for (const QString& d : {dataDir, configDir, cacheDir, logDir}) {
        if (d.isEmpty()) {
            return unexpected(QStringLiteral("no writable location for application data on this system; "
                                             "pass --data-dir DIR"));
        }
        if (!QDir().mkpath(d)) {
            return unexpected(
                QStringLiteral("cannot create directory %1 (check permissions or pass --data-dir DIR)").arg(d));
        }
        QFile::setPermissions(d, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    return {};
}

} // namespace cocoon
