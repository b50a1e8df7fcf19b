#pragma once
// One core per data directory: the desktop app and --headless each hold <data dir>/instance.lock
// (QLockFile: the holder's process id, host and name inside; a lock left by a process that died
// is taken over) from before they load keys or open the ledger until they exit. A second start on
// the same directory is told who holds it.
#include "common/Expected.h"

#include <QLockFile>

#include <memory>

namespace cocoon {

class DataDirLock
{
public:
    /// Takes the lock at once or says who holds it ("process 1234 (cocoon-contributor) on host").
    static Expected<DataDirLock, QString> acquire(const QString& dataDir);
    DataDirLock(DataDirLock&&) noexcept = default;
    DataDirLock& operator=(DataDirLock&&) noexcept = default;

private:
    explicit DataDirLock(std::unique_ptr<QLockFile> lock)
        : m_lock(std::move(lock))
    { }
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace cocoon
