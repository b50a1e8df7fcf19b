#pragma once
#include "common/Clock.h"

#include <QMainWindow>
#include <QTimer>

#include <map>

class QLabel;
class QListWidget;
class QTabWidget;
class QVBoxLayout;

namespace cocoon {
namespace ledger {
class Ledger;
}
namespace ui {
class EarningsPage;
class JobsPage;
class WalletPage;
} // namespace ui
namespace sched {
class Governor;
struct StateChange;
} // namespace sched

/// The desktop app's window: an Overview page (devices, network, tier, what the scheduler decided
/// and why, the pause timeline) and, once a ledger is attached, Earnings, Wallet and Jobs pages.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct DeviceLine
    {
        QString name;
        bool usable = false;
        QString reason;
    };

    explicit MainWindow(const QList<DeviceLine>& devices, QWidget* parent = nullptr);

    QLabel* statusLabel() const { return m_status; }

    /// Shows what the scheduler decided for each device and why, the "why was it paused"
    /// timeline, and the Contribute menu (pause, resume, snooze). The governor outlives the window.
    void attachGovernor(sched::Governor* governor);
    /// The privacy tier this node earns ("sealed" / "confidential") and why not more.
    void showTier(bool confidential, const QStringList& reasons);
    /// The network line: connected, reconnecting and why, or not configured.
    void showNetwork(const QString& text);
    /// Adds the Earnings, Wallet and Jobs pages over `ledger` (may be null: they say why they are
    /// empty); `testTon` marks the demo network's ledger. Called again to switch ledgers.
    void attachLedger(const Clock& clock, ledger::Ledger* ledger, bool testTon);
    QTabWidget* pages() const { return m_tabs; }
    ui::EarningsPage* earningsPage() const { return m_earnings; }
    ui::WalletPage* walletPage() const { return m_wallet; }
    ui::JobsPage* jobsPage() const { return m_jobs; }
    /// Shows every page in turn at `size` and saves each as `DIR/NN-name.png` (the screenshot test,
    /// documentation). Returns the files written, or a description of what went wrong (an error
    /// dialog up, a page that could not be saved) in `problems`.
    QStringList saveScreenshots(const QString& dir, QSize size, QStringList* problems);
    QLabel* tierLabel() const { return m_tier; }
    /// Test hook: the text shown for a device ("cpu", "gpu0").
    QString deviceStateText(const QString& device) const;
    QListWidget* timeline() const { return m_timeline; }

private:
    void refreshStates();
    void refreshCurrentPage();
    static QString timelineText(const sched::StateChange& change);

    QLabel* m_status = nullptr;
    QLabel* m_tier = nullptr;
    QVBoxLayout* m_layout = nullptr;
    sched::Governor* m_governor = nullptr;
    std::map<QString, QLabel*> m_stateLabels;
    QListWidget* m_timeline = nullptr;
    QWidget* m_overview = nullptr;
    QTabWidget* m_tabs = nullptr;
    ui::EarningsPage* m_earnings = nullptr;
    ui::WalletPage* m_wallet = nullptr;
    ui::JobsPage* m_jobs = nullptr;
    QTimer m_refresh;
};

} // namespace cocoon
