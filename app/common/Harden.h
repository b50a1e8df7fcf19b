#pragma once
// Process hardening every entry point applies first: no core dumps (a dump would write job
// plaintext and key material to disk) and, on Linux, no ptrace or /proc/<pid>/mem access by other
// processes of the same user. One implementation per OS (Harden_linux.cpp, Harden_posix.cpp,
// Harden_windows.cpp).
#include <QString>

namespace cocoon {

/// Empty on success; else what could not be done (logged by the caller, not fatal).
QString disableCoreDumps();

} // namespace cocoon
