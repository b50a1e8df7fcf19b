#include "common/DataDirLock.h"

#include <QDir>

namespace cocoon {

Expected<DataDirLock, QString> DataDirLock::acquire(const QString& dataDir)
{
    auto lock = std::make_unique<QLockFile>(QDir(dataDir).filePath(QStringLiteral("instance.lock")));
    // Held for the process's whole life: never stale by age, only when its holder is gone.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        return DataDirLock(std::move(lock));
    }
    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        if (lock->getLockInfo(&pid, &host, &app)) {
            return unexpected(QStringLiteral("another Cocoon Contributor (process %1, %2, on %3) is already using %4; "
                                             "stop it first, or give this one another --data-dir")
                                  .arg(pid)
                                  .arg(app.isEmpty() ? QStringLiteral("unknown program") : app, host, dataDir));
        }
        return unexpected(
            QStringLiteral("another Cocoon Contributor is already using %1; stop it first, or give this one another "
                           "--data-dir")
                .arg(dataDir));
    }
    return unexpected(
        QStringLiteral("cannot create the lock file in %1 (permissions, or a read-only disk)").arg(dataDir));
}

} // namespace cocoon
