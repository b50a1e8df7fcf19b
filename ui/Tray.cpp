#include "Tray.h"

#include "sched/Scheduler.h"

#include <QAction>
#include <QIcon>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QWidget>

namespace cocoon::ui {

Tray::Tray(sched::Scheduler* scheduler, QWidget* window, QObject* parent)
    : QObject(parent)
    , m_scheduler(scheduler)
    , m_window(window)
    , m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    const auto add = [&](const QString& name, const QString& text, auto slot) {
        QAction* a = m_menu->addAction(text, this, slot);
        a->setObjectName(name);
        return a;
    };
    add(QStringLiteral("trayOpen"), tr("&Open Cocoon Contributor"), [this] { openWindow(); });
    m_menu->addSeparator();
    add(QStringLiteral("trayPause"), tr("&Pause"), [this] { m_scheduler->pause(); });
    add(QStringLiteral("trayResume"), tr("&Resume"), [this] { m_scheduler->resume(); });
    auto* snooze = m_menu->addMenu(tr("&Snooze"));
    const auto addSnooze = [&](const QString& name, const QString& text, sched::SnoozeLength length) {
        QAction* a = snooze->addAction(text, this, [this, length] { m_scheduler->snooze(length); });
        a->setObjectName(name);
    };
    addSnooze(QStringLiteral("traySnooze15"), tr("For 15 minutes"), sched::SnoozeLength::Minutes15);
    addSnooze(QStringLiteral("traySnooze60"), tr("For 1 hour"), sched::SnoozeLength::Hour1);
    addSnooze(QStringLiteral("traySnoozeTomorrow"), tr("Until tomorrow"), sched::SnoozeLength::UntilTomorrow);
    m_menu->addSeparator();
    add(QStringLiteral("trayQuit"), tr("&Quit"), [this] { emit quitRequested(); });
    m_icon.setContextMenu(m_menu);
    connect(&m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
            openWindow();
    });
    connect(scheduler, &sched::Scheduler::decisionChanged, this, &Tray::refresh);
    connect(scheduler, &sched::Scheduler::stateChanged, this, &Tray::onStateChanged);
    refresh();
}

Tray::~Tray()
{
    delete m_menu;
}

QIcon Tray::iconFor(State state)
{
    // The app icon with a state badge in the corner: colour plus shape, so it reads without colour.
    QIcon base(QStringLiteral(":/icons/cocoon-contributor.svg"));
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        base.paint(&p, pm.rect());
        const qreal r = size * 0.22;
        const QPointF c(size - r - 0.5, size - r - 0.5);
        static const QColor colours[]
            = {QColor(46, 160, 67), QColor(230, 162, 0), QColor(120, 120, 120), QColor(200, 40, 40)};
        p.setPen(QPen(Qt::white, std::max(1.0, size / 24.0)));
        p.setBrush(colours[int(state)]);
        p.drawEllipse(c, r, r);
        p.setPen(QPen(Qt::white, std::max(1.0, size / 20.0)));
        if (state == State::Paused) {
            p.drawLine(QPointF(c.x() - r * 0.3, c.y() - r * 0.45), QPointF(c.x() - r * 0.3, c.y() + r * 0.45));
            p.drawLine(QPointF(c.x() + r * 0.3, c.y() - r * 0.45), QPointF(c.x() + r * 0.3, c.y() + r * 0.45));
        } else if (state == State::Error) {
            p.drawLine(QPointF(c.x(), c.y() - r * 0.5), QPointF(c.x(), c.y() + r * 0.1));
            p.drawPoint(QPointF(c.x(), c.y() + r * 0.45));
        }
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

bool Tray::show()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return false;
    m_icon.show();
    return true;
}

QString Tray::toolTip() const
{
    switch (m_state) {
    case State::Running:
        return tr("Cocoon Contributor: working");
    case State::Throttled:
        return tr("Cocoon Contributor: working gently (%1)").arg(m_reason);
    case State::Paused:
        return tr("Cocoon Contributor: paused — %1").arg(m_reason);
    case State::Error:
        return tr("Cocoon Contributor: %1").arg(m_error);
    }
    return {};
}

void Tray::refresh()
{
    bool anyRun = false, anyThrottled = false;
    QStringList reasons;
    int minDuty = 100;
    for (const QString& d : m_scheduler->devices()) {
        const sched::Decision dec = m_scheduler->decision(d);
        anyRun = anyRun || dec.run;
        if (dec.run && dec.dutyPercent < 100) {
            anyThrottled = true;
            minDuty = std::min(minDuty, dec.dutyPercent);
        }
        for (const QString& e : dec.explanations) {
            if (!reasons.contains(e))
                reasons << e;
        }
    }
    const State previous = m_state;
    if (!m_error.isEmpty())
        m_state = State::Error;
    else if (!anyRun)
        m_state = State::Paused;
    else if (anyThrottled)
        m_state = State::Throttled;
    else
        m_state = State::Running;
    m_reason = m_state == State::Throttled ? tr("%1% of the time").arg(minDuty) : reasons.join(QStringLiteral("; "));
    // The icon is painted only when the state changes (the wording, e.g. a "resuming in N s"
    // countdown, changes every tick and only touches the tool tip).
    if (m_state != previous || m_icon.icon().isNull())
        m_icon.setIcon(iconFor(m_state));
    m_icon.setToolTip(toolTip());
}

void Tray::onStateChanged(const sched::StateChange& change)
{
    // One notification when a game takes over, not one per device or per poll.
    const bool game = !change.run && std::any_of(change.reasons.begin(), change.reasons.end(), [](sched::Reason r) {
        return r == sched::Reason::Fullscreen || r == sched::Reason::ExclusiveApp;
    });
    if (game && !m_pausedForGame)
        notify(tr("Paused for you"), change.explanations.join(QStringLiteral("; ")));
    if (change.run || game)
        m_pausedForGame = game;
}

void Tray::notifyPayout(const QString& amount, bool testTon)
{
    notify(tr("Payout received"),
        testTon ? tr("%1 test TON arrived in your wallet.").arg(amount)
                : tr("%1 TON arrived in your wallet.").arg(amount));
}

void Tray::notifyError(const QString& text)
{
    m_error = text;
    refresh();
    notify(tr("Cocoon Contributor needs attention"), text, QSystemTrayIcon::Warning);
}

void Tray::clearError()
{
    m_error.clear();
    refresh();
}

void Tray::notify(const QString& title, const QString& text, QSystemTrayIcon::MessageIcon icon)
{
    m_lastNotification = title + QStringLiteral(": ") + text;
    if (m_notify && m_icon.isVisible())
        m_icon.showMessage(title, text, icon, 8000);
}

QAction* Tray::action(const QString& objectName) const
{
    return m_menu->findChild<QAction*>(objectName);
}

void Tray::openWindow()
{
    if (!m_window)
        return;
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
}

} // namespace cocoon::ui
