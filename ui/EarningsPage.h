#pragma once
// Earnings as people would rather look at them than read them: per period, bars for what was
// earned (signed receipts), credited (growth of the coordinators' signed totals) and paid (payouts
// seen on chain), with cumulative lines; the three stages' totals side by side; breakdowns per
// kernel and per device; a range selector; CSV export. Amounts are the ledger's integers in
// nanoTON — the chart converts to TON only to draw. On the demo network everything says test TON.
#include "common/Clock.h"

#include <QWidget>

class QBarCategoryAxis;
class QChart;
class QValueAxis;
class QChartView;
class QComboBox;
class QLabel;
class QTableWidget;

namespace cocoon::ledger {
class Ledger;
}

namespace cocoon::ui {

class EarningsPage : public QWidget
{
    Q_OBJECT
public:
    explicit EarningsPage(const Clock& clock, QWidget* parent = nullptr);

    /// The ledger to show (may be null); `testTon` marks the demo network's play money.
    void setLedger(ledger::Ledger* ledger, bool testTon);
    /// Reads the ledger again (the window calls it while the page is visible).
    void refresh();
    /// Writes what the page shows (its range, by day/week/month) as CSV; the reason on failure.
    QString exportCsv(const QString& path);

    // Test hooks.
    QChart* chart() const { return m_chart; }
    QComboBox* rangeBox() const { return m_range; }
    QLabel* totalsLabel() const { return m_totals; }
    QTableWidget* byKernel() const { return m_byKernel; }
    QTableWidget* byDevice() const { return m_byDevice; }

    struct Range; ///< a period shown and its grouping

private:
    const Range& range() const;
    QString unit() const;

    const Clock& m_clock;
    ledger::Ledger* m_ledger = nullptr;
    bool m_testTon = false;
    QComboBox* m_range = nullptr;
    QLabel* m_totals = nullptr;
    QLabel* m_notice = nullptr;
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QBarCategoryAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QValueAxis* m_y2 = nullptr;
    QTableWidget* m_byKernel = nullptr;
    QTableWidget* m_byDevice = nullptr;
};

} // namespace cocoon::ui
