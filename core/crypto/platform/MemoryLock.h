#pragma once
// Keeping secret pages out of swap, one file per OS (CMake picks it): mlock/munlock on POSIX,
// VirtualLock/VirtualUnlock on Windows. Best effort: false when the OS refuses (a user's
// RLIMIT_MEMLOCK), and the secret is still wiped before it is freed.
#include <cstddef>

namespace cocoon::platform {

bool lockMemory(void* p, std::size_t n);
void unlockMemory(void* p, std::size_t n);

} // namespace cocoon::platform
