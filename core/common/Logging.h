#pragma once
// Named spdlog loggers per subsystem (core, crypto, net, gpu, sched, db, wallet, ui, qt) sharing one
// size-capped rotating file sink in the log directory plus stderr. Qt's own messages
// (qDebug/qWarning/... and QLoggingCategory "cocoon.<subsystem>") are routed into them.
// Never log plaintext job data or key material.
#include "common/Expected.h"

#include <spdlog/spdlog.h>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace cocoon::log {

struct Options
{
    QString logDir; ///< empty: no file sink
    QString fileName = QStringLiteral("cocoon.log"); ///< in logDir; rotated copies get .1, .2, ...
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
QString logFilePath(const QString& logDir, const QString& fileName = QStringLiteral("cocoon.log"));
/// One line kept in memory for the activity log viewer.
struct LogLine
{
    QDateTime timeUtc;
    spdlog::level::level_enum level = spdlog::level::info;
    QString subsystem;
    QString text;
};
/// The newest `limit` lines (oldest first) logged since init(), at the file's level. A ring of
/// kRecentLines is kept, so memory stays bounded however long the app runs.
inline constexpr std::size_t kRecentLines = 2000;
std::vector<LogLine> recent(std::size_t limit = kRecentLines);
/// Counts every line that reached the ring (views compare it to skip work when nothing is new).
std::uint64_t recentCount();
/// {"at", "level", "subsystem", "text"} and back (a headless instance's lines, for its window).
/// Reading is lenient about levels and refuses a line without a valid time or text.
QJsonObject toJson(const LogLine& line);
std::optional<LogLine> logLineFromJson(const QJsonObject& object);

/// Flushes and drops every logger (also restores Qt's default message handler).
void shutdown();

} // namespace cocoon::log
