#pragma once
// Every job this node was paid for, from the ledger's signed receipts: when, kernel, device, units,
// price, whether the coordinator acknowledged it; filters by period, kernel and text; "Verify
// receipt" checks the selected receipt's signature again and says what it covers.
#include "common/Clock.h"
#include "ledger/Ledger.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace cocoon::ui {

class ReceiptsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { When, Kernel, Device, Units, Price, Acked, Job, Columns };
    using QAbstractTableModel::QAbstractTableModel;

    void setRows(std::vector<ledger::ReceiptRow> rows);
    const ledger::ReceiptRow* row(int index) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<ledger::ReceiptRow> m_rows;
};

class JobsPage : public QWidget
{
    Q_OBJECT
public:
    explicit JobsPage(const Clock& clock, QWidget* parent = nullptr);
    void setLedger(ledger::Ledger* ledger);
    void refresh();
    /// What "Verify receipt" says about the receipt in proxy row `row`.
    QString verify(int row) const;

    // Test hooks.
    ReceiptsModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QComboBox* periodBox() const { return m_period; }
    QComboBox* kernelBox() const { return m_kernel; }
    QLineEdit* searchBox() const { return m_search; }

private:
    const Clock& m_clock;
    ledger::Ledger* m_ledger = nullptr;
    ReceiptsModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QComboBox* m_period = nullptr;
    QComboBox* m_kernel = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_verdict = nullptr;
};

} // namespace cocoon::ui
