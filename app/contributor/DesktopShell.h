#pragma once
// The window and tray of cocoon-contributor, built the same way whether the app runs its own core
// (node::ContributorNode in this process) or shows a headless instance through its control
// channel: the pages over a Scheduler, a ledger and the node's typed status; the desktop chrome
// (tray, notifications, close to tray, start at login, language, single-instance raise); the
// setup wizard; the wallet's readings. Another language rebuilds both in it.
#include "Desktop.h"
#include "MainWindow.h"
#include "Tray.h"
#include "control/NodeStatus.h"
#include "node/ContributorNode.h"

#include <QObject>

#include <functional>
#include <memory>

namespace cocoon {
class Settings;
class SingleInstance;
} // namespace cocoon

namespace cocoon::app {

struct ShellSource
{
    sched::Scheduler* scheduler = nullptr;
    /// The node's status now (devices, tier, network line, jobs).
    std::function<control::NodeStatus()> status;
    /// A device's live figures.
    std::function<control::DeviceReading(const QString& device)> reading;
    /// The ledger the pages show, and whether it holds the demo's test TON.
    std::function<ledger::Ledger*()> ledger;
    std::function<bool()> testTon;
    /// What the setup wizard shows of this machine (null: it cannot be probed now; `why` says so).
    std::function<const node::Machine*(QString* why)> machine;
    std::function<node::WalletWatch*()> wallet; ///< the payout wallet's watch (null: none)
    /// The coordinator's price per benchmark (probe) unit, for the forecast; nullopt: not known.
    std::function<std::optional<std::uint64_t>()> price;
    /// The status bar's words after "Set up again" (the network is joined at the next start).
    QString setUpAgainMessage;
    /// More for each window built (an attached window's log source and status bar).
    std::function<void(MainWindow& window)> decorate;
};

class DesktopShell : public QObject
{
    Q_OBJECT
public:
    DesktopShell(
        const Clock& clock, Settings& settings, const QString& dataDir, SingleInstance* instance, ShellSource source);
    /// The window over this process's own core, following its network line, jobs, alarms and
    /// ledger (built when the node has started: build()).
    static std::unique_ptr<DesktopShell> overNode(node::ContributorNode& node, const Clock& clock, Settings& settings,
        const QString& dataDir, SingleInstance* instance);
    ~DesktopShell() override;

    MainWindow* window() const { return m_window.get(); }
    ui::Tray* tray() const { return m_tray.get(); }
    void setBenchmark(std::optional<BenchmarkRecord> record);

    /// Builds the window and tray (again, in the language installed now), keeping visibility.
    void build();
    /// The ledger or its kind changed: the pages show the new one.
    void reattachLedger();
    void showNetwork(const QString& line);
    void setJob(const QString& device, const QString& kernel);
    void notifyError(const QString& message);
    void clearError();
    /// Test and documentation hook: once `ready` says so (asked every 250 ms), every page is saved
    /// as a PNG at 1280x800 into `dir` and the app quits; screenshotsRc() is then 3 if an error
    /// dialog was up or a page could not be saved.
    void saveScreenshotsWhen(const QString& dir, std::function<bool()> ready);
    int screenshotsRc() const { return m_screenshotsRc; }

private:
    void wireDesktop();
    void showWallet();
    void onEnrolRequested();

    const Clock& m_clock;
    Settings& m_settings;
    QString m_dataDir;
    SingleInstance* m_instance;
    ShellSource m_source;
    std::optional<BenchmarkRecord> m_benchmark;
    QTimer m_forecast; ///< the Dashboard's forecast, checked against the ledger every minute
    void refreshForecast();
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ui::Tray> m_tray;
    QString m_network;
    std::map<QString, QString> m_jobs;
    QTimer m_screenshots;
    int m_screenshotsRc = 0;
};

} // namespace cocoon::app
