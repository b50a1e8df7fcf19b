// Windows implementation of the durability helpers declared in common/AtomicFile.h.
// Written against the documented CRT API; not built or run in this project's CI.
#include "common/AtomicFile.h"

#include <io.h>

namespace cocoon::platform {

bool syncFileDescriptor(int fd)
{
    return fd >= 0 && ::_commit(fd) == 0;
}

void syncDirectory(const QString&)
{
    // NTFS journals the rename (MoveFileEx with MOVEFILE_REPLACE_EXISTING); nothing to do.
}

} // namespace cocoon::platform
