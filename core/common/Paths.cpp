#include "common/Paths.h"

#include "common/LocalPeer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
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

QString Paths::localSocketName(const QString& prefix, const QString& dataDir)
{
    QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    user.remove(QChar(u'/')).remove(QChar(u'\\'));
    const QByteArray scope = QCryptographicHash::hash(dataDir.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    const QString name = QStringLiteral("%1-%2-%3")
                             .arg(prefix, user.isEmpty() ? QStringLiteral("user") : user, QString::fromLatin1(scope));
    // In the user's runtime directory when there is one (/run/user/UID: private to the user, and
    // shared with services, which have a private /tmp); else in a directory of this user's own,
    // <temp>/cocoon-<uid>, made 0700 (a shared /tmp would let another user take the name first).
    // Servers refuse to listen in a directory that is not private (localpeer::checkPrivateDir).
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty() && QFileInfo(runtimeDir).isDir() && runtimeDir.size() + name.size() < 100)
        return runtimeDir + u'/' + name;
    (void)localpeer::ensurePrivateDir();
    const QString own = localpeer::privateDirPath();
    if (QFileInfo(own).isAbsolute() && own != QDir::tempPath() && own.size() + name.size() < 100)
        return own + u'/' + name;
    return name;
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
