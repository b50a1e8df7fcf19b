#include "DashboardPage.h"

#include "ChartTheme.h"
#include "ledger/Ledger.h"
#include "sched/Scheduler.h"

#include <QChart>
#include <QChartView>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace cocoon::ui {
namespace {

constexpr int kChartPoints = 150; ///< 5 minutes at one sample every 2 s
constexpr int kPeriodMs = 2000;

QString gib(std::uint64_t bytes)
{
    return QString::number(double(bytes) / double(1ull << 30), 'f', 1);
}

} // namespace

DashboardPage::DashboardPage(const Clock& clock, const QList<Device>& devices, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("dashboard"));
    auto* layout = new QVBoxLayout(this);
    auto* summary = new QGridLayout;
    m_network = new QLabel(tr("Network: not connected yet."), this);
    m_network->setObjectName(QStringLiteral("statusLabel"));
    m_network->setWordWrap(true);
    m_network->setAccessibleName(tr("Network connection"));
    m_earnings = new QLabel(tr("Today: nothing earned yet."), this);
    m_earnings->setObjectName(QStringLiteral("dashboardEarnings"));
    m_earnings->setAccessibleName(tr("Today's earnings"));
    m_latency = new QLabel(tr("Stop latency: not measured yet (run the benchmark from the setup wizard)."), this);
    m_latency->setObjectName(QStringLiteral("dashboardLatency"));
    m_latency->setWordWrap(true);
    m_latency->setAccessibleName(tr("Measured stop latency"));
    m_forecast = new QLabel(tr("Forecast: run the benchmark (File > Set up again…) to see what this machine "
                               "should earn a day."),
        this);
    m_forecast->setObjectName(QStringLiteral("dashboardForecast"));
    m_forecast->setWordWrap(true);
    m_forecast->setAccessibleName(tr("Earnings forecast"));
    summary->addWidget(m_network, 0, 0, 1, 2);
    summary->addWidget(m_earnings, 1, 0);
    summary->addWidget(m_latency, 1, 1);
    summary->addWidget(m_forecast, 2, 0, 1, 2);
    layout->addLayout(summary);

    auto* cards = new QGridLayout;
    int i = 0;
    for (const Device& d : devices) {
        auto* frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("card_%1").arg(d.key));
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setAccessibleName(tr("Device %1").arg(d.name));
        auto* v = new QVBoxLayout(frame);
        Card c;
        c.name = d.name;
        auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(d.name.toHtmlEscaped()), frame);
        title->setWordWrap(true);
        c.badge = new QLabel(frame);
        c.state = new QLabel(tr("Waiting for the scheduler…"), frame);
        c.state->setWordWrap(true);
        c.state->setAccessibleName(tr("State of %1").arg(d.name));
        c.job = new QLabel(tr("No job"), frame);
        c.reading = new QLabel(frame);
        c.reading->setWordWrap(true);
        auto* chart = new QChart;
        followPalette(chart);
        chart->setAnimationOptions(QChart::NoAnimation);
        chart->legend()->setAlignment(Qt::AlignBottom);
        chart->setMargins(QMargins(0, 0, 0, 0));
        c.ours = new QLineSeries;
        c.ours->setName(tr("ours %"));
        c.others = new QLineSeries;
        c.others->setName(tr("others %"));
        chart->addSeries(c.ours);
        chart->addSeries(c.others);
        c.x = new QValueAxis;
        c.x->setRange(0, kChartPoints);
        c.x->setVisible(false);
        auto* y = new QValueAxis;
        y->setRange(0, 100);
        y->setTickCount(3);
        y->setLabelFormat(QStringLiteral("%d"));
        chart->addAxis(c.x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (QLineSeries* s : {c.ours, c.others}) {
            s->attachAxis(c.x);
            s->attachAxis(y);
        }
        auto* view = new QChartView(chart, frame);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(190);
        view->setMaximumHeight(240);
        view->setAccessibleName(tr("Utilisation of %1 over the last 5 minutes").arg(d.name));
        v->addWidget(title);
        v->addWidget(c.badge);
        v->addWidget(c.state);
        v->addWidget(c.job);
        v->addWidget(c.reading);
        v->addWidget(view, 1);
        cards->addWidget(frame, i / 2, i % 2);
        m_cards[d.key] = c;
        ++i;
    }
    layout->addLayout(cards);
    layout->addStretch(1);
    m_timer.setInterval(kPeriodMs);
    connect(&m_timer, &QTimer::timeout, this, &DashboardPage::sample);
}

void DashboardPage::attachScheduler(sched::Scheduler* scheduler)
{
    m_scheduler = scheduler;
    connect(scheduler, &sched::Scheduler::decisionChanged, this, &DashboardPage::refreshDecision);
    for (const QString& d : scheduler->devices())
        refreshDecision(d, scheduler->decision(d));
}

void DashboardPage::refreshDecision(const QString& device, const sched::Decision& d)
{
    auto it = m_cards.find(device);
    if (it == m_cards.end())
        return;
    QString text;
    if (!d.run) {
        text = tr("<b>Paused</b> — %1").arg(d.explanations.join(QStringLiteral("; ")).toHtmlEscaped());
    } else if (d.dutyPercent < 100) {
        text = tr("<b>Throttled</b> — working %1% of the time so the computer stays responsive for you.")
                   .arg(d.dutyPercent);
    } else {
        text = tr("<b>Running</b> — at full speed.");
    }
    it->second.state->setText(text);
}

void DashboardPage::setTier(bool confidential, const QString& why)
{
    m_tierBadge = confidential ? tr("<span style='background:#2e7d32;color:white'>&nbsp;Confidential&nbsp;</span>")
                               : tr("<span style='background:#8d6e00;color:white'>&nbsp;Sealed&nbsp;</span>");
    for (auto& [key, c] : m_cards) {
        c.badge->setText(m_tierBadge);
        c.badge->setToolTip(why);
        c.badge->setAccessibleName(
            confidential ? tr("Privacy tier: confidential") : tr("Privacy tier: sealed, %1").arg(why));
    }
}

void DashboardPage::setNetwork(const QString& text)
{
    m_network->setText(text);
}

void DashboardPage::setLedger(ledger::Ledger* ledger, bool testTon)
{
    m_ledger = ledger;
    m_testTon = testTon;
    sample();
}

void DashboardPage::setJob(const QString& device, const QString& kernel)
{
    auto it = m_cards.find(device);
    if (it == m_cards.end())
        return;
    it->second.kernel = kernel;
    it->second.jobSince = m_clock.nowUtc();
    it->second.job->setText(kernel.isEmpty()
            ? tr("No job")
            : tr("Job: %1, started %2")
                  .arg(kernel, it->second.jobSince.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
}

void DashboardPage::setBenchmark(const QJsonObject& report, const QDateTime& when)
{
    const QJsonObject stop = report.value(QStringLiteral("stop_latency_ms")).toObject();
    if (stop.isEmpty())
        return;
    m_latency->setText(tr("Stop latency: %1 ms typical, %2 ms worst of %3 (measured %4 on %5).")
                           .arg(stop.value(QStringLiteral("p50")).toDouble(), 0, 'f', 1)
                           .arg(stop.value(QStringLiteral("p99")).toDouble(), 0, 'f', 1)
                           .arg(stop.value(QStringLiteral("runs")).toInt())
                           .arg(when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                               report.value(QStringLiteral("device")).toString()));
}

void DashboardPage::setForecast(const std::optional<node::EarningsForecast>& f, bool testTon, const QString& why)
{
    if (!f) {
        m_forecast->setText(tr("Forecast: %1").arg(why));
        return;
    }
    const QString unit = testTon ? tr("test TON") : QStringLiteral("TON");
    QString text = tr("Forecast: about %1 %2 a day, from the benchmark's speed, the coordinator's price and the "
                      "hours your schedule allows (if there is always work).")
                       .arg(ledger::formatTon(f->nanoPerDay), unit);
    if (f->actualNanoPerDay && f->errorPercent) {
        text += QLatin1Char(' ')
            + tr("Actually earned over the last %1 day(s): %2 %3 a day (%4% against the forecast).")
                  .arg(f->daysMeasured, 0, 'f', 1)
                  .arg(ledger::formatTon(*f->actualNanoPerDay), unit)
                  .arg(*f->errorPercent >= 0 ? QStringLiteral("+%1").arg(*f->errorPercent, 0, 'f', 0)
                                             : QString::number(*f->errorPercent, 'f', 0));
    } else {
        text += QLatin1Char(' ') + tr("What it actually earns is compared after an hour of work.");
    }
    m_forecast->setText(text);
}

void DashboardPage::sample()
{
    ++m_tick;
    for (auto& [key, c] : m_cards) {
        const DeviceReading r = m_reader ? m_reader(key) : DeviceReading {};
        QStringList parts;
        parts << (r.oursPercent ? tr("ours %1%").arg(*r.oursPercent) : tr("ours –"));
        parts << (r.othersPercent ? tr("others %1%").arg(*r.othersPercent) : tr("others –"));
        if (r.temperatureC)
            parts << tr("%1 °C").arg(*r.temperatureC);
        if (r.powerW)
            parts << tr("%1 W").arg(*r.powerW);
        if (r.vramUsedBytes && r.vramTotalBytes)
            parts << tr("VRAM %1 / %2 GiB").arg(gib(*r.vramUsedBytes), gib(*r.vramTotalBytes));
        c.reading->setText(parts.join(QStringLiteral(" · ")));
        c.ours->append(m_tick, r.oursPercent.value_or(0));
        c.others->append(m_tick, r.othersPercent.value_or(0));
        if (c.ours->count() > kChartPoints) {
            c.ours->remove(0);
            c.others->remove(0);
        }
        c.x->setRange(std::max(0, m_tick - kChartPoints), std::max(kChartPoints, m_tick));
    }
    if (m_ledger) {
        const QDateTime now = m_clock.nowUtc();
        const QDateTime midnight = QDateTime(now.toLocalTime().date(), QTime(0, 0));
        std::int64_t earned = 0, jobs = 0;
        if (auto days
            = m_ledger->earnings(ledger::Grouping::Day, midnight.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1)) {
            for (const auto& b : *days) {
                earned += b.earnedNano;
                jobs += b.jobs;
            }
        }
        m_earnings->setText(tr("Today: %1 %2 from %n job(s).", nullptr, int(jobs))
                                .arg(ledger::formatTon(earned), m_testTon ? tr("test TON") : tr("TON")));
    }
}

void DashboardPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    sample();
    m_timer.start();
}

void DashboardPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

QString DashboardPage::stateText(const QString& device) const
{
    auto it = m_cards.find(device);
    return it == m_cards.end() ? QString() : it->second.state->text();
}

QString DashboardPage::readingText(const QString& device) const
{
    auto it = m_cards.find(device);
    return it == m_cards.end() ? QString() : it->second.reading->text();
}

QString DashboardPage::jobText(const QString& device) const
{
    auto it = m_cards.find(device);
    return it == m_cards.end() ? QString() : it->second.job->text();
}

int DashboardPage::chartPoints(const QString& device) const
{
    auto it = m_cards.find(device);
    return it == m_cards.end() ? 0 : int(it->second.ours->count());
}

} // namespace cocoon::ui
