// macOS and the BSDs: no core files (written against setrlimit(2); built only there).
#include "Harden.h"

#include <cerrno>
#include <cstring>
#include <sys/resource.h>

namespace cocoon {

QString disableCoreDumps()
{
    const rlimit none {0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0) {
        return QStringLiteral("RLIMIT_CORE: ") + QString::fromLocal8Bit(std::strerror(errno));
    }
    return {};
}

} // namespace cocoon
