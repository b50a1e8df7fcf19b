#include "Attached.h"

#include "ActivityPage.h"
#include "Desktop.h"
#include "Language.h"
#include "Tray.h"
#include "WalletPage.h"
#include "Wiring.h"
#include "common/Logging.h"
#include "common/SingleInstance.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "ledger/Ledger.h"
#include "net/RemoteScheduler.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QStatusBar>
#include <QTextStream>

namespace cocoon::app {

std::optional<QJsonObject> findHeadless(const QString& dataDir)
{
    const auto r = control::call(control::socketName(dataDir), {QStringLiteral("status"), {}}, std::chrono::seconds(2));
    if (!r || r->toObject().value(QStringLiteral("ui")).toString() != u"headless")
        return std::nullopt;
    return r->toObject();
}

int runAttached(const QJsonObject& first, Runtime& runtime, const Clock& clock, SingleInstance* instance,
    const QString& screenshotsDir)
{
    auto log = log::get("core");
    const QString dataDir = runtime.paths.dataDir;
    Settings& settings = *runtime.settings;
    control::Client client(control::socketName(dataDir));
    control::RemoteScheduler remote(client);
    remote.takeStatus(first);
    // The instance writes the settings file; this window asks it to, and re-reads the file when
    // it changed (cocoonctl, another window, the instance itself).
    settings.setWriter(control::settingsWriter(client));
    QDateTime settingsWritten = QFileInfo(settings.filePath()).lastModified();

    // The ledger the instance keeps (the demo network's or the real one), read only.
    std::optional<ledger::Ledger> book;
    QString bookPath;
    const auto openLedger = [&](const QJsonObject& status) {
        const QString path = status.value(QStringLiteral("ledgerFile")).toString();
        if (path == bookPath && (book || path.isEmpty()))
            return false;
        bookPath = path;
        book.reset();
        if (path.isEmpty())
            return true;
        if (auto opened = ledger::Ledger::openReadOnly(path, clock))
            book.emplace(std::move(*opened));
        else
            log->warn("ledger: {}", opened.error().message.toStdString());
        return true;
    };
    openLedger(first);
    const auto testTon = [&] { return remote.status().value(QStringLiteral("testTon")).toBool(); };
    auto wallet = watchWallet(settings, clock, nullptr); // the balance; the instance records payouts
    std::optional<BenchmarkRecord> benchmark = loadBenchmark(dataDir);
    const QString watching = QCoreApplication::translate("Contributor",
        "Showing the Cocoon Contributor service running in the background (process %1). Closing this window "
        "leaves it running.")
                                 .arg(first.value(QStringLiteral("pid")).toInteger());

    ui::installLanguage(settings.stringValue(QString::fromLatin1(keys::uiLanguage)));
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<ui::Tray> tray;
    std::optional<Machine> machine; // probed only if the owner opens the setup wizard
    const auto showStatus = [&](const QJsonObject& s) {
        window->showNetwork(s.value(QStringLiteral("network")).toString());
        const QJsonObject jobs = s.value(QStringLiteral("jobs")).toObject();
        for (const QString& d : remote.devices())
            window->dashboard()->setJob(d, jobs.value(d).toString());
    };
    const auto build = [&] {
        const bool wasVisible = !window || window->isVisible();
        tray.reset();
        window.reset();
        const QJsonObject s = remote.status();
        window = std::make_unique<MainWindow>(clock, deviceLinesFromJson(s.value(QStringLiteral("devices")).toArray()));
        window->attachScheduler(&remote);
        window->activityPage()->setLogSource([&] { return remote.logCount(); }, [&] { return remote.log(); });
        window->showTier(s.value(QStringLiteral("confidential")).toBool(),
            s.value(QStringLiteral("tierReasons")).toVariant().toStringList());
        window->attachLedger(book ? &*book : nullptr, testTon());
        window->attachLimits(
            settings, [&] { return remote.runningProcesses(); }, remote.devices());
        window->walletPage()->setAddress(settings.stringValue(QString::fromLatin1(keys::walletAddress)));
        if (benchmark)
            window->dashboard()->setBenchmark(benchmark->report, benchmark->atUtc);
        window->dashboard()->setReadings([&](const QString& device) {
            return readingFromJson(
                remote.status().value(QStringLiteral("readings")).toObject().value(device).toObject());
        });
        tray = std::make_unique<ui::Tray>(&remote, window.get());
        wireDesktop(*window, *tray, settings, instance);
        showWallet(wallet.get(), *window, *tray);
        QObject::connect(&remote, &control::RemoteScheduler::commandFailed, window.get(),
            [&](const QString& why) { window->statusBar()->showMessage(why, 10000); });
        QObject::connect(window.get(), &MainWindow::enrolRequested, window.get(), [&] {
            if (!machine) {
                // The wizard's pre-flight shows this machine's evidence; bound to a throwaway
                // session key, since this window joins no network.
                auto identity = Ed25519PrivateKey::loadOrCreate(runtime.paths.nodeIdentityFile());
                auto session = X25519PrivateKey::generate();
                if (!identity || !session) {
                    window->statusBar()->showMessage(
                        QCoreApplication::translate("Contributor", "The setup could not be saved: %1")
                            .arg(identity ? QString() : identity.error().message),
                        15000);
                    return;
                }
                machine.emplace(probeMachine(identity->publicKey(), session->publicKey()));
            }
            QString why;
            std::optional<BenchmarkRecord> record;
            if (runEnrolment(window.get(), machine->found, machine->evidence, machine->offersGpu, settings, dataDir,
                    clock, &why, &record)) {
                if (record)
                    window->dashboard()->setBenchmark(record->report, record->atUtc);
                window->walletPage()->setAddress(settings.stringValue(QString::fromLatin1(keys::walletAddress)));
                window->statusBar()->showMessage(QCoreApplication::translate("Contributor",
                                                     "Set up again. The new network is joined when the service "
                                                     "restarts; limits apply now."),
                    15000);
            } else if (!why.isEmpty()) {
                window->statusBar()->showMessage(
                    QCoreApplication::translate("Contributor", "The setup could not be saved: %1").arg(why), 15000);
            }
        });
        showStatus(s);
        window->statusBar()->showMessage(remote.isAttached() ? watching : QString());
        if (wasVisible)
            window->show();
    };
    build();
    QObject::connect(&settings, &Settings::changed, qApp, [&](const QString& key, const QVariant& v) {
        if (key != QLatin1String(keys::uiLanguage))
            return;
        ui::installLanguage(v.toString());
        QTimer::singleShot(0, qApp, [&] { build(); });
    });
    QObject::connect(&remote, &control::RemoteScheduler::statusReceived, qApp, [&](const QJsonObject& s) {
        if (openLedger(s))
            window->attachLedger(book ? &*book : nullptr, testTon());
        const QDateTime written = QFileInfo(settings.filePath()).lastModified();
        if (written != settingsWritten) {
            settingsWritten = written;
            if (auto ok = settings.reload(); !ok)
                log->warn("settings: {}", ok.error().message.toStdString());
        }
        showStatus(s);
    });
    QObject::connect(&remote, &control::RemoteScheduler::attachedChanged, qApp, [&](bool attached, const QString& why) {
        if (attached) {
            log->info("attached to the background service again");
            window->statusBar()->showMessage(watching);
            tray->clearError();
            return;
        }
        log->warn("the background service stopped answering: {}", why.toStdString());
        const QString line = QCoreApplication::translate("Contributor",
            "The background service stopped answering (%1). Start it again with 'systemctl --user start "
            "cocoon-contributor'; this window reconnects by itself.")
                                 .arg(why);
        window->statusBar()->showMessage(line);
        window->showNetwork(line);
        tray->notifyError(line);
    });
    remote.start();
    if (wallet)
        wallet->monitor->refresh();
    QTextStream(stdout) << watching << Qt::endl;
    log->info("window attached to the background service (process {})", first.value(QStringLiteral("pid")).toInteger());

    // Test and documentation hook, as in the app's own --screenshots: after a few status rounds.
    int statuses = 0;
    int rc = 0;
    if (!screenshotsDir.isEmpty()) {
        QDir().mkpath(screenshotsDir);
        QObject::connect(&remote, &control::RemoteScheduler::statusReceived, qApp, [&] {
            if (++statuses != 3)
                return;
            QStringList problems;
            const QStringList files = window->saveScreenshots(screenshotsDir, QSize(1280, 800), &problems);
            QTextStream(stdout) << QCoreApplication::translate("Contributor", "Screenshots saved: %1")
                                       .arg(files.join(QStringLiteral(", ")))
                                << Qt::endl;
            for (const QString& p : problems)
                QTextStream(stdout) << QCoreApplication::translate("Contributor", "Screenshot problem: %1").arg(p)
                                    << Qt::endl;
            rc = problems.isEmpty() ? 0 : 3;
            QCoreApplication::quit();
        });
    }
    const int exitCode = QCoreApplication::exec();
    tray.reset();
    window.reset();
    settings.setWriter({});
    return exitCode != 0 ? exitCode : rc;
}

} // namespace cocoon::app
