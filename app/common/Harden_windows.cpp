// Windows writes no core files unless Windows Error Reporting's LocalDumps is configured for the
// program; turning that off per process needs WerAddExcludedApplication (written when this file
// is first compiled on Windows).
#include "Harden.h"

namespace cocoon {

QString disableCoreDumps()
{
    return {};
}

} // namespace cocoon
