// Local socket directories and peers on POSIX systems; how a peer's uid is read is per OS
// (PeerUid_linux.cpp: SO_PEERCRED, PeerUid_bsd.cpp: getpeereid).
#include "common/LocalPeer.h"
#include "common/platform/PeerUid.h"

#include <QDir>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace cocoon::localpeer {

QString privateDirPath()
{
    return QDir::tempPath() + QStringLiteral("/cocoon-") + QString::number(::getuid());
}

QString checkPrivateDir(const QString& dir)
{
    struct stat st
    {
    };
    if (::lstat(QFile::encodeName(dir).constData(), &st) != 0) {
        return QStringLiteral("%1 cannot be read: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (!S_ISDIR(st.st_mode)) {
        return QStringLiteral("%1 is not a directory (someone else may have put it there); remove it").arg(dir);
    }
    if (st.st_uid != ::getuid()) {
        return QStringLiteral("%1 belongs to user %2, not to you (%3): another user may be trying to intercept "
                              "this app's local sockets. Remove it, or set XDG_RUNTIME_DIR")
            .arg(dir)
            .arg(st.st_uid)
            .arg(::getuid());
    }
    if ((st.st_mode & 077) != 0) {
        return QStringLiteral("%1 is open to other users (mode %2); run 'chmod 700 %1'")
            .arg(dir)
            .arg(st.st_mode & 0777, 3, 8, QChar(u'0'));
    }
    return {};
}

QString ensurePrivateDir()
{
    const QString dir = privateDirPath();
    if (::mkdir(QFile::encodeName(dir).constData(), 0700) != 0 && errno != EEXIST) {
        return QStringLiteral("cannot create %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
    }
    return checkPrivateDir(dir);
}

QString checkSameUser(qintptr descriptor)
{
    uid_t uid = 0;
    if (!peerUid(int(descriptor), &uid)) {
        return QStringLiteral("cannot tell who serves this local socket: %1")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (uid != ::getuid()) {
        return QStringLiteral("the local socket is served by user %1, not by you (%2): refusing to talk to it")
            .arg(uid)
            .arg(::getuid());
    }
    return {};
}

} // namespace cocoon::localpeer
