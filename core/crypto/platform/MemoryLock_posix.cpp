#include "crypto/platform/MemoryLock.h"

#include <sys/mman.h>

namespace cocoon::platform {

bool lockMemory(void* p, std::size_t n)
{
    return ::mlock(p, n) == 0;
}

void unlockMemory(void* p, std::size_t n)
{
    ::munlock(p, n);
}

} // namespace cocoon::platform
