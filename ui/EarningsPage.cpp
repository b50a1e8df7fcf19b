#include "EarningsPage.h"

#include "ChartTheme.h"
#include "WalletPage.h"
#include "ledger/Ledger.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace cocoon::ui {

struct EarningsPage::Range
{
    const char* label;
    ledger::Grouping grouping;
    std::int64_t days;
};

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

/// For drawing only: the ledger's amounts stay integers.
double ton(std::int64_t nano)
{
    return double(nano) / 1e9;
}

void fillTable(QTableWidget* table, const std::vector<ledger::Bucket>& rows, const QString& unit)
{
    table->setHorizontalHeaderItem(3, new QTableWidgetItem(EarningsPage::tr("Earned (%1)").arg(unit)));
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const ledger::Bucket& b = rows[std::size_t(r)];
        const QStringList cells {
            b.key, QString::number(b.jobs), QString::number(b.units), ledger::formatTon(b.earnedNano)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c > 0) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            table->setItem(r, c, item);
        }
    }
}

QTableWidget* breakdownTable(const QString& first, QWidget* parent)
{
    auto* t = new QTableWidget(0, 4, parent);
    t->setHorizontalHeaderLabels(
        {first, EarningsPage::tr("Jobs"), EarningsPage::tr("Units"), EarningsPage::tr("Earned")});
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c) {
        t->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    }
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    return t;
}

const EarningsPage::Range* ranges()
{
    static const EarningsPage::Range r[] = {
        {QT_TRANSLATE_NOOP("cocoon::ui::EarningsPage", "Last 7 days, by day"), ledger::Grouping::Day, 7},
        {QT_TRANSLATE_NOOP("cocoon::ui::EarningsPage", "Last 30 days, by day"), ledger::Grouping::Day, 30},
        {QT_TRANSLATE_NOOP("cocoon::ui::EarningsPage", "Last 26 weeks, by week"), ledger::Grouping::Week, 182},
        {QT_TRANSLATE_NOOP("cocoon::ui::EarningsPage", "Last 12 months, by month"), ledger::Grouping::Month, 365},
    };
    return r;
}
constexpr int kRanges = 4;
} // namespace

EarningsPage::EarningsPage(const Clock& clock, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_range = new QComboBox(this);
    m_range->setAccessibleName(tr("Period shown"));
    for (int i = 0; i < kRanges; ++i) {
        m_range->addItem(tr(ranges()[i].label));
    }
    connect(m_range, &QComboBox::currentIndexChanged, this, &EarningsPage::refresh);
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    exportButton->setObjectName(QStringLiteral("exportCsv"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export earnings"), QStringLiteral("cocoon-earnings.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty()) {
            const QString why = exportCsv(path);
            m_notice->setText(why.isEmpty() ? tr("Saved %1.").arg(path) : why);
        }
    });
    top->addWidget(m_range);
    top->addStretch(1);
    top->addWidget(exportButton);
    layout->addLayout(top);

    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("earningsTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setWordWrap(true);
    m_notice = new QLabel(this);
    m_notice->setWordWrap(true);
    layout->addWidget(m_totals);
    layout->addWidget(m_notice);

    m_chart = new QChart;
    followPalette(m_chart);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    // The axes live as long as the chart; each refresh replaces only the series (axes removed and
    // re-added left stale labels drawn over the new ones).
    m_x = new QBarCategoryAxis;
    m_y = new QValueAxis;
    m_y2 = new QValueAxis;
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_chart->addAxis(m_y2, Qt::AlignRight);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(260);
    m_view->setAccessibleName(tr("Earnings chart"));
    layout->addWidget(m_view, 3);

    auto* tables = new QHBoxLayout;
    m_byKernel = breakdownTable(tr("Kernel"), this);
    m_byKernel->setAccessibleName(tr("Earnings per kernel"));
    m_byDevice = breakdownTable(tr("Device"), this);
    m_byDevice->setAccessibleName(tr("Earnings per device"));
    tables->addWidget(m_byKernel);
    tables->addWidget(m_byDevice);
    layout->addLayout(tables, 2);
    refresh();
}

const EarningsPage::Range& EarningsPage::range() const
{
    return ranges()[std::clamp(m_range->currentIndex(), 0, kRanges - 1)];
}

QString EarningsPage::unit() const
{
    return m_testTon ? tr("test TON") : tr("TON");
}

void EarningsPage::setLedger(ledger::Ledger* ledger, bool testTon)
{
    m_ledger = ledger;
    m_testTon = testTon;
    refresh();
}

void EarningsPage::refresh()
{
    m_chart->removeAllSeries();
    if (!m_ledger) {
        m_totals->setText(tr("Earnings cannot be shown: the ledger could not be opened (the log says why)."));
        m_notice->clear();
        m_byKernel->setRowCount(0);
        m_byDevice->setRowCount(0);
        return;
    }
    m_notice->setText(m_testTon ? tr("Demo network: these are test TON, not money. Join a real coordinator in the "
                                     "settings to earn TON.")
                                : QString());
    const std::int64_t now = m_clock.nowUtc().toMSecsSinceEpoch();
    const std::int64_t from = now - range().days * kDayMs;
    const QString u = unit();

    if (auto t = m_ledger->totals()) {
        QString text = tr("Pending %1 · Credited %2 · Paid %3 %4 (all time; pending = work done that no signed "
                          "statement covers yet)")
                           .arg(ledger::formatTon(t->pendingNano), ledger::formatTon(t->creditedNano),
                               ledger::formatTon(t->paidNano), u);
        if (const QString check = payoutCheckText(*t); !check.isEmpty()) {
            text += QLatin1Char('\n') + check;
        }
        if (t->alarms > 0) {
            text += QLatin1Char('\n')
                + tr("Warning: a coordinator presented a lower total than it had signed before (%n time(s)); "
                     "the higher statement is kept as proof.",
                    nullptr, int(t->alarms));
        }
        m_totals->setText(text);
    } else {
        m_totals->setText(t.error().message);
    }

    auto buckets = m_ledger->earnings(range().grouping, from, now + 1);
    if (!buckets) {
        m_notice->setText(buckets.error().message);
        return;
    }
    auto* earned = new QBarSet(tr("Earned"));
    auto* credited = new QBarSet(tr("Credited"));
    auto* paid = new QBarSet(tr("Paid"));
    auto* cumEarned = new QLineSeries;
    cumEarned->setName(tr("Earned, cumulative"));
    auto* cumCredited = new QLineSeries;
    cumCredited->setName(tr("Credited, cumulative"));
    auto* cumPaid = new QLineSeries;
    cumPaid->setName(tr("Paid, cumulative"));
    QStringList categories;
    std::int64_t e = 0, c = 0, p = 0;
    double top = 0, cumTop = 0;
    for (const ledger::Bucket& b : *buckets) {
        categories << b.key;
        *earned << ton(b.earnedNano);
        *credited << ton(b.creditedNano);
        *paid << ton(b.paidNano);
        e += b.earnedNano;
        c += b.creditedNano;
        p += b.paidNano;
        const double x = double(categories.size() - 1);
        cumEarned->append(x, ton(e));
        cumCredited->append(x, ton(c));
        cumPaid->append(x, ton(p));
        top = std::max({top, ton(b.earnedNano), ton(b.creditedNano), ton(b.paidNano)});
        cumTop = std::max({cumTop, ton(e), ton(c), ton(p)});
    }
    auto* bars = new QBarSeries;
    bars->append(earned);
    bars->append(credited);
    bars->append(paid);
    m_chart->addSeries(bars);
    for (QLineSeries* line : {cumEarned, cumCredited, cumPaid}) {
        m_chart->addSeries(line);
    }
    m_x->clear();
    m_x->append(categories.isEmpty() ? QStringList {tr("no jobs yet")} : categories);
    m_y->setTitleText(tr("per period (%1)").arg(u));
    m_y->setRange(0, top > 0 ? top * 1.1 : 1);
    m_y2->setTitleText(tr("cumulative (%1)").arg(u));
    m_y2->setRange(0, cumTop > 0 ? cumTop * 1.1 : 1);
    bars->attachAxis(m_x);
    bars->attachAxis(m_y);
    for (QLineSeries* line : {cumEarned, cumCredited, cumPaid}) {
        line->setPointsVisible(true); // one period is one point
        line->attachAxis(m_x);
        line->attachAxis(m_y2);
    }
    m_chart->setTitle(tr("%1 — %2").arg(tr(range().label), u));

    if (auto k = m_ledger->earnings(ledger::Grouping::Kernel, from, now + 1)) {
        fillTable(m_byKernel, *k, u);
    }
    if (auto d = m_ledger->earnings(ledger::Grouping::Device, from, now + 1)) {
        fillTable(m_byDevice, *d, u);
    }
}

QString EarningsPage::exportCsv(const QString& path)
{
    if (!m_ledger) {
        return tr("Nothing to export: the ledger is not open.");
    }
    const std::int64_t now = m_clock.nowUtc().toMSecsSinceEpoch();
    auto csv = m_ledger->earningsCsv(range().grouping, now - range().days * kDayMs, now + 1);
    if (!csv) {
        return csv.error().message;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(*csv) != csv->size() || !out.commit()) {
        return tr("Could not write %1: %2").arg(path, out.errorString());
    }
    return {};
}

} // namespace cocoon::ui
