#include "WalletPage.h"

#include "QrCode.h"
#include "ledger/Ledger.h"
#include "wallet/WalletMonitor.h"

#include <QClipboard>
#include <QDateTime>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cocoon::ui {

namespace {

QString ageText(std::int64_t ms)
{
    const std::int64_t s = std::max<std::int64_t>(0, ms / 1000);
    if (s < 90) {
        return WalletPage::tr("%n second(s) ago", nullptr, int(s));
    }
    if (s < 90 * 60) {
        return WalletPage::tr("%n minute(s) ago", nullptr, int(s / 60));
    }
    if (s < 36 * 3600) {
        return WalletPage::tr("%n hour(s) ago", nullptr, int(s / 3600));
    }
    return WalletPage::tr("%n day(s) ago", nullptr, int(s / 86400));
}

} // namespace

WalletPage::WalletPage(const Clock& clock, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
{
    auto* layout = new QVBoxLayout(this);
    auto* grid = new QGridLayout;
    m_qr = new QLabel(this);
    m_qr->setObjectName(QStringLiteral("walletQr"));
    m_qr->setAccessibleName(tr("QR code of the payout address"));
    m_address = new QLabel(this);
    m_address->setObjectName(QStringLiteral("walletAddress"));
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_address->setWordWrap(true);
    auto* copy = new QPushButton(tr("Copy address"), this);
    copy->setObjectName(QStringLiteral("copyAddress"));
    connect(copy, &QPushButton::clicked, this, [this] {
        if (!m_addressText.isEmpty()) {
            QGuiApplication::clipboard()->setText(m_addressText);
        }
    });
    m_balance = new QLabel(this);
    m_balance->setObjectName(QStringLiteral("walletBalance"));
    m_balance->setWordWrap(true);
    m_reconcile = new QLabel(this);
    m_reconcile->setObjectName(QStringLiteral("walletReconciliation"));
    m_reconcile->setWordWrap(true);
    grid->addWidget(m_qr, 0, 0, 4, 1, Qt::AlignTop);
    grid->addWidget(m_address, 0, 1);
    grid->addWidget(copy, 1, 1, Qt::AlignLeft);
    grid->addWidget(m_balance, 2, 1);
    grid->addWidget(m_reconcile, 3, 1);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    m_payouts = new QTableWidget(0, 4, this);
    m_payouts->setHorizontalHeaderLabels({tr("When"), tr("Amount"), tr("Fee"), tr("Comment")});
    m_payouts->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_payouts->verticalHeader()->hide();
    m_payouts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_payouts->setAccessibleName(tr("Payouts seen on chain"));
    layout->addWidget(new QLabel(tr("Payouts seen on chain"), this));
    layout->addWidget(m_payouts, 1);
    setAddress({});
}

void WalletPage::setAddress(const QString& address)
{
    m_addressText = address;
    if (address.isEmpty()) {
        m_address->setText(tr("No payout address yet. Choose File > Set up again… to paste one or create a wallet; "
                              "only the address is needed to earn."));
        m_qr->clear();
        return;
    }
    m_address->setText(tr("Payout address: %1").arg(address));
    m_qr->setPixmap(QPixmap::fromImage(qrCode(QStringLiteral("ton://transfer/") + address, 4)));
}

void WalletPage::showStatus(const wallet::WalletStatus& s)
{
    if (!s.known) {
        m_balance->setText(s.error.isEmpty() ? tr("Balance: not read yet.") : tr("Balance: unknown — %1").arg(s.error));
        return;
    }
    const QString when = ageText(m_clock.nowUtc().toMSecsSinceEpoch() - s.fetchedMs);
    QString text = tr("Balance %1 TON (%2, read %3)").arg(ledger::formatTon(s.balanceNano), s.state, when);
    if (s.cached) {
        text += QLatin1Char('\n') + tr("The chain cannot be reached now (%1); this is the last reading.").arg(s.error);
    }
    m_balance->setText(text);
}

QString payoutCheckText(const ledger::Totals& t)
{
    QStringList lines;
    if (t.claimedPaidNano > t.paidNano) {
        lines << WalletPage::tr("The coordinator reports %1 TON paid; %2 TON of it has not been seen on chain yet.")
                     .arg(ledger::formatTon(t.claimedPaidNano), ledger::formatTon(t.claimedPaidNano - t.paidNano));
    }
    if (t.overdueNano > 0) {
        lines << WalletPage::tr("Overdue: %1 TON has been above the coordinator's payout threshold (%2 TON) since "
                                "%3 and has not arrived.")
                     .arg(ledger::formatTon(t.overdueNano), ledger::formatTon(t.minPayoutNano),
                         QDateTime::fromMSecsSinceEpoch(t.overdueSinceMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }
    return lines.join(QLatin1Char('\n'));
}

void WalletPage::setLedger(ledger::Ledger* ledger, bool testTon)
{
    m_ledger = ledger;
    m_testTon = testTon;
    refresh();
}

void WalletPage::refresh()
{
    if (!m_ledger) {
        m_reconcile->setText(tr("The ledger is not open: payouts and credits cannot be reconciled."));
        m_payouts->setRowCount(0);
        return;
    }
    const auto t = m_ledger->totals();
    const auto payouts = m_ledger->payouts(200);
    if (!t || !payouts) {
        m_reconcile->setText(!t ? t.error().message : payouts.error().message);
        return;
    }
    QString text;
    if (m_testTon) {
        text = tr("Demo network: test TON, not money. They are paid out on an emulated TON chain when it runs here "
                  "(Node.js and make deps); the balance above is your real wallet's.")
            + QLatin1Char('\n');
    }
    const std::int64_t owed = t->creditedNano - t->paidNano;
    text += tr("Credited by coordinators (signed): %1 TON · Paid on chain: %2 TON · ")
                .arg(ledger::formatTon(t->creditedNano), ledger::formatTon(t->paidNano));
    text += owed >= 0 ? tr("Awaiting payout: %1 TON").arg(ledger::formatTon(owed))
                      : tr("Paid %1 TON more than credited").arg(ledger::formatTon(-owed));
    if (const QString check = payoutCheckText(*t); !check.isEmpty()) {
        text += QLatin1Char('\n') + check;
    }
    if (!payouts->empty()) {
        text += QLatin1Char('\n')
            + tr("Last payout %1 TON, %2")
                  .arg(ledger::formatTon(payouts->front().amountNano),
                      ageText(m_clock.nowUtc().toMSecsSinceEpoch() - payouts->front().utime * 1000));
    }
    m_reconcile->setText(text);
    m_payouts->setRowCount(int(payouts->size()));
    for (int r = 0; r < int(payouts->size()); ++r) {
        const ledger::Payout& p = (*payouts)[std::size_t(r)];
        const QStringList cells {QDateTime::fromSecsSinceEpoch(p.utime).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
            ledger::formatTon(p.amountNano), ledger::formatTon(p.feeNano), p.comment};
        for (int c = 0; c < cells.size(); ++c) {
            m_payouts->setItem(r, c, new QTableWidgetItem(cells[c]));
        }
    }
}

} // namespace cocoon::ui
