#pragma once
// What every entry point does first: common command-line options, paths, the settings store
// and logging. Used by cocoon-contributor and cocoonctl alike so that they share one store.
#include "common/Clock.h"
#include "common/Expected.h"
#include "common/Logging.h"
#include "common/Paths.h"
#include "config/Settings.h"

#include <spdlog/common.h>

#include <QCommandLineParser>

#include <memory>

namespace cocoon {

/// Sets the application name/version used by QStandardPaths and --version.
void setApplicationIdentity(const QString& applicationName);

/// Adds --data-dir DIR and --log-level LEVEL (plus --help, and --version unless a command uses that
/// name for its own option) to `parser`.
void addCommonOptions(QCommandLineParser& parser, bool versionOption = true);

struct Runtime
{
    Paths paths;
    std::unique_ptr<Settings> settings;
    /// Warnings for the user that did not stop start-up (e.g. a settings file set aside).
    QStringList warnings;
    /// How logging was started (a window attached to the service restarts it with another file).
    log::Options logOptions;
};

struct RuntimeOptions
{
    /// Level for stderr when --log-level is not given (cocoonctl keeps stderr for errors).
    spdlog::level::level_enum defaultStderrLevel = spdlog::level::info;
    bool logToFile = true;
};

/// Creates the directories, loads the settings and starts logging, after parser.process().
Expected<Runtime, QString> startRuntime(
    const QCommandLineParser& parser, const Clock& clock, const RuntimeOptions& options = {});

} // namespace cocoon
