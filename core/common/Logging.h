#pragma once
// Named spdlog loggers per subsystem (core, crypto, net, gpu, sched, db, wallet, ui, qt) sharing one
// size-capped rotating file sink in the log directory plus stderr. Qt's own messages
// (qDebug/qWarning/... and QLoggingCategory "cocoon.<subsystem>") are routed into them.
// Never log plaintext job data or key material.
#include "common/Expected.h"

#include <spdlog/spdlog.h>

#include <QString>

#include <memory>
#include <optional>
#include <string_view>

namespace cocoon::log {

struct Options
{
    QString logDir; ///< empty: no file sink
    spdlog::level::level_enum level = spdlog::level::info;
    std::optional<spdlog::level::level_enum> stderrLevel; ///< default: same as level
    std::size_t maxFileBytes = 10u * 1024u * 1024u;
    std::size_t maxFiles = 5;
};

/// The subsystems that have a logger of their own.
inline constexpr std::string_view kSubsystems[] = {"core", "crypto", "net", "gpu", "sched", "db", "wallet", "ui", "qt"};

/// (Re)creates the sinks and loggers and installs the Qt message handler.
Expected<void, QString> init(const Options& options);
/// The logger of a subsystem; an unknown name gets "core". Works before init() (stderr only).
std::shared_ptr<spdlog::logger> get(std::string_view subsystem);
/// "trace", "debug", "info", "warn"/"warning", "error", "critical", "off".
std::optional<spdlog::level::level_enum> parseLevel(const QString& text);
QString logFilePath(const QString& logDir);
/// Flushes and drops every logger (also restores Qt's default message handler).
void shutdown();

} // namespace cocoon::log
