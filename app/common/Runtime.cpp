#include "Runtime.h"

#include "common/Logging.h"
#include "common/Version.h"
#include "node/SettingChecks.h"

#include <QCoreApplication>

namespace cocoon {

void setApplicationIdentity(const QString& applicationName)
{
    QCoreApplication::setApplicationName(applicationName);
    QCoreApplication::setApplicationVersion(QStringLiteral(COCOON_VERSION));
    // Keep every executable's files in one place: ~/.config/cocoon-contributor, ~/.local/share/cocoon-contributor.
    QCoreApplication::setOrganizationName(QString());
}

void addCommonOptions(QCommandLineParser& parser, bool versionOption)
{
    parser.addHelpOption();
    if (versionOption) {
        parser.addVersionOption();
    }
    parser.addOption({QStringLiteral("data-dir"),
        QStringLiteral("Keep settings, keys, databases and logs under <dir> instead of the standard "
                       "locations."),
        QStringLiteral("dir")});
    parser.addOption({QStringLiteral("log-level"),
        QStringLiteral("Log detail: trace, debug, info, warn, error, critical or off (default: the "
                       "log.level setting)."),
        QStringLiteral("level")});
}

Expected<Runtime, QString> startRuntime(
    const QCommandLineParser& parser, const Clock& clock, const RuntimeOptions& options)
{
    std::optional<spdlog::level::level_enum> cliLevel;
    if (parser.isSet(QStringLiteral("log-level"))) {
        cliLevel = log::parseLevel(parser.value(QStringLiteral("log-level")));
        if (!cliLevel) {
            return unexpected(QStringLiteral("--log-level: '%1' is not a level; use trace, debug, info, warn, error, "
                                             "critical or off")
                                  .arg(parser.value(QStringLiteral("log-level"))));
        }
    }

    Runtime rt;
    rt.paths = parser.isSet(QStringLiteral("data-dir")) ? Paths::under(parser.value(QStringLiteral("data-dir")))
                                                        : Paths::standard();
    if (auto ok = rt.paths.ensureExist(); !ok) {
        return unexpected(ok.error());
    }

    rt.settings = std::make_unique<Settings>(rt.paths.settingsFile(), clock, node::settingChecks());
    if (auto loaded = rt.settings->load(); !loaded) {
        if (loaded.error().code != SettingsErrc::CorruptFile) {
            return unexpected(loaded.error().message);
        }
        rt.warnings << loaded.error().message;
    }

    log::Options lo;
    lo.logDir = options.logToFile ? rt.paths.logDir : QString();
    lo.level
        = cliLevel.value_or(log::parseLevel(rt.settings->stringValue(keys::logLevel)).value_or(spdlog::level::info));
    lo.stderrLevel = cliLevel.value_or(options.defaultStderrLevel);
    lo.maxFileBytes = std::size_t(rt.settings->intValue(keys::logFileMaxMiB)) * 1024u * 1024u;
    lo.maxFiles = std::size_t(rt.settings->intValue(keys::logFilesKept));
    if (auto ok = log::init(lo); !ok) {
        return unexpected(ok.error());
    }
    rt.logOptions = lo;
    for (const QString& w : std::as_const(rt.warnings)) {
        log::get("core")->warn("{}", w.toStdString());
    }
    return rt;
}

} // namespace cocoon
