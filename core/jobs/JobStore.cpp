#include "jobs/JobStore.h"

#include "common/AtomicFile.h"
#include "common/Hex.h"

#include <QDir>

namespace cocoon::jobs {

QString DirectoryJobStore::outputPath(const JobId& id) const
{
    return QDir(m_dir).filePath(hex::encode(id) + QStringLiteral(".out.ccn"));
}

QString DirectoryJobStore::receiptPath(const JobId& id) const
{
    return QDir(m_dir).filePath(hex::encode(id) + QStringLiteral(".receipt.cbor"));
}

Expected<void, JobError> DirectoryJobStore::persist(
    const JobId& id, const QByteArray& sealedOutput, const QByteArray& signedReceipt)
{
    if (!QDir().mkpath(m_dir)) {
        return unexpected(jobError(JobErrc::Io, QStringLiteral("cannot create %1").arg(m_dir)));
    }
    // Each file is complete or absent after a crash; both renames are made durable by one sync.
    const FileContent files[] = {{outputPath(id), sealedOutput}, {receiptPath(id), signedReceipt}};
    if (auto ok = writeFilesAtomically(files); !ok) {
        return unexpected(jobError(JobErrc::Io, ok.error()));
    }
    return {};
}

} // namespace cocoon::jobs
