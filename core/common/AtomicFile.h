#pragma once
#include "common/Expected.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

#include <span>

namespace cocoon {

/// Replaces `path` with `data` so that a crash leaves either the old or the new file, never a mix:
/// the bytes go to a new temporary file in the same directory, created with `permissions` from the
/// start (so a secret is never readable by others, not even briefly), are flushed to disk, and the
/// temporary file is renamed over `path`.
Expected<void, QString> writeFileAtomically(const QString& path, QByteArrayView data,
    QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner);

/// Several files in one directory, each replaced as writeFileAtomically() does, with one
/// directory sync for all the renames. Stops at the first failure (earlier files stay written).
struct FileContent
{
    QString path;
    QByteArrayView data;
};
Expected<void, QString> writeFilesAtomically(std::span<const FileContent> files,
    QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner);

namespace platform {
/// Flushes a file descriptor's data to stable storage (one implementation per OS).
bool syncFileDescriptor(int fd);
/// Makes a rename inside `dir` durable where the OS needs it (POSIX: fsync the directory).
void syncDirectory(const QString& dir);
} // namespace platform

} // namespace cocoon
