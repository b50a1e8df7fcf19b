#pragma once
class QCoreApplication;

namespace cocoon {
/// Makes SIGINT/SIGTERM (Ctrl+C, Ctrl+Break and console close on Windows) end the event loop
/// cleanly, so logs are flushed and state is saved. One implementation per OS.
void quitOnTerminationSignals(QCoreApplication& app);
} // namespace cocoon
