#pragma once
// The payout wallet: its address (copy, QR code to scan with a phone wallet), the balance read from
// the chain with the reading's age (a cached reading is never shown as current), the last payout,
// the payouts seen on chain, and the reconciliation people ask for — what coordinators have
// credited in signed statements against what has arrived on chain.
#include "common/Clock.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace cocoon::ledger {
class Ledger;
struct Totals;
} // namespace cocoon::ledger
namespace cocoon::wallet {
struct WalletStatus;
}

namespace cocoon::ui {

/// What the coordinators say they paid against what arrived on chain, and an overdue payment, in
/// words (empty when both agree and nothing is overdue). The Wallet and Earnings pages show it.
QString payoutCheckText(const ledger::Totals& totals);

class WalletPage : public QWidget
{
    Q_OBJECT
public:
    explicit WalletPage(const Clock& clock, QWidget* parent = nullptr);

    /// The payout address as the user gave it (empty: none set yet).
    void setAddress(const QString& address);
    /// The wallet monitor's latest reading.
    void showStatus(const wallet::WalletStatus& status);
    void setLedger(ledger::Ledger* ledger, bool testTon);
    void refresh();

    // Test hooks.
    QLabel* addressLabel() const { return m_address; }
    QLabel* qrLabel() const { return m_qr; }
    QLabel* balanceLabel() const { return m_balance; }
    QLabel* reconciliationLabel() const { return m_reconcile; }
    QTableWidget* payoutsTable() const { return m_payouts; }

private:
    const Clock& m_clock;
    ledger::Ledger* m_ledger = nullptr;
    bool m_testTon = false;
    QString m_addressText;
    QLabel* m_address = nullptr;
    QLabel* m_qr = nullptr;
    QLabel* m_balance = nullptr;
    QLabel* m_reconcile = nullptr;
    QTableWidget* m_payouts = nullptr;
};

} // namespace cocoon::ui
