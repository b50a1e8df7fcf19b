#pragma once
// Activity: the "why was it paused" timeline (every run/pause change with its reasons, from the
// governor) beside the log viewer — the app's own log, live, filtered by level, subsystem and text.
// The log is read from the in-memory ring (common/Logging.h) only while the page is visible.
#include "common/Logging.h"

#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QLineEdit;
class QListWidget;
class QTableWidget;

namespace cocoon::sched {
class Scheduler;
struct StateChange;
} // namespace cocoon::sched

namespace cocoon::ui {

class ActivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(QWidget* parent = nullptr);

    void attachScheduler(sched::Scheduler* scheduler);
    /// Where the log lines come from: this process's ring (the default), or a headless
    /// instance's lines fetched over the control channel. `count` grows with every new line.
    void setLogSource(std::function<std::uint64_t()> count, std::function<std::vector<log::LogLine>()> lines);
    /// Reads the log ring again (the timer calls it while visible; tests call it directly).
    void refreshLog();

    // Test hooks.
    QListWidget* timeline() const { return m_timeline; }
    QTableWidget* logTable() const { return m_log; }
    QComboBox* levelBox() const { return m_level; }
    QComboBox* subsystemBox() const { return m_subsystem; }
    QLineEdit* searchBox() const { return m_search; }

    static QString timelineText(const sched::StateChange& change);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QListWidget* m_timeline = nullptr;
    QTableWidget* m_log = nullptr;
    QComboBox* m_level = nullptr;
    QComboBox* m_subsystem = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer m_timer;
    std::uint64_t m_seen = ~0ull;
    std::function<std::uint64_t()> m_count;
    std::function<std::vector<log::LogLine>()> m_lines;
};

} // namespace cocoon::ui
