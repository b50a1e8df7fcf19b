#pragma once
#include "common/Clock.h"
#include "control/NodeStatus.h"

#include <QMainWindow>
#include <QTimer>

#include <functional>

class QLabel;
class QTabWidget;
class QVBoxLayout;

namespace cocoon {
class Settings;
namespace ledger {
class Ledger;
}
namespace ui {
class ActivityPage;
class DashboardPage;
class EarningsPage;
class JobsPage;
class LimitsEditor;
class Tray;
class WalletPage;
} // namespace ui
namespace sched {
class Scheduler;
struct StateChange;
} // namespace sched

/// The desktop app's window: the Dashboard (network, privacy tier, a card per device), then, as
/// their parts are attached, Earnings, Wallet and Jobs (a ledger), Limits (the settings) and
/// Activity (the governor's timeline and the log). The core runs off the GUI thread; every page
/// reads through signals, models and short reads while it is visible.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using DeviceLine = control::DeviceLine;

    MainWindow(const Clock& clock, const QList<DeviceLine>& devices, QWidget* parent = nullptr);

    QLabel* statusLabel() const { return m_status; }

    /// The Dashboard's device states, the Activity page, and the Contribute menu (pause, resume,
    /// snooze). The scheduler (in-process governor or attached instance) outlives the window.
    void attachScheduler(sched::Scheduler* scheduler);
    /// The privacy tier this node earns ("sealed" / "confidential") and why not more.
    void showTier(bool confidential, const QStringList& reasons);
    /// The network line: connected, reconnecting and why, or not configured.
    void showNetwork(const QString& text);
    /// Adds the Earnings, Wallet and Jobs pages over `ledger` (may be null: they say why they are
    /// empty); `testTon` marks the demo network's ledger. Called again to switch ledgers.
    void attachLedger(ledger::Ledger* ledger, bool testTon);
    /// Adds the Limits page over `settings`; `processes` lists running program names.
    void attachLimits(Settings& settings, std::function<QStringList()> processes, const QStringList& devices);
    /// With a visible tray icon and `closeToTray`, closing the window hides it instead of quitting.
    void setTray(ui::Tray* tray, bool closeToTray);
    /// Ticks File > Start at login (without emitting autostartToggled).
    void setAutostart(bool on);
    /// Ticks the current choice in File > Language ("system", "en", "ru", "es").
    void setLanguage(const QString& choice);

    QTabWidget* pages() const { return m_tabs; }
    ui::DashboardPage* dashboard() const { return m_dashboard; }
    ui::EarningsPage* earningsPage() const { return m_earnings; }
    ui::WalletPage* walletPage() const { return m_wallet; }
    ui::JobsPage* jobsPage() const { return m_jobs; }
    ui::LimitsEditor* limitsPage() const { return m_limits; }
    ui::ActivityPage* activityPage() const { return m_activity; }
    /// Shows every page in turn at `size` and saves each as `DIR/NN-name.png` (the screenshot test,
    /// documentation). Returns the files written, or a description of what went wrong (an error
    /// dialog up, a page that could not be saved) in `problems`.
    QStringList saveScreenshots(const QString& dir, QSize size, QStringList* problems);
    QLabel* tierLabel() const { return m_tier; }
    /// Test hook: the state shown for a device ("cpu", "gpu0").
    QString deviceStateText(const QString& device) const;

signals:
    /// File > Set up again… (the app runs the enrolment wizard).
    void enrolRequested();
    /// File > Start at login was toggled.
    void autostartToggled(bool on);
    /// File > Language: the owner chose "system", "en", "ru" or "es".
    void languageChosen(const QString& choice);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void addPage(QWidget* page, const QString& title, int rank);
    void refreshCurrentPage();

    const Clock& m_clock;
    QLabel* m_status = nullptr;
    QLabel* m_tier = nullptr;
    QVBoxLayout* m_layout = nullptr;
    sched::Scheduler* m_scheduler = nullptr;
    QTabWidget* m_tabs = nullptr;
    ui::DashboardPage* m_dashboard = nullptr;
    ui::EarningsPage* m_earnings = nullptr;
    ui::WalletPage* m_wallet = nullptr;
    ui::JobsPage* m_jobs = nullptr;
    ui::LimitsEditor* m_limits = nullptr;
    ui::ActivityPage* m_activity = nullptr;
    ui::Tray* m_tray = nullptr;
    bool m_closeToTray = false;
    bool m_toldAboutTray = false;
    QTimer m_refresh;
};

} // namespace cocoon
