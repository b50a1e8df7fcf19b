#pragma once
// The "why was it paused" timeline: every change of a device's run/pause state with its reasons
// and time. An in-memory ring of the newest entries; the ledger (SQLite) subscribes to
// Governor::stateChanged to keep the full history once it exists.
#include "sched/Policy.h"

#include <QJsonObject>

#include <deque>

namespace cocoon::sched {

struct StateChange
{
    QDateTime at; ///< UTC
    QString device;
    bool run = false;
    int dutyPercent = 0;
    QList<Reason> reasons;
    QStringList explanations;
};

class StateHistory
{
public:
    explicit StateHistory(std::size_t capacity = 1000)
        : m_capacity(std::max<std::size_t>(capacity, 1))
    { }
    void add(StateChange change)
    {
        if (m_entries.size() == m_capacity)
            m_entries.pop_front();
        m_entries.push_back(std::move(change));
    }
    /// Oldest first.
    const std::deque<StateChange>& entries() const { return m_entries; }
    std::size_t capacity() const { return m_capacity; }

private:
    std::size_t m_capacity;
    std::deque<StateChange> m_entries;
};

/// A stable name for each reason (logs, JSON, the ledger).
QString reasonName(Reason reason);
/// {"at", "device", "run", "duty_percent", "reasons": [names], "explanations": [text]}
QJsonObject toJson(const StateChange& change);

} // namespace cocoon::sched
