#include "JobsPage.h"

#include "common/Bytes.h"
#include "jobs/Receipt.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>

namespace cocoon::ui {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
const int kPeriodDays[] = {1, 7, 30, 365 * 100};

QString shortHex(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex().left(16));
}

/// Kernel (exact) and free text (job id, device, kernel) filters over the receipts.
class ReceiptsFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void set(const QString& kernel, const QString& text)
    {
        m_kernel = kernel;
        m_text = text.trimmed();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex&) const override
    {
        const auto* r = static_cast<const ReceiptsModel*>(sourceModel())->row(row);
        if (!r || (!m_kernel.isEmpty() && r->kernel != m_kernel)) {
            return false;
        }
        return m_text.isEmpty() || r->jobId.toHex().contains(m_text.toLatin1().toLower())
            || r->device.contains(m_text, Qt::CaseInsensitive) || r->kernel.contains(m_text, Qt::CaseInsensitive);
    }

private:
    QString m_kernel;
    QString m_text;
};

} // namespace

void ReceiptsModel::setRows(std::vector<ledger::ReceiptRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const ledger::ReceiptRow* ReceiptsModel::row(int index) const
{
    return index >= 0 && index < int(m_rows.size()) ? &m_rows[std::size_t(index)] : nullptr;
}

int ReceiptsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReceiptsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Columns;
}

QVariant ReceiptsModel::data(const QModelIndex& index, int role) const
{
    const ledger::ReceiptRow* r = row(index.row());
    if (!r) {
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Units || index.column() == Price)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == Acked && !r->refused.isEmpty()) {
        return tr("The coordinator refused to credit this result: %1").arg(r->refused);
    }
    if (role == Qt::UserRole) { // sort keys
        switch (index.column()) {
        case When:
            return qint64(r->endMs);
        case Units:
            return qint64(r->units);
        case Price:
            return qint64(r->priceNano);
        default:
            break;
        }
    }
    if (role != Qt::DisplayRole && role != Qt::UserRole) {
        return {};
    }
    switch (index.column()) {
    case When:
        return QDateTime::fromMSecsSinceEpoch(r->endMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Kernel:
        return r->kernel;
    case Device:
        return r->device;
    case Units:
        return QString::number(r->units);
    case Price:
        return ledger::formatTon(r->priceNano);
    case Acked:
        // A refused result was acknowledged but not credited: it is not income.
        if (!r->refused.isEmpty())
            return tr("refused, not earned: %1").arg(r->refused);
        return r->acked ? tr("acknowledged") : tr("awaiting acknowledgement");
    case Job:
        return shortHex(r->jobId);
    default:
        return {};
    }
}

QVariant ReceiptsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case When:
        return tr("Finished");
    case Kernel:
        return tr("Kernel");
    case Device:
        return tr("Device");
    case Units:
        return tr("Units");
    case Price:
        return tr("Price (TON)");
    case Acked:
        return tr("Coordinator");
    case Job:
        return tr("Job");
    default:
        return {};
    }
}

JobsPage::JobsPage(const Clock& clock, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
{
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    m_period = new QComboBox(this);
    m_period->addItems({tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days"), tr("All time")});
    m_period->setCurrentIndex(1);
    m_period->setAccessibleName(tr("Period"));
    m_kernel = new QComboBox(this);
    m_kernel->setAccessibleName(tr("Kernel"));
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search job id, device, kernel"));
    m_search->setAccessibleName(tr("Search"));
    auto* verifyButton = new QPushButton(tr("Verify receipt"), this);
    verifyButton->setObjectName(QStringLiteral("verifyReceipt"));
    filters->addWidget(m_period);
    filters->addWidget(m_kernel);
    filters->addWidget(m_search, 1);
    filters->addWidget(verifyButton);
    layout->addLayout(filters);

    m_model = new ReceiptsModel(this);
    auto* filter = new ReceiptsFilter(this);
    filter->setSourceModel(m_model);
    filter->setSortRole(Qt::UserRole);
    m_proxy = filter;
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ReceiptsModel::When, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setSectionResizeMode(ReceiptsModel::Device, QHeaderView::Stretch);
    m_view->verticalHeader()->hide();
    m_view->setAccessibleName(tr("Jobs and their receipts"));
    layout->addWidget(m_view, 1);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("receiptVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_verdict);

    const auto applyFilter = [this, filter] {
        filter->set(m_kernel->currentIndex() > 0 ? m_kernel->currentText() : QString(), m_search->text());
    };
    connect(m_kernel, &QComboBox::currentIndexChanged, this, applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, applyFilter);
    connect(m_period, &QComboBox::currentIndexChanged, this, &JobsPage::refresh);
    connect(verifyButton, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        m_verdict->setText(rows.isEmpty() ? tr("Select a job first.") : verify(rows.first().row()));
    });
    refresh();
}

void JobsPage::setLedger(ledger::Ledger* ledger)
{
    m_ledger = ledger;
    refresh();
}

void JobsPage::refresh()
{
    if (!m_ledger) {
        m_model->setRows({});
        return;
    }
    const std::int64_t now = m_clock.nowUtc().toMSecsSinceEpoch();
    const int days = kPeriodDays[std::clamp(m_period->currentIndex(), 0, 3)];
    auto rows = m_ledger->receipts(now - std::int64_t(days) * kDayMs, now + 1, 5000);
    if (!rows) {
        m_verdict->setText(rows.error().message);
        return;
    }
    // The kernel choices follow what is in the period; the current choice is kept.
    QSet<QString> kernels;
    for (const auto& r : *rows) {
        kernels.insert(r.kernel);
    }
    QStringList sorted(kernels.begin(), kernels.end());
    sorted.sort();
    const QString current = m_kernel->currentIndex() > 0 ? m_kernel->currentText() : QString();
    m_kernel->blockSignals(true);
    m_kernel->clear();
    m_kernel->addItem(tr("All kernels"));
    m_kernel->addItems(sorted);
    m_kernel->setCurrentIndex(std::max(0, m_kernel->findText(current)));
    m_kernel->blockSignals(false);
    m_model->setRows(std::move(*rows));
    static_cast<ReceiptsFilter*>(m_proxy)->set(current, m_search->text());
}

QString JobsPage::verify(int proxyRow) const
{
    const QModelIndex source = m_proxy->mapToSource(m_proxy->index(proxyRow, 0));
    const ledger::ReceiptRow* r = m_model->row(source.row());
    if (!r) {
        return tr("No such job.");
    }
    auto receipt = jobs::Receipt::verify(r->signedReceipt);
    if (!receipt) {
        return tr("This receipt does NOT verify: %1").arg(receipt.error().message);
    }
    return tr("Signature valid. Node %1 ran job %2 (%3 on %4): %5 units for %6 TON; it covers manifest %7…, sealed "
              "input %8… and sealed output %9….")
        .arg(shortHex(toByteArray(receipt->nodeKey)), shortHex(toByteArray(receipt->jobId)), receipt->kernel,
            receipt->device, QString::number(receipt->units), ledger::formatTon(std::int64_t(receipt->priceNano)),
            shortHex(toByteArray(receipt->manifestHash)), shortHex(toByteArray(receipt->inputHash)),
            shortHex(toByteArray(receipt->outputHash)));
}

} // namespace cocoon::ui
