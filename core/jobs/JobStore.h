#pragma once
#include "jobs/Manifest.h"

namespace cocoon::jobs {

/// Where finished jobs are persisted before anyone is told they are done. Only sealed output
/// (ciphertext) and the signed receipt are stored; plaintext never reaches disk.
class JobStore
{
public:
    virtual ~JobStore() = default;
    virtual Expected<void, JobError> persist(
        const JobId& id, const QByteArray& sealedOutput, const QByteArray& signedReceipt)
        = 0;
};

/// One directory: <id>.out.ccn then <id>.receipt.cbor, each written atomically (the receipt's
/// presence marks a complete result).
class DirectoryJobStore final : public JobStore
{
public:
    explicit DirectoryJobStore(QString dir)
        : m_dir(std::move(dir))
    { }
    Expected<void, JobError> persist(
        const JobId& id, const QByteArray& sealedOutput, const QByteArray& signedReceipt) override;
    QString outputPath(const JobId& id) const;
    QString receiptPath(const JobId& id) const;

private:
    QString m_dir;
};

} // namespace cocoon::jobs
