#pragma once
// cocoonctl verbs. Each gets the arguments after the verb name (argv[0] = "cocoonctl VERB"),
// parses its own options next to the common ones, and returns the process exit code:
// 0 success, 1 the operation failed (a one-line reason on stderr), 2 usage error.
#include <QStringList>

namespace cocoonctl {

inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;
inline constexpr int kUsage = 2;

int keygen(const QStringList& args);
int pubkey(const QStringList& args);
int seal(const QStringList& args);
int open(const QStringList& args);
int settings(const QStringList& args);
int runLocal(const QStringList& args);
int receipt(const QStringList& args);
int bench(const QStringList& args);
int sched(const QStringList& args);
int devices(const QStringList& args);
int attest(const QStringList& args);
int wallet(const QStringList& args);
int earnings(const QStringList& args);
/// coordinator keys | forget HOST:PORT: the coordinator keys this node pinned.
int coordinator(const QStringList& args);
int submit(const QStringList& args);
/// Private AI queries: chat on the terminal, serve the OpenAI API on a local port.
int chat(const QStringList& args);
int serve(const QStringList& args);
/// status, pause, resume, snooze, limits, jobs: the running app's control channel.
int control(const QStringList& args);

/// Prints "cocoonctl: <message>" on stderr and returns `code`.
int fail(const QString& message, int code = kFailed);

} // namespace cocoonctl
