#pragma once
#include "Runtime.h"
#include "Verbs.h"
#include "common/Clock.h"

#include <QCommandLineParser>

#include <optional>

namespace cocoonctl {

/// Parses a verb's arguments with the common options added, prints --help, starts the runtime.
class VerbRun
{
public:
    /// `versionOption` false: the verb has its own --version VALUE (e.g. a wallet contract version).
    VerbRun(const QString& description, const QString& positional = {}, bool versionOption = true);
    QCommandLineParser& parser() { return m_parser; }
    /// Returns an exit code when the verb must stop now (help printed, usage error, start-up error).
    std::optional<int> start(const QStringList& args);
    cocoon::Runtime& runtime() { return *m_runtime; }
    /// The value of a required option, or nullopt after printing a usage error.
    std::optional<QString> required(const QString& name);

private:
    QCommandLineParser m_parser;
    cocoon::SystemClock m_clock;
    bool m_versionOption = true;
    std::optional<cocoon::Runtime> m_runtime;
};

} // namespace cocoonctl
