#pragma once
// The system tray: an icon per state (running, throttled, paused, error), a menu with pause/resume,
// snooze 15 min / 1 h / until tomorrow, open and quit, and notifications for what the owner wants to
// know without looking: paused for a game, a payout received, an error. Works without a tray too
// (offscreen, some Wayland desktops): the menu and state still exist, nothing is shown.
#include <QObject>
#include <QSystemTrayIcon>

class QAction;
class QMenu;
class QWidget;

namespace cocoon::sched {
class Scheduler;
struct StateChange;
} // namespace cocoon::sched

namespace cocoon::ui {

class Tray : public QObject
{
    Q_OBJECT
public:
    enum class State { Running, Throttled, Paused, Error };

    /// `window` is shown by "Open" and by clicking the icon.
    Tray(sched::Scheduler* scheduler, QWidget* window, QObject* parent = nullptr);
    ~Tray() override;

    static QIcon iconFor(State state);
    State state() const { return m_state; }
    QString toolTip() const;
    void setNotificationsEnabled(bool on) { m_notify = on; }
    /// Shows the tray icon when the desktop has a tray; false when it has none.
    bool show();
    bool isVisible() const { return m_icon.isVisible(); }

    void notifyPayout(const QString& amount, bool testTon);
    /// An error the owner should see (also puts the icon in the error state until cleared).
    void notifyError(const QString& text);
    void clearError();
    void notify(
        const QString& title, const QString& text, QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information);

    // Test hooks.
    QMenu* menu() const { return m_menu; }
    QAction* action(const QString& objectName) const;
    QString lastNotification() const { return m_lastNotification; }

signals:
    void quitRequested();

private:
    void refresh();
    void onStateChanged(const sched::StateChange& change);
    void openWindow();

    sched::Scheduler* m_scheduler;
    QWidget* m_window;
    QSystemTrayIcon m_icon;
    QMenu* m_menu;
    State m_state = State::Paused;
    QString m_reason;
    QString m_error;
    QString m_lastNotification;
    bool m_notify = true;
    bool m_pausedForGame = false;
};

} // namespace cocoon::ui
