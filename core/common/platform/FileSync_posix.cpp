// POSIX implementation of the durability helpers declared in common/AtomicFile.h.
#include "common/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

namespace cocoon::platform {

bool syncFileDescriptor(int fd)
{
    return fd >= 0 && ::fsync(fd) == 0;
}

void syncDirectory(const QString& dir)
{
    const int fd = ::open(dir.toLocal8Bit().constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd); // best effort: some file systems refuse directory fsync
        ::close(fd);
    }
}

} // namespace cocoon::platform
