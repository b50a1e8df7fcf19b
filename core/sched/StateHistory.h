#pragma once
// The "why was it paused" timeline: every change of a device's run/pause state with its reasons
// and time. An in-memory ring of the newest entries; the ledger (SQLite) subscribes to
// Governor::stateChanged to keep the full history once it exists.
#include "sched/Policy.h"

#include <QJsonObject>

#include <deque>
#include <optional>

namespace cocoon::sched {

struct StateChange
{
    QDateTime at; ///< UTC
    QString device;
    bool run = false;
    int dutyPercent = 0;
    QList<Reason> reasons;
    QStringList explanations;
    QList<QStringList> arguments; ///< per reason, as in Decision
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
        ++m_added;
    }
    /// Oldest first.
    const std::deque<StateChange>& entries() const { return m_entries; }
    /// How many entries were ever added: the newest entry's sequence number plus one (a reader
    /// over the control channel asks for the entries after the last sequence it has).
    std::uint64_t added() const { return m_added; }
    std::size_t capacity() const { return m_capacity; }

private:
    std::size_t m_capacity;
    std::deque<StateChange> m_entries;
    std::uint64_t m_added = 0;
};

/// A stable name for each reason (logs, JSON, the ledger).
QString reasonName(Reason reason);
std::optional<Reason> reasonFromName(QStringView name);
/// {"at", "device", "run", "duty_percent", "reasons": [names], "arguments": [[text]],
///  "explanations": [text]}
QJsonObject toJson(const StateChange& change);
/// {"run", "duty_percent", "vram_budget_bytes", "reasons": [names], "arguments": [[text]],
///  "explanations": [text]}
QJsonObject toJson(const Decision& decision);
/// The reverse, for what a running instance sends (control channel). Lenient: out-of-range numbers
/// are clamped and reasons this version does not know are left out; a change without a valid
/// time, device or run flag is refused. A known reason sent with its arguments (one list per
/// reason) is explained in the language installed here (explain()); otherwise the sender's
/// explanation is kept. Explanations of unknown reasons follow those of the known ones.
Decision decisionFromJson(const QJsonObject& object);
std::optional<StateChange> stateChangeFromJson(const QJsonObject& object);

} // namespace cocoon::sched
