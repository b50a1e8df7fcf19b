#pragma once
#include <functional>

class QCoreApplication;

namespace cocoon {
/// Makes SIGINT/SIGTERM (Ctrl+C, Ctrl+Break and console close on Windows) end the event loop
/// cleanly, so logs are flushed and state is saved. One implementation per OS.
/// With `handler`, the first signal calls it instead (on the event loop: a command that wants to
/// wind down first, e.g. cancel a job); a second signal quits.
void quitOnTerminationSignals(QCoreApplication& app, std::function<void()> handler = {});
} // namespace cocoon

namespace cocoon {
/// Ends this process at once, as `kill -9` would: nothing flushed, no destructors (crash tests).
[[noreturn]] void killSelfNow();
} // namespace cocoon
