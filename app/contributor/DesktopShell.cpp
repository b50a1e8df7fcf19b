#include "DesktopShell.h"

#include "DashboardPage.h"
#include "Language.h"
#include "WalletPage.h"
#include "common/Autostart.h"
#include "common/SingleInstance.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "ledger/Ledger.h"

#include <QCoreApplication>
#include <QDir>
#include <QStatusBar>
#include <QTextStream>

namespace cocoon::app {

DesktopShell::DesktopShell(
    const Clock& clock, Settings& settings, const QString& dataDir, SingleInstance* instance, ShellSource source)
    : m_clock(clock)
    , m_settings(settings)
    , m_dataDir(dataDir)
    , m_instance(instance)
    , m_source(std::move(source))
{
    // Another language: installed at once, and the window and tray are built again in it (after
    // the menu that chose it has returned).
    connect(&m_settings, &Settings::changed, this, [this](const QString& key, const QVariant& v) {
        if (key != QLatin1String(keys::uiLanguage))
            return;
        ui::installLanguage(v.toString());
        QTimer::singleShot(0, this, [this] { build(); });
    });
}

std::unique_ptr<DesktopShell> DesktopShell::overNode(node::ContributorNode& node, const Clock& clock,
    Settings& settings, const QString& dataDir, SingleInstance* instance)
{
    ShellSource source;
    source.scheduler = &node.governor();
    source.status = [&node] { return node.status(); };
    source.reading = [&node](const QString& device) { return node.readings().read(device); };
    source.ledger = [&node] { return node.activeLedger(); };
    source.testTon = [&node] { return node.testTon(); };
    source.machine = [&node](QString*) { return &node.machine(); };
    source.wallet = [&node] { return node.wallet(); };
    source.price = [&node] { return node.price(QStringLiteral("bench.probe")); };
    source.setUpAgainMessage = QCoreApplication::translate(
        "Contributor", "Set up again. The new network is joined at the next start; limits apply now.");
    auto shell = std::make_unique<DesktopShell>(clock, settings, dataDir, instance, std::move(source));
    DesktopShell* s = shell.get();
    using Node = node::ContributorNode;
    connect(&node, &Node::networkChanged, s, &DesktopShell::showNetwork);
    connect(&node, &Node::demoJobCompleted, s, [s](const QString& summary) { s->showNetwork(summary); });
    connect(&node, &Node::jobChanged, s, &DesktopShell::setJob);
    connect(&node, &Node::alarm, s, &DesktopShell::notifyError);
    connect(&node, &Node::alarmCleared, s, &DesktopShell::clearError);
    connect(&node, &Node::demoLedgerOpened, s, &DesktopShell::reattachLedger);
    return shell;
}

DesktopShell::~DesktopShell()
{
    m_tray.reset();
    m_window.reset();
}

void DesktopShell::setBenchmark(std::optional<BenchmarkRecord> record)
{
    m_benchmark = std::move(record);
    if (m_window && m_benchmark)
        m_window->dashboard()->setBenchmark(m_benchmark->report, m_benchmark->atUtc);
    refreshForecast();
}

void DesktopShell::refreshForecast()
{
    if (!m_window)
        return;
    if (!m_forecast.isActive()) {
        connect(&m_forecast, &QTimer::timeout, this, &DesktopShell::refreshForecast, Qt::UniqueConnection);
        m_forecast.start(std::chrono::minutes(1));
    }
    ui::DashboardPage* dashboard = m_window->dashboard();
    const auto price = m_source.price ? m_source.price() : std::nullopt;
    const auto inputs
        = m_benchmark ? node::forecastInputs(m_settings, m_benchmark->report, double(price.value_or(0))) : std::nullopt;
    if (!inputs)
        return dashboard->setForecast(std::nullopt, false,
            tr("run the benchmark (File > Set up again…) to see what this machine should earn a day."));
    if (!price)
        return dashboard->setForecast(std::nullopt, false, tr("waiting for the coordinator's prices."));
    dashboard->setForecast(node::forecastEarnings(*inputs, m_source.ledger(), m_clock.nowUtc().toMSecsSinceEpoch()),
        m_source.testTon(), {});
}

void DesktopShell::build()
{
    const bool wasVisible = !m_window || m_window->isVisible();
    m_tray.reset();
    m_window.reset();
    const control::NodeStatus s = m_source.status();
    m_window = std::make_unique<MainWindow>(m_clock, s.devices);
    m_window->attachScheduler(m_source.scheduler);
    m_window->showTier(s.confidential, s.tierReasons);
    m_window->attachLedger(m_source.ledger(), m_source.testTon());
    sched::Scheduler* scheduler = m_source.scheduler;
    m_window->attachLimits(
        m_settings, [scheduler] { return scheduler->runningProcesses(); }, scheduler->devices());
    m_window->walletPage()->setAddress(m_settings.stringValue(QString::fromLatin1(keys::walletAddress)));
    if (m_benchmark)
        m_window->dashboard()->setBenchmark(m_benchmark->report, m_benchmark->atUtc);
    refreshForecast();
    m_window->dashboard()->setReadings(m_source.reading);
    m_tray = std::make_unique<ui::Tray>(scheduler, m_window.get());
    wireDesktop();
    showWallet();
    connect(m_window.get(), &MainWindow::enrolRequested, m_window.get(), [this] { onEnrolRequested(); });
    m_window->showNetwork(m_network.isEmpty() ? s.network : m_network);
    for (const auto& [device, kernel] : m_jobs)
        m_window->dashboard()->setJob(device, kernel);
    if (m_source.decorate)
        m_source.decorate(*m_window);
    if (wasVisible)
        m_window->show();
}

void DesktopShell::reattachLedger()
{
    if (m_window)
        m_window->attachLedger(m_source.ledger(), m_source.testTon());
}

void DesktopShell::showNetwork(const QString& line)
{
    m_network = line;
    if (m_window)
        m_window->showNetwork(line);
}

void DesktopShell::setJob(const QString& device, const QString& kernel)
{
    if (kernel.isEmpty())
        m_jobs.erase(device);
    else
        m_jobs[device] = kernel;
    if (m_window)
        m_window->dashboard()->setJob(device, kernel);
}

void DesktopShell::notifyError(const QString& message)
{
    if (m_tray)
        m_tray->notifyError(message);
}

void DesktopShell::clearError()
{
    if (m_tray)
        m_tray->clearError();
}

void DesktopShell::saveScreenshotsWhen(const QString& dir, std::function<bool()> ready)
{
    QDir().mkpath(dir);
    connect(&m_screenshots, &QTimer::timeout, this, [this, dir, ready = std::move(ready)] {
        if (!ready())
            return;
        m_screenshots.stop();
        QStringList problems;
        const QStringList files = m_window->saveScreenshots(dir, QSize(1280, 800), &problems);
        QTextStream(stdout)
            << QCoreApplication::translate("Contributor", "Screenshots saved: %1").arg(files.join(QStringLiteral(", ")))
            << Qt::endl;
        for (const QString& p : problems)
            QTextStream(stdout) << QCoreApplication::translate("Contributor", "Screenshot problem: %1").arg(p)
                                << Qt::endl;
        m_screenshotsRc = problems.isEmpty() ? 0 : 3;
        QCoreApplication::quit();
    });
    m_screenshots.start(250);
}

void DesktopShell::onEnrolRequested()
{
    QString why;
    const node::Machine* machine = m_source.machine(&why);
    if (!machine) {
        m_window->statusBar()->showMessage(
            QCoreApplication::translate("Contributor", "The setup could not be saved: %1").arg(why), 15000);
        return;
    }
    std::optional<BenchmarkRecord> record;
    if (runEnrolment(m_window.get(), machine->found, machine->evidence, machine->offersGpu, m_settings, m_dataDir,
            m_clock, &why, &record)) {
        if (record)
            setBenchmark(std::move(record));
        m_window->walletPage()->setAddress(m_settings.stringValue(QString::fromLatin1(keys::walletAddress)));
        m_window->statusBar()->showMessage(m_source.setUpAgainMessage, 15000);
    } else if (!why.isEmpty()) {
        m_window->statusBar()->showMessage(
            QCoreApplication::translate("Contributor", "The setup could not be saved: %1").arg(why), 15000);
    }
}

void DesktopShell::showWallet()
{
    node::WalletWatch* wallet = m_source.wallet ? m_source.wallet() : nullptr;
    if (!wallet)
        return;
    connect(
        wallet->monitor.get(), &wallet::WalletMonitor::updated, m_window->walletPage(), &ui::WalletPage::showStatus);
    ui::Tray* tray = m_tray.get();
    connect(wallet->monitor.get(), &wallet::WalletMonitor::updated, tray, [tray](const wallet::WalletStatus& s) {
        if (s.known && !s.cached && s.newPayouts > 0)
            tray->notifyPayout(ledger::formatTon(s.balanceNano), false);
    });
}

void DesktopShell::wireDesktop()
{
    MainWindow& window = *m_window;
    ui::Tray& tray = *m_tray;
    tray.setNotificationsEnabled(m_settings.boolValue(QString::fromLatin1(keys::uiNotifications)));
    tray.show();
    window.setTray(&tray, m_settings.boolValue(QString::fromLatin1(keys::uiCloseToTray)));
    connect(&tray, &ui::Tray::quitRequested, qApp, &QCoreApplication::quit);
    connect(&m_settings, &Settings::changed, &window, [&window, &tray](const QString& key, const QVariant& v) {
        if (key == QLatin1String(keys::uiNotifications))
            tray.setNotificationsEnabled(v.toBool());
        else if (key == QLatin1String(keys::uiCloseToTray))
            window.setTray(&tray, v.toBool());
    });
    if (m_instance) {
        connect(m_instance, &SingleInstance::activationRequested, &window, [&window] {
            window.show();
            window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
            window.raise();
            window.activateWindow();
        });
    }
    window.setAutostart(autostart::isEnabled());
    connect(&window, &MainWindow::autostartToggled, &window, [&window](bool on) {
        auto ok = autostart::setEnabled(on, QCoreApplication::applicationFilePath());
        window.setAutostart(ok ? on : !on);
        window.statusBar()->showMessage(!ok
                ? QCoreApplication::translate("Contributor", "Start at login could not be changed: %1").arg(ok.error())
                : on ? QCoreApplication::translate("Contributor", "Cocoon Contributor will start when you log in (%1).")
                           .arg(autostart::location())
                     : QCoreApplication::translate("Contributor", "Cocoon Contributor will no longer start at login."),
            10000);
    });
    window.setLanguage(m_settings.stringValue(QString::fromLatin1(keys::uiLanguage)));
    connect(&window, &MainWindow::languageChosen, &window, [this, &window](const QString& code) {
        if (auto ok = m_settings.set(QString::fromLatin1(keys::uiLanguage), code); !ok)
            window.statusBar()->showMessage(ok.error().message, 10000);
    });
}

} // namespace cocoon::app
