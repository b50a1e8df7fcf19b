#include "Harden.h"

#include <cerrno>
#include <cstring>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace cocoon {

QString disableCoreDumps()
{
    QString failed;
    const rlimit none {0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0) {
        failed = QStringLiteral("RLIMIT_CORE: ") + QString::fromLocal8Bit(std::strerror(errno));
    }
    // Not dumpable: no core file even where a core pattern pipes to a handler, and other processes
    // of this user cannot attach or read this one's memory. (Not in leak-checked builds: see
    // app/CMakeLists.txt.)
#ifndef COCOON_LEAK_CHECKED
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        failed += (failed.isEmpty() ? QString() : QStringLiteral("; ")) + QStringLiteral("PR_SET_DUMPABLE: ")
            + QString::fromLocal8Bit(std::strerror(errno));
    }
#endif
    return failed;
}

} // namespace cocoon
