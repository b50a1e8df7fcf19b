#pragma once
// What a window needs from scheduling, whichever process runs it: the decisions per device, the
// "why was it paused" history, and the owner's pause / resume / snooze. The Governor implements it
// in-process; control::RemoteScheduler implements it over the control channel of a headless
// instance the window attached to. Views hold a Scheduler*, never a Governor*.
#include "sched/Policy.h"
#include "sched/StateHistory.h"

#include <QJsonObject>
#include <QObject>

#include <chrono>
#include <optional>

namespace cocoon::sched {

class Scheduler : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QStringList devices() const = 0;
    virtual Decision decision(const QString& device) const = 0;
    virtual const StateHistory& history() const = 0;
    virtual std::optional<QDateTime> snoozedUntil() const = 0;
    /// Names of the processes running now (the exclusive-apps picker).
    virtual QStringList runningProcesses() const = 0;
    /// Sources, the latest snapshot, the snooze and each device's decision, as the control
    /// channel's status carries them under "scheduler" (docs/protocol.md#control-channel).
    virtual QJsonObject statusJson() const = 0;

    virtual void pause() = 0;
    virtual void resume() = 0;
    /// 15 min, 1 h, or until the next local midnight, from now.
    virtual void snooze(SnoozeLength length) = 0;
    virtual void snoozeFor(std::chrono::minutes length) = 0;

signals:
    /// The decision or its wording changed (views refresh on it).
    void decisionChanged(const QString& device, const cocoon::sched::Decision& decision);
    /// Every change of run/pause state, duty or reasons (what the "why was it paused" timeline shows).
    void stateChanged(const cocoon::sched::StateChange& change);
};

} // namespace cocoon::sched
