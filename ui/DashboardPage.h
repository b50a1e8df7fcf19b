#pragma once
// The Dashboard: one card per device (name, privacy tier badge, Running / Throttled / Paused with
// the reason in plain words, the current job, utilisation ours vs others, temperature, power,
// VRAM, and a small live chart of the last minutes), the network connection, today's earnings,
// and the measured stop latency. It reads live values only while visible, so a window in the tray
// costs nothing.
#include "common/Clock.h"
#include "control/NodeStatus.h"
#include "node/Forecast.h"
#include "sched/Policy.h"

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <map>
#include <optional>

class QLabel;
class QLineSeries;
class QValueAxis;
class QGridLayout;

namespace cocoon::ledger {
class Ledger;
}
namespace cocoon::sched {
class Scheduler;
}

namespace cocoon::ui {

/// What the telemetry says about a device right now (every part may be unknown).
using DeviceReading = control::DeviceReading;

class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    struct Device
    {
        QString key; ///< "cpu", "gpu0"
        QString name;
    };

    DashboardPage(const Clock& clock, const QList<Device>& devices, QWidget* parent = nullptr);

    /// Decisions come from the scheduler (the governor, or a headless instance; it outlives the page).
    void attachScheduler(sched::Scheduler* scheduler);
    void setReadings(std::function<DeviceReading(const QString& device)> reader) { m_reader = std::move(reader); }
    void setTier(bool confidential, const QString& why);
    void setNetwork(const QString& text);
    void setLedger(ledger::Ledger* ledger, bool testTon);
    /// A job started (kernel) on `device`, or finished (empty kernel).
    void setJob(const QString& device, const QString& kernel);
    /// The stop latency from the latest benchmark (report of runPreemptBench).
    void setBenchmark(const QJsonObject& report, const QDateTime& when);
    /// The earnings forecast and how it compares with what was earned; without one, `why` not.
    void setForecast(const std::optional<node::EarningsForecast>& forecast, bool testTon, const QString& why);
    /// One sampling round: readings, decisions, today's earnings (the timer calls it while visible).
    void sample();

    // Test hooks.
    QString stateText(const QString& device) const;
    QString readingText(const QString& device) const;
    QString jobText(const QString& device) const;
    QLabel* earningsLabel() const { return m_earnings; }
    QLabel* latencyLabel() const { return m_latency; }
    QLabel* forecastLabel() const { return m_forecast; }
    QLabel* networkLabel() const { return m_network; }
    int chartPoints(const QString& device) const;
    bool isSampling() const { return m_timer.isActive(); }

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    struct Card
    {
        QString name;
        QLabel* badge = nullptr;
        QLabel* state = nullptr;
        QLabel* job = nullptr;
        QLabel* reading = nullptr;
        QLineSeries* ours = nullptr;
        QLineSeries* others = nullptr;
        QValueAxis* x = nullptr;
        QDateTime jobSince;
        QString kernel;
    };
    void refreshDecision(const QString& device, const sched::Decision& d);

    const Clock& m_clock;
    sched::Scheduler* m_scheduler = nullptr;
    std::function<DeviceReading(const QString&)> m_reader;
    ledger::Ledger* m_ledger = nullptr;
    bool m_testTon = false;
    std::map<QString, Card> m_cards;
    QLabel* m_network = nullptr;
    QLabel* m_earnings = nullptr;
    QLabel* m_latency = nullptr;
    QLabel* m_forecast = nullptr;
    QString m_tierBadge;
    QTimer m_timer;
    int m_tick = 0;
};

} // namespace cocoon::ui
