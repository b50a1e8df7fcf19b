#include "common/platform/PeerUid.h"

#include <sys/socket.h>

namespace cocoon::localpeer {

bool peerUid(int descriptor, uid_t* uid)
{
    struct ucred cred
    {
    };
    socklen_t len = sizeof cred;
    if (::getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        return false;
    }
    *uid = cred.uid;
    return true;
}

} // namespace cocoon::localpeer
