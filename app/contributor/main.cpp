// cocoon-contributor: the desktop app, or with --headless (or when no display is available) the
// same core without a window. Feature wiring only; the work lives in cocoon_core and cocoon_ui.
#include "Attached.h"
#include "DashboardPage.h"
#include "Desktop.h"
#include "Harden.h"
#include "Language.h"
#include "MainWindow.h"
#include "QuitOnSignal.h"
#include "Tray.h"
#include "WalletPage.h"
#include "Wiring.h"
#include "attest/EvidenceBundle.h"
#include "attest/LocalEvidence.h"
#include "common/DataDirLock.h"
#include "common/Hex.h"
#include "common/Logging.h"
#include "common/Runtime.h"
#include "common/SingleInstance.h"
#include "common/Version.h"
#include "config/SettingsTable.h"
#include "crypto/Ed25519.h"
#include "crypto/Hash.h"
#include "crypto/X25519.h"
#include "gpu/Discovery.h"
#include "gpu/Telemetry.h"
#include "ledger/Ledger.h"
#include "net/ControlService.h"
#include "net/DemoJobs.h"
#include "net/NodeClient.h"
#include "net/Tls.h"
#include "sched/Governor.h"
#include "wallet/WalletMonitor.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

namespace {

bool hasFlag(int argc, char** argv, const char* flag)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], flag) == 0) {
            return true;
        }
    }
    return false;
}

/// Decides, before any QGuiApplication exists, whether a display can be reached, and lets Qt fall
/// back to "offscreen" (detected after start) instead of aborting when a display is set but dead.
bool prepareDisplay(QString* why)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        return true; // the user (or a test) chose the platform
    }
    const bool x11 = !qEnvironmentVariableIsEmpty("DISPLAY");
    const bool wayland = !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if (!x11 && !wayland) {
        *why = QCoreApplication::translate("Contributor", "no display found (DISPLAY and WAYLAND_DISPLAY are not set)");
        return false;
    }
    qputenv("QT_QPA_PLATFORM", wayland ? "wayland;xcb;offscreen" : "xcb;offscreen");
    return true;
#else
    Q_UNUSED(why);
    return true;
#endif
}

void printLine(const QString& text)
{
    QTextStream(stdout) << text << Qt::endl;
}

} // namespace

int main(int argc, char** argv)
{
    // Keys and job plaintext live in this process: never in a core file.
    const QString unhardened = cocoon::disableCoreDumps();
    bool headless = hasFlag(argc, argv, "--headless");
    QString noDisplayReason;
    const bool wantsInfoOnly = hasFlag(argc, argv, "--help") || hasFlag(argc, argv, "-h")
        || hasFlag(argc, argv, "--version") || hasFlag(argc, argv, "-v");
    if (!headless && !wantsInfoOnly && !prepareDisplay(&noDisplayReason)) {
        headless = true;
    }

    std::unique_ptr<QCoreApplication> app;
    if (headless || wantsInfoOnly) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        app = std::make_unique<QApplication>(argc, argv);
        if (QGuiApplication::platformName() == QLatin1String("offscreen") && qgetenv("QT_QPA_PLATFORM").contains(';')) {
            noDisplayReason = QCoreApplication::translate("Contributor", "the display could not be opened");
            headless = true;
        }
    }
    cocoon::setApplicationIdentity(QStringLiteral("cocoon-contributor"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Contributor",
        "Cocoon Contributor: put an idle GPU to work in the Cocoon "
        "confidential-computing network."));
    cocoon::addCommonOptions(parser);
    parser.addOption({QStringLiteral("headless"),
        QCoreApplication::translate("Contributor", "Run without a window (for servers and rigs).")});
    parser.addOption({QStringLiteral("coordinator"),
        QCoreApplication::translate(
            "Contributor", "Join this coordinator (wss://HOST:PORT; default: the net.coordinator setting)."),
        QStringLiteral("url")});
    parser.addOption({QStringLiteral("no-demo"),
        QCoreApplication::translate(
            "Contributor", "Without a coordinator, do not join the local demo network (see the net.demo setting).")});
    parser.addOption({QStringLiteral("screenshots"),
        QCoreApplication::translate("Contributor",
            "Save every page of the window as a PNG (1280x800) into <dir> once the demo network has done a "
            "few jobs, then quit (tests, documentation)."),
        QStringLiteral("dir")});
    parser.addOption({QStringLiteral("pin"),
        QCoreApplication::translate(
            "Contributor", "The coordinator's key pin, 64 hex digits (default: the net.pin setting)."),
        QStringLiteral("hex")});
    parser.process(*app);

    cocoon::SystemClock clock;
    auto runtime = cocoon::startRuntime(parser, clock);
    if (!runtime) {
        std::fprintf(stderr, "cocoon-contributor: %s\n", qPrintable(runtime.error()));
        return 1;
    }
    auto log = cocoon::log::get("core");
    if (!unhardened.isEmpty())
        log->warn("core dumps could not be turned off: {}", unhardened.toStdString());
    bool terminated = false; // a signal during the first-run wizard ends the app, not just the wizard
    cocoon::quitOnTerminationSignals(*app, [&] {
        terminated = true;
        QCoreApplication::exit(0); // also ends a dialog's loop before the main one runs (quit() would not)
    });
    // One desktop app per user and data directory: a second launch raises the first and exits.
    std::unique_ptr<cocoon::SingleInstance> instance;
    if (!headless) {
        instance
            = std::make_unique<cocoon::SingleInstance>(cocoon::SingleInstance::defaultName(runtime->paths.dataDir));
        if (!instance->acquire()) {
            printLine(QCoreApplication::translate(
                "Contributor", "Cocoon Contributor is already running; its window has been brought to the front."));
            return 0;
        }
    }

    if (!noDisplayReason.isEmpty()) {
        printLine(QCoreApplication::translate("Contributor", "cocoon-contributor: %1; running headless.")
                      .arg(noDisplayReason));
    }
    // A headless instance already serves this data directory (the systemd user service, say): the
    // window shows and steers it rather than starting a second core. It logs to a file of its own
    // so that the service's log keeps one writer (each rotates its own file).
    if (!headless) {
        if (const auto running = cocoon::app::findHeadless(runtime->paths.dataDir)) {
            auto windowLog = runtime->logOptions;
            windowLog.fileName = QStringLiteral("cocoon-window.log");
            if (auto ok = cocoon::log::init(windowLog); !ok) {
                std::fprintf(stderr, "cocoon-contributor: %s\n", qPrintable(ok.error()));
                return 1;
            }
            log = cocoon::log::get("core");
            log->info("Cocoon Contributor {} starting (window attached to the service, process {}), data in {}",
                COCOON_VERSION, running->value(QStringLiteral("pid")).toInteger(),
                runtime->paths.dataDir.toStdString());
            const int rc = cocoon::app::runAttached(
                *running, *runtime, clock, instance.get(), parser.value(QStringLiteral("screenshots")));
            log->info("Cocoon Contributor window closing (exit code {}); the background service keeps running", rc);
            cocoon::log::shutdown();
            return rc;
        }
    }
    // One core per data directory, from before the keys are loaded or the ledger opened.
    auto dataLock = cocoon::DataDirLock::acquire(runtime->paths.dataDir);
    if (!dataLock) {
        std::fprintf(stderr, "cocoon-contributor: %s\n", qPrintable(dataLock.error()));
        log->error("not starting: {}", dataLock.error().toStdString());
        cocoon::log::shutdown();
        return 1;
    }
    log->info("Cocoon Contributor {} starting ({}), data in {}", COCOON_VERSION, headless ? "headless" : "desktop",
        runtime->paths.dataDir.toStdString());
    bool created = false;
    auto identity = cocoon::Ed25519PrivateKey::loadOrCreate(runtime->paths.nodeIdentityFile(), &created);
    if (!identity) {
        std::fprintf(stderr, "cocoon-contributor: node identity: %s\n", qPrintable(identity.error().message));
        return 1;
    }
    log->info("node identity {} ({})", cocoon::hex::encode(identity->publicKey()).toStdString(),
        created ? "created now" : "loaded");
    // The privacy tier: evidence bound to the node identity and this run's session key.
    auto session = cocoon::X25519PrivateKey::generate();
    if (!session) {
        std::fprintf(stderr, "cocoon-contributor: could not create a session key\n");
        return 1;
    }
    auto machine = cocoon::app::probeMachine(identity->publicKey(), session->publicKey());
    const cocoon::gpu::Discovery& found = machine.found;
    const cocoon::attest::LocalEvidence& evidence = machine.evidence;
    const bool offersGpu = machine.offersGpu;
    const bool confidential = machine.confidential();

    // Scheduling runs from the start, so the owner can see (and shape) when work would yield.
    auto probe = cocoon::sched::makeSystemProbe(clock);
    cocoon::sched::Governor governor(clock, *probe, *runtime->settings);
    cocoon::gpu::TelemetrySampler telemetry(clock, found.nvml.get(),
        std::chrono::milliseconds(runtime->settings->intValue(cocoon::keys::gpuTelemetryMs)),
        {std::uint32_t(QCoreApplication::applicationPid())});
    governor.setDeviceSampler(&telemetry);
    found.governWith(governor);
    governor.start();
    log->info("scheduling: idle from {}; full screen from {}; power from {}", governor.sources().idle.toStdString(),
        governor.sources().fullscreen.toStdString(), governor.sources().power.toStdString());

    // The ledger keeps the pause history and per-minute telemetry next to the money (receipts,
    // statements and payouts arrive with the network and wallet). Without it the app still runs.
    auto dbLog = cocoon::log::get("db");
    auto walletLog = cocoon::log::get("wallet");
    std::optional<cocoon::ledger::Ledger> ledger;
    QTimer telemetryRollup;
    std::unique_ptr<cocoon::app::WalletWatch> walletWatch;
    if (auto opened = cocoon::ledger::Ledger::open(runtime->paths.ledgerFile(), clock)) {
        ledger.emplace(std::move(*opened));
        QObject::connect(&governor, &cocoon::sched::Governor::stateChanged, [&](const cocoon::sched::StateChange& c) {
            const QString state = c.run ? QStringLiteral("running %1%").arg(c.dutyPercent) : QStringLiteral("paused");
            if (auto e = ledger->recordStateChange(
                    c.at.toMSecsSinceEpoch(), c.device, state, c.explanations.join(QStringLiteral("; ")));
                !e) {
                dbLog->warn("ledger: {}", e.error().message.toStdString());
            }
        });
        QObject::connect(&telemetryRollup, &QTimer::timeout, [&] {
            for (int i = 0; i < found.gpus.size(); ++i) {
                const auto t = telemetry.telemetry(i);
                if (!t) {
                    continue;
                }
                cocoon::ledger::TelemetrySample s {QStringLiteral("gpu%1").arg(i), t->ownUtilizationPercent,
                    t->otherUtilizationPercent, t->temperatureC,
                    t->powerW ? std::optional<int>(*t->powerW * 1000) : std::nullopt,
                    t->vramUsedBytes ? std::optional<std::int64_t>(std::int64_t(*t->vramUsedBytes)) : std::nullopt};
                if (auto e = ledger->recordTelemetry(s); !e) {
                    dbLog->warn("ledger: {}", e.error().message.toStdString());
                }
            }
        });
        telemetryRollup.start(15000);
        // The payout wallet, read from the chain every wallet.refreshSeconds (payouts go to the ledger).
        walletWatch = cocoon::app::watchWallet(*runtime->settings, clock, &*ledger);
        if (walletWatch) {
            QObject::connect(walletWatch->monitor.get(), &cocoon::wallet::WalletMonitor::updated,
                [&](const cocoon::wallet::WalletStatus& s) {
                    if (s.cached || !s.known) {
                        walletLog->warn("{}", s.error.toStdString());
                        return;
                    }
                    walletLog->info("balance {} TON, {} new payout(s)",
                        cocoon::ledger::formatTon(s.balanceNano).toStdString(), s.newPayouts);
                    if (s.newPayouts > 0 && headless) {
                        printLine(
                            QCoreApplication::translate("Contributor", "Payout received: wallet balance is now %1 TON.")
                                .arg(cocoon::ledger::formatTon(s.balanceNano)));
                    }
                });
            walletWatch->monitor->refresh();
        }
    } else {
        dbLog->error("ledger: {}", opened.error().message.toStdString());
        printLine(QCoreApplication::translate("Contributor", "Warning: %1").arg(opened.error().message));
    }

    std::unique_ptr<cocoon::MainWindow> window;
    std::unique_ptr<cocoon::ui::Tray> tray;
    std::optional<cocoon::ledger::Ledger> demoLedger; // the demo network's test-TON ledger, when it runs
    QString networkLine;
    std::optional<cocoon::app::BenchmarkRecord> benchmark;
    // The window and the tray, built again when the owner picks another language (their texts are
    // set when built). Connections to long-lived objects name the window or tray as context, so
    // they go with them.
    std::function<void()> buildWindow;
    cocoon::app::Readings readings(telemetry);
    if (!headless) {
        cocoon::ui::installLanguage(runtime->settings->stringValue(QString::fromLatin1(cocoon::keys::uiLanguage)));
    }
    networkLine = QCoreApplication::translate("Contributor", "not started");
    if (headless) {
        printLine(QCoreApplication::translate(
            "Contributor", "Cocoon Contributor %1 is running headless (data in %2). Stop with Ctrl+C.")
                      .arg(QStringLiteral(COCOON_VERSION), runtime->paths.dataDir));
        printLine(confidential ? QCoreApplication::translate("Contributor", "Privacy tier: confidential.")
                               : QCoreApplication::translate("Contributor", "Privacy tier: sealed (%1).")
                                     .arg(evidence.tierReasons.join(QStringLiteral("; "))));
    } else {
        // First run: the enrolment wizard before anything joins a network (not in screenshot runs).
        benchmark = cocoon::app::loadBenchmark(runtime->paths.dataDir);
        if (!runtime->settings->boolValue(QString::fromLatin1(cocoon::keys::appEnrolled))
            && !parser.isSet(QStringLiteral("screenshots"))) {
            printLine(QCoreApplication::translate(
                "Contributor", "First run: showing the setup wizard (File > Set up again… reopens it)."));
            QString why;
            if (!cocoon::app::runEnrolment(nullptr, found, evidence, offersGpu, *runtime->settings,
                    runtime->paths.dataDir, clock, &why, &benchmark)) {
                log->info("enrolment not completed{}", why.isEmpty() ? "" : ": " + why.toStdString());
            }
            if (terminated) {
                log->info("Cocoon Contributor stopping (exit code 0)");
                cocoon::log::shutdown();
                return 0;
            }
        }
        buildWindow = [&] {
            const bool wasVisible = !window || window->isVisible();
            tray.reset();
            window.reset();
            window = std::make_unique<cocoon::MainWindow>(clock, cocoon::app::deviceLines(found));
            window->attachScheduler(&governor);
            window->showTier(confidential, evidence.tierReasons);
            window->attachLedger(ledger ? &*ledger : nullptr, false);
            window->attachLimits(
                *runtime->settings, [&governor] { return governor.runningProcesses(); }, governor.devices());
            window->walletPage()->setAddress(
                runtime->settings->value(QString::fromLatin1(cocoon::keys::walletAddress)).toString());
            if (benchmark)
                window->dashboard()->setBenchmark(benchmark->report, benchmark->atUtc);
            window->dashboard()->setReadings([&readings](const QString& device) { return readings.read(device); });
            tray = std::make_unique<cocoon::ui::Tray>(&governor, window.get());
            cocoon::app::wireDesktop(*window, *tray, *runtime->settings, instance.get());
            QObject::connect(window.get(), &cocoon::MainWindow::enrolRequested, [&] {
                const QString network
                    = runtime->settings->stringValue(QString::fromLatin1(cocoon::keys::netCoordinator));
                QString why;
                std::optional<cocoon::app::BenchmarkRecord> record;
                if (cocoon::app::runEnrolment(window.get(), found, evidence, offersGpu, *runtime->settings,
                        runtime->paths.dataDir, clock, &why, &record)) {
                    if (record)
                        window->dashboard()->setBenchmark(record->report, record->atUtc);
                    window->walletPage()->setAddress(
                        runtime->settings->stringValue(QString::fromLatin1(cocoon::keys::walletAddress)));
                    const bool networkChanged
                        = network != runtime->settings->stringValue(QString::fromLatin1(cocoon::keys::netCoordinator));
                    window->statusBar()->showMessage(networkChanged
                            ? QCoreApplication::translate("Contributor",
                                "Set up again. The new network is joined at the next start; limits apply now.")
                            : QCoreApplication::translate("Contributor", "Set up again; the new limits apply now."),
                        15000);
                } else if (!why.isEmpty()) {
                    window->statusBar()->showMessage(
                        QCoreApplication::translate("Contributor", "The setup could not be saved: %1").arg(why), 15000);
                }
            });
            cocoon::app::showWallet(walletWatch.get(), *window, *tray);
            if (demoLedger)
                window->attachLedger(&*demoLedger, true);
            window->showNetwork(networkLine);
            if (wasVisible)
                window->show();
        };
        buildWindow();
        // Another language: installed at once, and the window and tray are built again in it
        // (after the menu that chose it has returned).
        QObject::connect(
            runtime->settings.get(), &cocoon::Settings::changed, app.get(), [&](const QString& key, const QVariant& v) {
                if (key != QLatin1String(cocoon::keys::uiLanguage))
                    return;
                cocoon::ui::installLanguage(v.toString());
                QTimer::singleShot(0, app.get(), [&] { buildWindow(); });
            });
        printLine(QCoreApplication::translate("Contributor", "Cocoon Contributor %1 is running (data in %2).")
                      .arg(QStringLiteral(COCOON_VERSION), runtime->paths.dataDir));
    }
    // The network: one outbound connection to a coordinator (this process opens no listening port).
    // With none configured, the local demo network: cocoon-coordinator as a child process on
    // 127.0.0.1 (self-signed, pinned) plus a job owner in this process submitting a steady mix of
    // every kernel. Its earnings are test TON, kept in their own ledger under <data>/demo.
    const QString coordinatorUrl = parser.isSet(QStringLiteral("coordinator"))
        ? parser.value(QStringLiteral("coordinator"))
        : runtime->settings->value(QString::fromLatin1(cocoon::keys::netCoordinator)).toString();
    const QString pin = parser.isSet(QStringLiteral("pin"))
        ? parser.value(QStringLiteral("pin"))
        : runtime->settings->value(QString::fromLatin1(cocoon::keys::netPin)).toString();
    if (!coordinatorUrl.isEmpty()) {
        if (auto ok = cocoon::Settings::validateText(
                *runtime->settings->spec(QString::fromLatin1(cocoon::keys::netCoordinator)), coordinatorUrl);
            !ok) {
            std::fprintf(stderr, "cocoon-contributor: --coordinator: %s\n", qPrintable(ok.error().message));
            return 2;
        }
        if (!pin.isEmpty() && !cocoon::net::isPin(pin)) {
            std::fprintf(stderr, "cocoon-contributor: --pin must be 64 hex digits\n");
            return 2;
        }
    }
    const bool demo = coordinatorUrl.isEmpty() && !parser.isSet(QStringLiteral("no-demo"))
        && runtime->settings->value(QString::fromLatin1(cocoon::keys::netDemo)).toBool();
    const QString demoDir = runtime->paths.dataDir + QStringLiteral("/demo");
    std::unique_ptr<QProcess> demoCoordinator;
    std::unique_ptr<cocoon::net::DemoJobGenerator> demoJobs;
    std::unique_ptr<cocoon::net::NodeClient> node;
    std::pair<bool, QString> cpuState {true, {}};
    QJsonObject currentJobs; // device -> kernel running there (the control channel's status)
    QObject::connect(&governor, &cocoon::sched::Governor::decisionChanged,
        [&](const QString& device, const cocoon::sched::Decision& d) {
            if (device == u"cpu") {
                cpuState = {d.run, d.explanations.join(QStringLiteral("; "))};
            }
        });
    const auto status = [&](const QString& text) {
        networkLine = text;
        if (window)
            window->showNetwork(text);
        else
            printLine(text);
    };
    const auto join = [&](const QUrl& url, const QString& keyPin, cocoon::ledger::Ledger* book, const QString& jobsDir,
                          const QString& label) {
        cocoon::net::NodeOptions options;
        options.url = url;
        options.pin = keyPin;
        options.jobsDir = jobsDir;
        QDir().mkpath(jobsDir);
        options.payout = runtime->settings->value(QString::fromLatin1(cocoon::keys::walletAddress)).toString();
        options.evidence = cocoon::attest::EvidenceBundle::fromLocal(
            evidence, identity->publicKey(), session->publicKey(), std::uint64_t(clock.nowUtc().toMSecsSinceEpoch()))
                               .encode();
        options.renewEvidence = [&] {
            return cocoon::attest::EvidenceBundle::fromLocal(
                cocoon::app::collectEvidence(machine, identity->publicKey(), session->publicKey()),
                identity->publicKey(), session->publicKey(), std::uint64_t(clock.nowUtc().toMSecsSinceEpoch()))
                .encode();
        };
        options.state = [&] { return cpuState; };
        cocoon::jobs::JobContext context;
        context.sessionKey = &*session;
        context.identity = &*identity;
        context.clock = &clock;
        context.nodeTier = evidence.tier;
        context.evidenceHash = cocoon::toByteArray(cocoon::sha256(options.evidence));
        context.sleep = [](std::chrono::microseconds d) { std::this_thread::sleep_for(d); };
        node = std::make_unique<cocoon::net::NodeClient>(
            options, context, book, governor.throttle(QStringLiteral("cpu")));
        QObject::connect(node.get(), &cocoon::net::NodeClient::connected,
            [=] { status(QCoreApplication::translate("Contributor", "Connected to %1; contributing.").arg(label)); });
        QObject::connect(node.get(), &cocoon::net::NodeClient::disconnected, [=](const QString& why) {
            status(QCoreApplication::translate("Contributor", "Lost %1 (%2); reconnecting.").arg(label, why));
        });
        QObject::connect(node.get(), &cocoon::net::NodeClient::refused, [=, &tray](const QString& why) {
            status(QCoreApplication::translate("Contributor", "%1 was refused: %2").arg(label, why));
            if (tray)
                tray->notifyError(QCoreApplication::translate("Contributor", "%1 was refused: %2").arg(label, why));
        });
        for (const auto alarm :
            {&cocoon::net::NodeClient::coordinatorRollback, &cocoon::net::NodeClient::coordinatorKeyAlarm}) {
            QObject::connect(node.get(), alarm, [=, &tray](const QString& why) {
                status(QCoreApplication::translate("Contributor", "WARNING: %1").arg(why));
                if (tray)
                    tray->notifyError(why);
            });
        }
        QObject::connect(node.get(), &cocoon::net::NodeClient::connected, [&tray] {
            if (tray)
                tray->clearError();
        });
        QObject::connect(
            node.get(), &cocoon::net::NodeClient::jobStarted, [&](const QByteArray&, const QString& kernel) {
                currentJobs.insert(QStringLiteral("cpu"), kernel);
                if (window)
                    window->dashboard()->setJob(QStringLiteral("cpu"), kernel);
            });
        QObject::connect(node.get(), &cocoon::net::NodeClient::jobFinished,
            [&](const QByteArray& id, bool ok, const QString& detail) {
                currentJobs.remove(QStringLiteral("cpu"));
                if (window)
                    window->dashboard()->setJob(QStringLiteral("cpu"), {});
                log->info(
                    "job {} {}: {}", id.toHex().left(16).toStdString(), ok ? "done" : "failed", detail.toStdString());
            });
        node->start();
    };
    if (!coordinatorUrl.isEmpty()) {
        join(QUrl(coordinatorUrl), pin, ledger ? &*ledger : nullptr, runtime->paths.jobsDir(),
            QCoreApplication::translate("Contributor", "the coordinator at %1").arg(coordinatorUrl));
    } else if (!demo) {
        status(QCoreApplication::translate("Contributor",
            "No coordinator is configured (--coordinator, or the net.coordinator setting), so "
            "nothing is being contributed."));
    } else if (auto book = QDir().mkpath(demoDir)
                   ? cocoon::ledger::Ledger::open(demoDir + QStringLiteral("/ledger.sqlite"), clock)
                   : cocoon::ledger::Ledger::open(demoDir, clock);
               !book) {
        status(QCoreApplication::translate("Contributor", "The demo network could not start: %1")
                   .arg(book.error().message));
    } else {
        demoLedger.emplace(std::move(*book));
        if (window) {
            window->attachLedger(&*demoLedger, true); // the pages show the demo's test TON
        }
        status(QCoreApplication::translate(
            "Contributor", "Starting the local demo network (test TON, no account, no internet)..."));
        demoCoordinator = std::make_unique<QProcess>();
        demoCoordinator->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(demoCoordinator.get(), &QProcess::readyReadStandardOutput, [&] {
            if (node || !demoCoordinator->canReadLine())
                return;
            const QString line = QString::fromUtf8(demoCoordinator->readLine());
            const auto m = QRegularExpression(QStringLiteral(R"((wss://\S+) pin ([0-9a-f]{64}))")).match(line);
            if (!m.hasMatch()) {
                status(QCoreApplication::translate("Contributor", "The demo network could not start: %1")
                           .arg(line.trimmed()));
                return;
            }
            join(QUrl(m.captured(1)), m.captured(2), &*demoLedger, demoDir + QStringLiteral("/jobs"),
                QCoreApplication::translate("Contributor", "the local demo network (test TON)"));
            demoJobs = std::make_unique<cocoon::net::DemoJobGenerator>(
                clock, QUrl(m.captured(1)), m.captured(2), std::chrono::seconds(2));
            QObject::connect(demoJobs.get(), &cocoon::net::DemoJobGenerator::jobCompleted,
                [&](const QString& kernel, std::uint64_t units, std::uint64_t nano) {
                    const auto t = demoLedger->totals();
                    const QString summary = QCoreApplication::translate("Contributor",
                        "Demo network: %1 done (%2 units, %3 test TON); %4 test TON "
                        "credited so far.")
                                                .arg(kernel)
                                                .arg(units)
                                                .arg(cocoon::ledger::formatTon(std::int64_t(nano)))
                                                .arg(cocoon::ledger::formatTon(t ? t->creditedNano : 0));
                    log->info("{}", summary.toStdString());
                    networkLine = summary;
                    if (window)
                        window->showNetwork(summary);
                    else if (demoJobs->completed() <= 5 || demoJobs->completed() % 50 == 0)
                        printLine(summary);
                });
            QObject::connect(demoJobs.get(), &cocoon::net::DemoJobGenerator::jobFailed,
                [&](const QString& kernel, const QString& why) {
                    log->warn("demo job {} failed: {}", kernel.toStdString(), why.toStdString());
                });
            demoJobs->start();
        });
        demoCoordinator->start(QCoreApplication::applicationDirPath() + QStringLiteral("/cocoon-coordinator"),
            {QStringLiteral("--data-dir"), demoDir + QStringLiteral("/coordinator"), QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:0"), QStringLiteral("--lease-seconds"), QStringLiteral("30")});
    }
    // The control channel (cocoonctl status, pause, resume, snooze, limits, jobs): a user-only local
    // socket for this data directory, served by the desktop app and --headless alike.
    cocoon::control::Service controlService({clock, governor, *runtime->settings,
        [&]() -> cocoon::ledger::Ledger* { return demoLedger ? &*demoLedger
                                               : ledger      ? &*ledger
                                                             : nullptr; },
        [&] {
            return QJsonObject {
                {QStringLiteral("ui"), headless ? QStringLiteral("headless") : QStringLiteral("desktop")},
                {QStringLiteral("dataDir"), runtime->paths.dataDir}, {QStringLiteral("network"), networkLine},
                {QStringLiteral("testTon"), bool(demoLedger)},
                {QStringLiteral("tier"),
                    confidential ? QStringLiteral("confidential")
                                 : QStringLiteral("sealed (%1)").arg(evidence.tierReasons.join(QStringLiteral("; ")))},
                // What a window attached to this instance shows (docs/protocol.md#control-channel).
                {QStringLiteral("confidential"), confidential},
                {QStringLiteral("tierReasons"), QJsonArray::fromStringList(evidence.tierReasons)},
                {QStringLiteral("devices"), cocoon::app::deviceLinesJson(cocoon::app::deviceLines(found))},
                {QStringLiteral("readings"), readings.json(governor.devices())}, {QStringLiteral("jobs"), currentJobs},
                {QStringLiteral("ledgerFile"),
                    demoLedger   ? demoDir + QStringLiteral("/ledger.sqlite")
                        : ledger ? runtime->paths.ledgerFile()
                                 : QString()}};
        }});
    cocoon::control::Server controlServer(cocoon::control::socketName(runtime->paths.dataDir), controlService);
    if (auto listening = controlServer.listen(); !listening) {
        log->warn("control channel: {}", listening.error().message.toStdString());
    } else {
        log->info("control channel: {}", controlServer.fullServerName().toStdString());
    }
    // Test and documentation hook: once the demo network has done a few jobs (or after 60 s),
    // every page is saved as a PNG at 1280x800 and the app quits; exit code 3 if an error dialog
    // was up or a page could not be saved.
    QTimer screenshots;
    int screenshotsRc = 0;
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (window && parser.isSet(QStringLiteral("screenshots"))) {
        const QString dir = parser.value(QStringLiteral("screenshots"));
        QDir().mkpath(dir);
        QObject::connect(&screenshots, &QTimer::timeout, [&, dir] {
            if ((!demoJobs || demoJobs->completed() < 3) && sinceStart.elapsed() < 60000)
                return;
            screenshots.stop();
            QStringList problems;
            const QStringList files = window->saveScreenshots(dir, QSize(1280, 800), &problems);
            printLine(QCoreApplication::translate("Contributor", "Screenshots saved: %1")
                          .arg(files.join(QStringLiteral(", "))));
            for (const QString& p : problems)
                printLine(QCoreApplication::translate("Contributor", "Screenshot problem: %1").arg(p));
            screenshotsRc = problems.isEmpty() ? 0 : 3;
            app->quit();
        });
        screenshots.start(250);
    }
    const int exitCode = app->exec();
    const int rc = exitCode != 0 ? exitCode : screenshotsRc;
    demoJobs.reset();
    node.reset();
    if (demoCoordinator) {
        demoCoordinator->terminate();
        demoCoordinator->waitForFinished(5000);
    }
    log->info("Cocoon Contributor stopping (exit code {})", rc);
    tray.reset();
    window.reset();
    cocoon::log::shutdown();
    return rc;
}
