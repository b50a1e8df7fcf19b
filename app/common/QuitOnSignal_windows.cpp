// Written against the documented Win32 console API; not built in this project's CI.
#include "QuitOnSignal.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <utility>
#include <windows.h>

namespace cocoon {
namespace {
std::function<void()> g_handler;

BOOL WINAPI onConsoleEvent(DWORD)
{
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [] {
            if (g_handler) {
                std::exchange(g_handler, nullptr)();
                return;
            }
            QCoreApplication::quit();
        },
        Qt::QueuedConnection);
    return TRUE;
}
} // namespace

void quitOnTerminationSignals(QCoreApplication&, std::function<void()> handler)
{
    g_handler = std::move(handler);
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

} // namespace cocoon

namespace cocoon {
void killSelfNow()
{
    ::TerminateProcess(::GetCurrentProcess(), 137);
    std::abort(); // not reached
}
} // namespace cocoon
