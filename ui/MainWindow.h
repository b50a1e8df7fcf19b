#pragma once
#include <QMainWindow>

#include <map>

class QLabel;
class QListWidget;
class QVBoxLayout;

namespace cocoon {
namespace sched {
class Governor;
struct StateChange;
} // namespace sched

/// The desktop app's window. Until the worker core and network land it shows what this machine
/// offers and says plainly that nothing is being contributed yet.
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
    QLabel* tierLabel() const { return m_tier; }
    /// Test hook: the text shown for a device ("cpu", "gpu0").
    QString deviceStateText(const QString& device) const;
    QListWidget* timeline() const { return m_timeline; }

private:
    void refreshStates();
    static QString timelineText(const sched::StateChange& change);

    QLabel* m_status = nullptr;
    QLabel* m_tier = nullptr;
    QVBoxLayout* m_layout = nullptr;
    sched::Governor* m_governor = nullptr;
    std::map<QString, QLabel*> m_stateLabels;
    QListWidget* m_timeline = nullptr;
};

} // namespace cocoon
