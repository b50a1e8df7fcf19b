// cocoon-contributor: the desktop app, or with --headless (or when no display is available) the
// same core without a window. Option parsing and wiring only: the running contributor is
// node::ContributorNode (cocoon_core), the window is DesktopShell over cocoon_ui.
#include "Attached.h"
#include "DesktopShell.h"
#include "Display.h"
#include "Harden.h"
#include "Language.h"
#include "ProcessSetup.h"
#include "QuitOnSignal.h"
#include "Runtime.h"
#include "common/Logging.h"
#include "common/SingleInstance.h"
#include "common/Version.h"
#include "config/SettingsTable.h"
#include "net/DemoJobs.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>

using namespace cocoon;

namespace {

/// The context of the app's own words in the translations.
struct Contributor
{
    Q_DECLARE_TR_FUNCTIONS(Contributor)
};

void printLine(const QString& text)
{
    QTextStream(stdout) << text << Qt::endl;
}

int failed(const QString& why, int rc = 1)
{
    std::fprintf(stderr, "cocoon-contributor: %s\n", qPrintable(why));
    log::shutdown();
    return rc;
}

} // namespace

int main(int argc, char** argv)
{
    const QString unhardened = disableCoreDumps(); // keys and job plaintext never in a core file
    bool headless = false;
    QString noDisplay;
    const auto app = app::makeApplication(argc, argv, &headless, &noDisplay);
    setApplicationIdentity(QStringLiteral("cocoon-contributor"));

    QCommandLineParser parser;
    parser.setApplicationDescription(Contributor::tr("Cocoon Contributor: put an idle GPU to work in the Cocoon "
                                                     "confidential-computing network."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("headless"), Contributor::tr("Run without a window (for servers and rigs).")});
    parser.addOption({QStringLiteral("coordinator"),
        Contributor::tr("Join this coordinator (wss://HOST:PORT; default: the net.coordinator setting)."),
        QStringLiteral("url")});
    parser.addOption({QStringLiteral("no-demo"),
        Contributor::tr("Without a coordinator, do not join the local demo network (see the net.demo setting).")});
    parser.addOption({QStringLiteral("screenshots"),
        Contributor::tr("Save every page of the window as a PNG (1280x800) into <dir> once the demo network has done a "
                        "few jobs, then quit (tests, documentation)."),
        QStringLiteral("dir")});
    parser.addOption({QStringLiteral("pin"),
        Contributor::tr("The coordinator's key pin, 64 hex digits (default: the net.pin setting)."),
        QStringLiteral("hex")});
    parser.process(*app);

    SystemClock clock;
    auto runtime = startRuntime(parser, clock);
    if (!runtime)
        return failed(runtime.error());
    auto log = log::get("core");
    if (!unhardened.isEmpty())
        log->warn("core dumps could not be turned off: {}", unhardened.toStdString());
    bool terminated = false; // a signal during the first-run wizard ends the app, not just the wizard
    quitOnTerminationSignals(*app, [&] {
        terminated = true;
        QCoreApplication::exit(0); // also ends a dialog's loop before the main one runs (quit() would not)
    });
    Settings& settings = *runtime->settings;
    const QString screenshots = parser.value(QStringLiteral("screenshots"));
    // One desktop app per user and data directory: a second launch raises the first and exits.
    std::unique_ptr<SingleInstance> instance;
    if (!headless) {
        instance = std::make_unique<SingleInstance>(SingleInstance::defaultName(runtime->paths.dataDir));
        if (!instance->acquire()) {
            printLine(
                Contributor::tr("Cocoon Contributor is already running; its window has been brought to the front."));
            return 0;
        }
    }
    if (!noDisplay.isEmpty())
        printLine(Contributor::tr("cocoon-contributor: %1; running headless.").arg(noDisplay));
    // A headless instance already serves this data directory (the systemd user service, say): the
    // window shows and steers it rather than starting a second core. It logs to a file of its own.
    if (!headless) {
        if (const auto running = app::findHeadless(runtime->paths.dataDir)) {
            auto windowLog = runtime->logOptions;
            windowLog.fileName = QStringLiteral("cocoon-window.log");
            if (auto ok = log::init(windowLog); !ok)
                return failed(ok.error());
            log = log::get("core");
            log->info("Cocoon Contributor {} starting (window attached to the service, process {}), data in {}",
                COCOON_VERSION, running->value(QStringLiteral("pid")).toInteger(),
                runtime->paths.dataDir.toStdString());
            const int rc = app::runAttached(*running, *runtime, clock, instance.get(), screenshots);
            log->info("Cocoon Contributor window closing (exit code {}); the background service keeps running", rc);
            log::shutdown();
            return rc;
        }
    }

    node::ContributorOptions options;
    options.paths = runtime->paths;
    options.ui = headless ? QStringLiteral("headless") : QStringLiteral("desktop");
    options.nvmlLibrary = nvmlLibraryOverride();
    options.demoChain = qEnvironmentVariable("COCOON_DEMO_CHAIN"); // `make run` sets it: the demo pays test TON
    const auto given = [&parser](const char* name) {
        return parser.isSet(QLatin1String(name)) ? std::optional(parser.value(QLatin1String(name))) : std::nullopt;
    };
    if (auto ok = options.chooseNetwork(settings, given("coordinator"), given("pin"), parser.isSet("no-demo")); !ok)
        return failed(ok.error(), 2);
    alignCudaDeviceOrder();
    auto created = node::ContributorNode::create(options, clock, settings);
    if (!created) {
        log->error("not starting: {}", created.error().toStdString());
        return failed(created.error());
    }
    node::ContributorNode& node = **created;
    log->info("Cocoon Contributor {} starting ({}), data in {}", COCOON_VERSION, options.ui.toStdString(),
        runtime->paths.dataDir.toStdString());
    if (!node.ledgerError().isEmpty())
        printLine(Contributor::tr("Warning: %1").arg(node.ledgerError()));

    std::unique_ptr<app::DesktopShell> shell;
    if (headless) {
        printLine(Contributor::tr("Cocoon Contributor %1 is running headless (data in %2). Stop with Ctrl+C.")
                      .arg(QStringLiteral(COCOON_VERSION), runtime->paths.dataDir));
        printLine(node.machine().confidential()
                ? Contributor::tr("Privacy tier: confidential.")
                : Contributor::tr("Privacy tier: sealed (%1).")
                      .arg(node.machine().evidence.tierReasons.join(QStringLiteral("; "))));
        QObject::connect(&node, &node::ContributorNode::networkChanged, &printLine);
        QObject::connect(&node, &node::ContributorNode::payoutReceived, [](const QString& balance) {
            printLine(Contributor::tr("Payout received: wallet balance is now %1 TON.").arg(balance));
        });
        QObject::connect(
            &node, &node::ContributorNode::demoJobCompleted, [](const QString& summary, std::uint64_t done) {
                if (done <= 5 || done % 50 == 0)
                    printLine(summary);
            });
    } else {
        ui::installLanguage(settings.stringValue(keys::uiLanguage));
        auto benchmark = app::loadBenchmark(runtime->paths.dataDir);
        // First run: the enrolment wizard before anything joins a network (not in screenshot runs).
        if (!settings.boolValue(keys::appEnrolled) && screenshots.isEmpty()) {
            printLine(Contributor::tr("First run: showing the setup wizard (File > Set up again… reopens it)."));
            QString why;
            const node::Machine& m = node.machine();
            if (!app::runEnrolment(nullptr, m.found, m.evidence, m.offersGpu, settings, runtime->paths.dataDir, clock,
                    &why, &benchmark))
                log->info("enrolment not completed{}", why.isEmpty() ? "" : ": " + why.toStdString());
            if (terminated) {
                log->info("Cocoon Contributor stopping (exit code 0)");
                log::shutdown();
                return 0;
            }
        }
        shell = app::DesktopShell::overNode(node, clock, settings, runtime->paths.dataDir, instance.get());
        shell->setBenchmark(benchmark);
        if (!screenshots.isEmpty()) {
            QElapsedTimer since;
            since.start();
            shell->saveScreenshotsWhen(screenshots, [&node, since] {
                return (node.demoJobs() && node.demoJobs()->completed() >= 3) || since.elapsed() >= 60000;
            });
        }
        printLine(Contributor::tr("Cocoon Contributor %1 is running (data in %2).")
                      .arg(QStringLiteral(COCOON_VERSION), runtime->paths.dataDir));
    }
    node.start();
    if (shell)
        shell->build();
    const int exitCode = app->exec();
    const int rc = exitCode != 0 ? exitCode : shell ? shell->screenshotsRc() : 0;
    log->info("Cocoon Contributor stopping (exit code {})", rc);
    shell.reset();
    created->reset();
    log::shutdown();
    return rc;
}
