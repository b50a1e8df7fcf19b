#pragma once
// The user id of the process at the other end of a connected Unix domain socket (one file per OS).
#include <sys/types.h>

namespace cocoon::localpeer {
/// False (errno set) when the system cannot tell.
bool peerUid(int descriptor, uid_t* uid);
} // namespace cocoon::localpeer
