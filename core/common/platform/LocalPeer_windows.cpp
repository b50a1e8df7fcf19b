// Local sockets on Windows are named pipes created with QLocalServer::UserAccessOption: their ACL
// admits only this user, so there is no shared directory to squat. Checking the pipe server's
// owner (GetNamedPipeServerProcessId + the process token) is written when this file is first
// compiled on Windows; until then the ACL is the protection.
#include "common/LocalPeer.h"

#include <QDir>

namespace cocoon::localpeer {

QString privateDirPath()
{
    return QDir::tempPath();
}

QString checkPrivateDir(const QString&)
{
    return {};
}

QString ensurePrivateDir()
{
    return {};
}

QString checkSameUser(qintptr)
{
    return {};
}

} // namespace cocoon::localpeer
