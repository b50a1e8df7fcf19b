#include "common/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <filesystem>
#include <system_error>

namespace cocoon {

Expected<void, QString> writeFileAtomically(
    const QString& path, QByteArrayView data, QFileDevice::Permissions permissions)
{
    const QFileInfo info(path);
    const QString tmpPath = QStringLiteral("%1/.%2.tmp-%3")
                                .arg(info.absolutePath(), info.fileName())
                                .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
    QFile tmp(tmpPath);
    // NewOnly: O_CREAT|O_EXCL, with the permissions applied at creation.
    if (!tmp.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions)) {
        return unexpected(QStringLiteral("cannot create %1: %2").arg(tmpPath, tmp.errorString()));
    }
    auto fail = [&](const QString& what) -> Expected<void, QString> {
        tmp.close();
        QFile::remove(tmpPath);
        return unexpected(what);
    };
    if (tmp.write(data.data(), data.size()) != data.size() || !tmp.flush()) {
        return fail(QStringLiteral("cannot write %1: %2").arg(tmpPath, tmp.errorString()));
    }
    if (!platform::syncFileDescriptor(tmp.handle())) {
        return fail(QStringLiteral("cannot flush %1 to disk").arg(tmpPath));
    }
    tmp.close();
    std::error_code ec;
    std::filesystem::rename(tmpPath.toStdString(), path.toStdString(), ec);
    if (ec) {
        QFile::remove(tmpPath);
        return unexpected(QStringLiteral("cannot replace %1: %2").arg(path, QString::fromStdString(ec.message())));
    }
    platform::syncDirectory(info.absolutePath());
    return {};
}

} // namespace cocoon
