#include "control/RemoteScheduler.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cocoon::control {

RemoteScheduler::RemoteScheduler(Client& client, QObject* parent)
    : sched::Scheduler(parent)
    , m_client(client)
{
    connect(&m_timer, &QTimer::timeout, this, &RemoteScheduler::poll);
}

void RemoteScheduler::start(std::chrono::milliseconds interval)
{
    m_timer.start(interval);
    poll();
}

void RemoteScheduler::stop()
{
    m_timer.stop();
}

void RemoteScheduler::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    m_client.send({QStringLiteral("status"), {}}, [this](const Client::Reply& r) {
        if (!r) {
            m_polling = false;
            lost(r.error().message);
            return;
        }
        takeStatus(r->toObject());
        fetchHistory();
    });
}

void RemoteScheduler::fetchHistory()
{
    m_client.send({QStringLiteral("history"), {{QStringLiteral("after"), qint64(m_nextHistory)}}},
        [this](const Client::Reply& r) {
            if (r)
                fetchLog();
            else
                m_polling = false;
            if (!r) {
                if (r.error().code != ControlErrc::UnknownCommand && r.error().code != ControlErrc::BadArgument)
                    lost(r.error().message);
                return;
            }
            const QJsonObject o = r->toObject();
            const auto next = std::uint64_t(std::max<qint64>(0, o.value(QStringLiteral("next")).toInteger()));
            if (next < m_nextHistory) { // not the history this one came from: start again
                m_nextHistory = 0;
                return;
            }
            for (const QJsonValue& v : o.value(QStringLiteral("entries")).toArray()) {
                if (auto change = sched::stateChangeFromJson(v.toObject())) {
                    m_history.add(*change);
                    emit stateChanged(*change);
                }
            }
            m_nextHistory = next;
        });
}

void RemoteScheduler::fetchLog()
{
    m_client.send(
        {QStringLiteral("log"), {{QStringLiteral("after"), qint64(m_nextLog)}}}, [this](const Client::Reply& r) {
            m_polling = false;
            if (!r)
                return; // an older instance without "log", or gone (the next status tells)
            const QJsonObject o = r->toObject();
            const auto next = std::uint64_t(std::max<qint64>(0, o.value(QStringLiteral("next")).toInteger()));
            if (next < m_nextLog) { // another instance: its count starts again
                m_nextLog = 0;
                return;
            }
            for (const QJsonValue& v : o.value(QStringLiteral("lines")).toArray()) {
                if (auto line = log::logLineFromJson(v.toObject())) {
                    m_log.push_back(std::move(*line));
                    if (m_log.size() > log::kRecentLines)
                        m_log.pop_front();
                    ++m_logCount;
                }
            }
            m_nextLog = next;
        });
}

void RemoteScheduler::takeStatus(const QJsonObject& status)
{
    const qint64 pid = status.value(QStringLiteral("pid")).toInteger();
    if (pid != m_pid) { // another instance (or the first): its history starts at 0
        m_pid = pid;
        m_nextHistory = 0;
        m_nextLog = 0;
    }
    m_status = status;
    const QJsonObject sched = status.value(QStringLiteral("scheduler")).toObject();
    const QString until = sched.value(QStringLiteral("snoozed_until")).toString();
    m_snoozedUntil = until.isEmpty() ? std::nullopt : std::optional(QDateTime::fromString(until, Qt::ISODate));
    if (m_snoozedUntil && !m_snoozedUntil->isValid())
        m_snoozedUntil.reset();
    const bool wasAttached = m_attached;
    m_attached = true;
    for (const QJsonValue& v : sched.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString device = o.value(QStringLiteral("device")).toString();
        if (device.isEmpty())
            continue;
        const sched::Decision d = sched::decisionFromJson(o);
        auto it = m_decisions.find(device);
        const bool changed = it == m_decisions.end() || !wasAttached || it->second.run != d.run
            || it->second.dutyPercent != d.dutyPercent || it->second.reasons != d.reasons
            || it->second.explanations != d.explanations;
        m_decisions[device] = d;
        if (changed)
            emit decisionChanged(device, d);
    }
    if (!wasAttached)
        emit attachedChanged(true, {});
    emit statusReceived(status);
}

void RemoteScheduler::lost(const QString& why)
{
    if (!m_attached)
        return;
    m_attached = false;
    // What the window shows until the instance answers again: nothing runs that it can see.
    for (auto& [device, d] : m_decisions) {
        d = sched::Decision {};
        d.explanations = {tr("The background service is not answering (%1).").arg(why)};
        emit decisionChanged(device, d);
    }
    emit attachedChanged(false, why);
}

QStringList RemoteScheduler::devices() const
{
    QStringList keys;
    for (const auto& [device, d] : m_decisions)
        keys.append(device);
    return keys;
}

sched::Decision RemoteScheduler::decision(const QString& device) const
{
    const auto it = m_decisions.find(device);
    return it == m_decisions.end() ? sched::Decision {} : it->second;
}

QStringList RemoteScheduler::runningProcesses() const
{
    const auto r = m_client.sendAndWait({QStringLiteral("processes"), {}}, std::chrono::seconds(2));
    return r ? r->toVariant().toStringList() : QStringList {};
}

void RemoteScheduler::command(const QString& name, const QJsonObject& args)
{
    m_client.send({name, args}, [this](const Client::Reply& r) {
        if (!r) {
            emit commandFailed(r.error().message);
            return;
        }
        takeStatus(r->toObject()); // pause, resume and snooze answer with the new status
    });
}

void RemoteScheduler::pause()
{
    command(QStringLiteral("pause"));
}

void RemoteScheduler::resume()
{
    command(QStringLiteral("resume"));
}

void RemoteScheduler::snooze(sched::SnoozeLength length)
{
    switch (length) {
    case sched::SnoozeLength::Minutes15:
        return snoozeFor(std::chrono::minutes(15));
    case sched::SnoozeLength::Hour1:
        return snoozeFor(std::chrono::hours(1));
    case sched::SnoozeLength::UntilTomorrow:
        return command(QStringLiteral("snooze"), {{QStringLiteral("until"), QStringLiteral("tomorrow")}});
    }
}

void RemoteScheduler::snoozeFor(std::chrono::minutes length)
{
    command(QStringLiteral("snooze"), {{QStringLiteral("minutes"), qint64(length.count())}});
}

Settings::Writer settingsWriter(Client& client)
{
    return [&client](const QString& key, const QVariant& value) -> Expected<void, SettingsError> {
        QJsonObject args {{QStringLiteral("key"), key}};
        if (value.isValid())
            args.insert(QStringLiteral("value"), QJsonValue::fromVariant(value));
        else
            args.insert(QStringLiteral("reset"), true);
        const auto r = client.sendAndWait({QStringLiteral("settings.set"), args});
        if (!r)
            return unexpected(
                SettingsError {r.error().code == ControlErrc::BadArgument ? SettingsErrc::WrongType : SettingsErrc::Io,
                    QCoreApplication::translate("cocoon::control::RemoteScheduler",
                        "The background service did not "
                        "take the change: %1")
                        .arg(r.error().message)});
        return {};
    };
}

} // namespace cocoon::control
