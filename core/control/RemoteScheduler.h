#pragma once
// The scheduling of a headless instance, seen from a window attached to it over the control
// channel: decisions and the snooze from "status", the "why was it paused" timeline from
// "history", its log lines from "log", and pause / resume / snooze sent as commands. The window's pages take it where
// they would take the in-process Governor (sched::Scheduler).
#include "common/Logging.h"
#include "config/Settings.h"
#include "control/ControlClient.h"
#include "sched/Scheduler.h"

#include <QJsonObject>
#include <QTimer>

#include <deque>
#include <map>

namespace cocoon::control {

class RemoteScheduler : public sched::Scheduler
{
    Q_OBJECT
public:
    explicit RemoteScheduler(Client& client, QObject* parent = nullptr);

    /// Polls every `interval`: status, then the history after what is already here. The first
    /// poll runs at once.
    void start(std::chrono::milliseconds interval = std::chrono::seconds(1));
    void stop();
    /// One round (tests call it themselves); skipped while the previous round is unanswered.
    void poll();

    /// Takes a status obtained another way (the one that found the instance) as if polled.
    void takeStatus(const QJsonObject& status);

    /// A status has arrived and the instance has not gone away since.
    bool isAttached() const { return m_attached; }
    /// The newest status (app version, ui, network line, tier, devices, earnings...).
    const QJsonObject& status() const { return m_status; }

    QStringList devices() const override;
    sched::Decision decision(const QString& device) const override;
    const sched::StateHistory& history() const override { return m_history; }
    std::optional<QDateTime> snoozedUntil() const override { return m_snoozedUntil; }
    /// Asks the instance (waits for the answer, at most 2 s; empty if it does not come).
    QStringList runningProcesses() const override;
    /// The instance's own, from its latest status.
    QJsonObject statusJson() const override { return m_status.value(QStringLiteral("scheduler")).toObject(); }

    /// The instance's newest log lines (oldest first, at most log::kRecentLines) and how many
    /// have arrived so far (the Activity page's log viewer reads these in place of its own).
    std::vector<log::LogLine> log() const { return {m_log.begin(), m_log.end()}; }
    std::uint64_t logCount() const { return m_logCount; }

    void pause() override;
    void resume() override;
    void snooze(sched::SnoozeLength length) override;
    void snoozeFor(std::chrono::minutes length) override;

signals:
    /// Every status that arrives (a poll or a command's answer).
    void statusReceived(const QJsonObject& status);
    /// Attached (the first status arrived) or no longer (why, in plain words).
    void attachedChanged(bool attached, const QString& why);
    /// A command the owner gave could not be carried out (the message says why).
    void commandFailed(const QString& message);

private:
    void command(const QString& name, const QJsonObject& args = {});
    void lost(const QString& why);
    void fetchHistory();
    void fetchLog();

    Client& m_client;
    QTimer m_timer;
    bool m_polling = false;
    bool m_attached = false;
    QJsonObject m_status;
    std::map<QString, sched::Decision> m_decisions;
    std::optional<QDateTime> m_snoozedUntil;
    sched::StateHistory m_history;
    std::uint64_t m_nextHistory = 0; ///< the sequence number of the next history entry to fetch
    qint64 m_pid = 0; ///< of the instance the history came from (a restarted one starts again at 0)
    std::deque<log::LogLine> m_log;
    std::uint64_t m_nextLog = 0;
    std::uint64_t m_logCount = 0;
};

/// Settings::Writer that sends each change to the instance (settings.set) and waits for its
/// answer: the instance stays the settings file's one writer.
Settings::Writer settingsWriter(Client& client);

} // namespace cocoon::control
