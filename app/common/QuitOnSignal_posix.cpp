#include "QuitOnSignal.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace cocoon {
namespace {
int g_fds[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_fds[0], &c, 1); // async-signal-safe
}
} // namespace

void quitOnTerminationSignals(QCoreApplication& app, std::function<void()> handler)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0) {
        return;
    }
    auto* notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app, handler = std::move(handler)]() mutable {
        char c = 0;
        [[maybe_unused]] const auto n = ::read(g_fds[1], &c, 1);
        if (handler) {
            std::exchange(handler, nullptr)();
            return;
        }
        app.quit();
    });
    struct sigaction sa
    {
    };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

} // namespace cocoon

namespace cocoon {
void killSelfNow()
{
    ::kill(::getpid(), SIGKILL);
    std::abort(); // not reached
}
} // namespace cocoon
