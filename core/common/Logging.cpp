#include "common/Logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <QDir>
#include <QLoggingCategory>

#include <atomic>
#include <mutex>
#include <vector>

namespace cocoon::log {
namespace {

std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;
spdlog::level::level_enum g_level = spdlog::level::info;
std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> g_ring;
std::atomic<std::uint64_t> g_ringCount {0};

/// Counts what reaches the ring (spdlog's ring buffer sink keeps no counter of its own).
class CountingSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex>
{
protected:
    void sink_it_(const spdlog::details::log_msg&) override { g_ringCount.fetch_add(1, std::memory_order_relaxed); }
    void flush_() override { }
};

std::shared_ptr<spdlog::logger> makeLogger(std::string_view name)
{
    if (g_sinks.empty()) {
        auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        err->set_level(g_level);
        g_sinks.push_back(err);
    }
    auto logger = std::make_shared<spdlog::logger>(std::string(name), g_sinks.begin(), g_sinks.end());
    logger->set_level(g_level);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    std::string_view category = context.category ? context.category : "default";
    std::string_view subsystem = "qt";
    if (category.substr(0, 7) == "cocoon.") {
        subsystem = category.substr(7);
    }
    spdlog::level::level_enum level = spdlog::level::info;
    switch (type) {
    case QtDebugMsg:
        level = spdlog::level::debug;
        break;
    case QtInfoMsg:
        level = spdlog::level::info;
        break;
    case QtWarningMsg:
        level = spdlog::level::warn;
        break;
    case QtCriticalMsg:
        level = spdlog::level::err;
        break;
    case QtFatalMsg:
        level = spdlog::level::critical;
        break;
    }
    get(subsystem)->log(level, "{}", message.toStdString());
    if (type == QtFatalMsg) {
        spdlog::shutdown();
    }
}

} // namespace

std::optional<spdlog::level::level_enum> parseLevel(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"trace")
        return spdlog::level::trace;
    if (t == u"debug")
        return spdlog::level::debug;
    if (t == u"info")
        return spdlog::level::info;
    if (t == u"warn" || t == u"warning")
        return spdlog::level::warn;
    if (t == u"error")
        return spdlog::level::err;
    if (t == u"critical")
        return spdlog::level::critical;
    if (t == u"off")
        return spdlog::level::off;
    return std::nullopt;
}

QString logFilePath(const QString& logDir, const QString& fileName)
{
    return QDir(logDir).filePath(fileName);
}

Expected<void, QString> init(const Options& options)
{
    std::vector<spdlog::sink_ptr> sinks;
    auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    err->set_level(options.stderrLevel.value_or(options.level));
    sinks.push_back(err);
    if (!options.logDir.isEmpty()) {
        try {
            auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                logFilePath(options.logDir, options.fileName).toStdString(), options.maxFileBytes, options.maxFiles);
            file->set_level(options.level);
            sinks.push_back(file);
        } catch (const spdlog::spdlog_ex& e) {
            return unexpected(
                QStringLiteral("cannot open the log file in %1: %2").arg(options.logDir, QString::fromUtf8(e.what())));
        }
    }
    auto ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kRecentLines);
    ring->set_level(options.level);
    sinks.push_back(ring);
    auto counter = std::make_shared<CountingSink>();
    counter->set_level(options.level);
    sinks.push_back(counter);
    {
        std::lock_guard lock(g_mutex);
        spdlog::drop_all();
        g_sinks = std::move(sinks);
        g_ring = std::move(ring);
        // The loggers pass everything the most verbose sink wants; each sink filters for itself.
        g_level = std::min(options.level, options.stderrLevel.value_or(options.level));
        for (std::string_view name : kSubsystems) {
            makeLogger(name);
        }
    }
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%n] %l: %v");
    qInstallMessageHandler(qtMessageHandler);
    return {};
}

std::shared_ptr<spdlog::logger> get(std::string_view subsystem)
{
    std::lock_guard lock(g_mutex);
    bool known = false;
    for (std::string_view s : kSubsystems) {
        known = known || s == subsystem;
    }
    const std::string name(known ? subsystem : std::string_view("core"));
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    return makeLogger(name);
}

std::vector<LogLine> recent(std::size_t limit)
{
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring;
    {
        std::lock_guard lock(g_mutex);
        ring = g_ring;
    }
    std::vector<LogLine> lines;
    if (!ring)
        return lines;
    const auto raw = ring->last_raw(limit);
    lines.reserve(raw.size());
    for (const auto& m : raw) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(m.time.time_since_epoch()).count();
        lines.push_back({QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC), m.level,
            QString::fromUtf8(m.logger_name.data(), qsizetype(m.logger_name.size())),
            QString::fromUtf8(m.payload.data(), qsizetype(m.payload.size()))});
    }
    return lines;
}

std::uint64_t recentCount()
{
    return g_ringCount.load(std::memory_order_relaxed);
}

void shutdown()
{
    qInstallMessageHandler(nullptr);
    std::lock_guard lock(g_mutex);
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
    spdlog::drop_all();
    g_sinks.clear();
    g_ring.reset();
}

QJsonObject toJson(const LogLine& line)
{
    const auto level = spdlog::level::to_string_view(line.level);
    return QJsonObject {{QStringLiteral("at"), line.timeUtc.toString(Qt::ISODateWithMs)},
        {QStringLiteral("level"), QString::fromLatin1(level.data(), qsizetype(level.size()))},
        {QStringLiteral("subsystem"), line.subsystem}, {QStringLiteral("text"), line.text}};
}

std::optional<LogLine> logLineFromJson(const QJsonObject& o)
{
    LogLine line;
    line.timeUtc = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).toUTC();
    if (!line.timeUtc.isValid() || !o.value(QStringLiteral("text")).isString())
        return std::nullopt;
    line.level = parseLevel(o.value(QStringLiteral("level")).toString()).value_or(spdlog::level::info);
    if (line.level == spdlog::level::off)
        line.level = spdlog::level::info;
    line.subsystem = o.value(QStringLiteral("subsystem")).toString().left(32);
    line.text = o.value(QStringLiteral("text")).toString();
    return line;
}

} // namespace cocoon::log
