#include "common/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>

#include <filesystem>
#include <system_error>

namespace cocoon {

namespace {

/// Writes `data` to a new temporary file next to `path` and flushes it to disk: its path, or why
/// not (with `failed` set).
QString writeTemporary(const QString& path, QByteArrayView data, QFileDevice::Permissions permissions, bool& failed)
{
    failed = true;
    const QFileInfo info(path);
    const QString tmpPath = QStringLiteral("%1/.%2.tmp-%3")
                                .arg(info.absolutePath(), info.fileName())
                                .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
    QFile tmp(tmpPath);
    // NewOnly: O_CREAT|O_EXCL, with the permissions applied at creation.
    if (!tmp.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions)) {
        return QStringLiteral("cannot create %1: %2").arg(tmpPath, tmp.errorString());
    }
    auto fail = [&](const QString& what) {
        tmp.close();
        QFile::remove(tmpPath);
        return what;
    };
    if (tmp.write(data.data(), data.size()) != data.size() || !tmp.flush()) {
        return fail(QStringLiteral("cannot write %1: %2").arg(tmpPath, tmp.errorString()));
    }
    if (!platform::syncFileDescriptor(tmp.handle())) {
        return fail(QStringLiteral("cannot flush %1 to disk").arg(tmpPath));
    }
    failed = false;
    return tmpPath;
}

} // namespace

Expected<void, QString> writeFilesAtomically(std::span<const FileContent> files, QFileDevice::Permissions permissions)
{
    QStringList dirs;
    for (const FileContent& f : files) {
        bool failed = false;
        const QString tmpPath = writeTemporary(f.path, f.data, permissions, failed);
        if (failed) {
            return unexpected(tmpPath);
        }
        std::error_code ec;
        std::filesystem::rename(tmpPath.toStdString(), f.path.toStdString(), ec);
        if (ec) {
            QFile::remove(tmpPath);
            return unexpected(
                QStringLiteral("cannot replace %1: %2").arg(f.path, QString::fromStdString(ec.message())));
        }
        const QString dir = QFileInfo(f.path).absolutePath();
        if (!dirs.contains(dir)) {
            dirs.append(dir);
        }
    }
    for (const QString& dir : dirs) {
        platform::syncDirectory(dir);
    }
    return {};
}

Expected<void, QString> writeFileAtomically(
    const QString& path, QByteArrayView data, QFileDevice::Permissions permissions)
{
    const FileContent one {path, data};
    return writeFilesAtomically(std::span(&one, 1), permissions);
}

} // namespace cocoon
