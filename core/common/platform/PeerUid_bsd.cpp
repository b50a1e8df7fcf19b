// macOS and the BSDs (written against getpeereid(3); built only there).
#include "common/platform/PeerUid.h"

#include <unistd.h>

namespace cocoon::localpeer {

bool peerUid(int descriptor, uid_t* uid)
{
    gid_t gid = 0;
    return ::getpeereid(descriptor, uid, &gid) == 0;
}

} // namespace cocoon::localpeer
