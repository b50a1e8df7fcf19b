// Written against the documented Win32 console API; not built in this project's CI.
#include "QuitOnSignal.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <windows.h>

namespace cocoon {
namespace {
BOOL WINAPI onConsoleEvent(DWORD)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    return TRUE;
}
} // namespace

void quitOnTerminationSignals(QCoreApplication&)
{
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

} // namespace cocoon
