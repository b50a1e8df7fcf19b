#include "crypto/platform/MemoryLock.h"

#include <windows.h>

namespace cocoon::platform {

bool lockMemory(void* p, std::size_t n)
{
    return VirtualLock(p, n) != 0;
}

void unlockMemory(void* p, std::size_t n)
{
    VirtualUnlock(p, n);
}

} // namespace cocoon::platform
