#include "Attached.h"

#include "ActivityPage.h"
#include "DesktopShell.h"
#include "Language.h"
#include "ProcessSetup.h"
#include "common/Logging.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "control/RemoteScheduler.h"
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "ledger/Ledger.h"

#include <QCoreApplication>
#include <QFileInfo>
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
    const auto status = [&] { return control::NodeStatus::fromJson(remote.status()); };
    // The instance writes the settings file; this window asks it to, and re-reads the file when
    // it changed (cocoonctl, another window, the instance itself).
    settings.setWriter(control::settingsWriter(client));
    QDateTime settingsWritten = QFileInfo(settings.filePath()).lastModified();

    // The ledger the instance keeps (the demo network's or the real one), read only.
    std::optional<ledger::Ledger> book;
    QString bookPath;
    const auto openLedger = [&](const control::NodeStatus& s) {
        if (s.ledgerFile == bookPath && (book || s.ledgerFile.isEmpty()))
            return false;
        bookPath = s.ledgerFile;
        book.reset();
        if (bookPath.isEmpty())
            return true;
        if (auto opened = ledger::Ledger::openReadOnly(bookPath, clock))
            book.emplace(std::move(*opened));
        else
            log->warn("ledger: {}", opened.error().message.toStdString());
        return true;
    };
    openLedger(status());
    auto wallet = node::watchWallet(settings, clock, nullptr); // the balance; the instance records payouts
    const QString watching = QCoreApplication::translate("Contributor",
        "Showing the Cocoon Contributor service running in the background (process %1). Closing this window "
        "leaves it running.")
                                 .arg(first.value(QStringLiteral("pid")).toInteger());

    std::optional<node::Machine> machine; // probed only if the owner opens the setup wizard
    ShellSource source;
    source.scheduler = &remote;
    source.status = status;
    source.reading = [&](const QString& device) {
        const auto s = status();
        const auto it = s.readings.find(device);
        return it == s.readings.end() ? control::DeviceReading {} : it->second;
    };
    source.ledger = [&] { return book ? &*book : nullptr; };
    source.testTon = [&] { return status().testTon; };
    source.machine = [&](QString* why) -> const node::Machine* {
        if (!machine) {
            // The wizard's pre-flight shows this machine's evidence; bound to a throwaway session
            // key, since this window joins no network.
            auto identity = Ed25519PrivateKey::loadOrCreate(runtime.paths.nodeIdentityFile());
            auto session = X25519PrivateKey::generate();
            if (!identity || !session) {
                *why = identity ? QString() : identity.error().message;
                return nullptr;
            }
            alignCudaDeviceOrder();
            machine.emplace(node::probeMachine(identity->publicKey(), session->publicKey(), nvmlLibraryOverride()));
        }
        return &*machine;
    };
    source.wallet = [&wallet] { return wallet.get(); };
    source.setUpAgainMessage = QCoreApplication::translate(
        "Contributor", "Set up again. The new network is joined when the service restarts; limits apply now.");
    source.decorate = [&](MainWindow& window) {
        window.activityPage()->setLogSource([&] { return remote.logCount(); }, [&] { return remote.log(); });
        QObject::connect(&remote, &control::RemoteScheduler::commandFailed, &window,
            [&window](const QString& why) { window.statusBar()->showMessage(why, 10000); });
        window.statusBar()->showMessage(remote.isAttached() ? watching : QString());
    };
    ui::installLanguage(settings.stringValue(QString::fromLatin1(keys::uiLanguage)));
    DesktopShell shell(clock, settings, dataDir, instance, source);
    shell.setBenchmark(loadBenchmark(dataDir));
    const auto showStatus = [&](const control::NodeStatus& s) {
        shell.showNetwork(s.network);
        for (const QString& d : remote.devices()) {
            const auto it = s.jobs.find(d);
            shell.setJob(d, it == s.jobs.end() ? QString() : it->second);
        }
    };
    showStatus(status());
    shell.build();
    QObject::connect(&remote, &control::RemoteScheduler::statusReceived, qApp, [&] {
        const control::NodeStatus s = status();
        if (openLedger(s))
            shell.reattachLedger();
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
            shell.window()->statusBar()->showMessage(watching);
            shell.clearError();
            return;
        }
        log->warn("the background service stopped answering: {}", why.toStdString());
        const QString line = QCoreApplication::translate("Contributor",
            "The background service stopped answering (%1). Start it again with 'systemctl --user start "
            "cocoon-contributor'; this window reconnects by itself.")
                                 .arg(why);
        shell.window()->statusBar()->showMessage(line);
        shell.showNetwork(line);
        shell.notifyError(line);
    });
    remote.start();
    if (wallet)
        wallet->monitor->refresh();
    QTextStream(stdout) << watching << Qt::endl;
    log->info("window attached to the background service (process {})", first.value(QStringLiteral("pid")).toInteger());

    // Test and documentation hook, as in the app's own --screenshots: after a few status rounds.
    int statuses = 0;
    if (!screenshotsDir.isEmpty()) {
        QObject::connect(&remote, &control::RemoteScheduler::statusReceived, qApp, [&] { ++statuses; });
        shell.saveScreenshotsWhen(screenshotsDir, [&] { return statuses >= 3; });
    }
    const int exitCode = QCoreApplication::exec();
    settings.setWriter({});
    return exitCode != 0 ? exitCode : shell.screenshotsRc();
}

} // namespace cocoon::app
