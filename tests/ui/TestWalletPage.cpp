// The Wallet page on the offscreen platform: the payout address and its QR code — read back by an
// independent decoder (zbarimg from zbar-tools) — the balance with the reading's age, a cached
// reading labelled as such, payouts from the ledger, and credited-vs-paid reconciliation.
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "QrCode.h"
#include "TestSupport.h"
#include "WalletPage.h"
#include "ledger/Ledger.h"
#include "wallet/WalletMonitor.h"

#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocoon;

namespace {
const char* kAddress = "UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U";
}

class TestWalletPage : public QObject
{
    Q_OBJECT
private slots:
    void qrCodeReadsBackWithAnIndependentDecoder()
    {
        const QString zbar = QStandardPaths::findExecutable("zbarimg");
        if (zbar.isEmpty()) {
            COCOON_SKIP_OR_FAIL(QStringLiteral("zbarimg is not installed (make deps installs zbar-tools)"));
        }
        QTemporaryDir dir;
        const QString text = QStringLiteral("ton://transfer/") + kAddress;
        const QImage image = ui::qrCode(text, 4);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), image.height());
        QVERIFY(image.save(dir.filePath("qr.png")));
        QProcess p;
        p.start(zbar, {"--quiet", "--raw", dir.filePath("qr.png")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(), text);
        QVERIFY(ui::qrCode(QString(), 4).isNull());
        QVERIFY(ui::qrCode(QString(8000, 'x'), 4).isNull()); // more than any QR version holds
    }

    void addressBalanceAndReconciliation()
    {
        QTemporaryDir dir;
        test::ManualClock clock(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
        auto ledger = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(ledger);
        const auto node = *Ed25519PrivateKey::generate();
        const auto coordinator = *Ed25519PrivateKey::generate();
        QVERIFY(ledger->recordStatement(
            test::signedStatement(coordinator, node.publicKey(), 1, 10, 1000, 5'000'000'000), node.publicKey()));
        const std::int64_t now = clock.nowUtc().toSecsSinceEpoch();
        QVERIFY(*ledger->recordPayout({"tx1", 10, now - 7200, "0:aa", "0:bb", 3'000'000'000, 1, "cocoon week 46"}));

        ui::WalletPage page(clock);
        page.setAddress(kAddress);
        page.setLedger(&*ledger, false);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.addressLabel()->text().contains(kAddress));
        QVERIFY(!page.qrLabel()->pixmap().isNull());
        const QString r = page.reconciliationLabel()->text();
        QVERIFY2(r.contains("Credited by coordinators (signed): 5.000000000 TON"), qPrintable(r));
        QVERIFY2(r.contains("Paid on chain: 3.000000000 TON"), qPrintable(r));
        QVERIFY2(r.contains("Awaiting payout: 2.000000000 TON"), qPrintable(r));
        QVERIFY2(r.contains("Last payout 3.000000000 TON, 2 hour(s) ago"), qPrintable(r));
        QCOMPARE(page.payoutsTable()->rowCount(), 1);
        QCOMPARE(page.payoutsTable()->item(0, 3)->text(), QStringLiteral("cocoon week 46"));

        wallet::WalletStatus s;
        s.known = true;
        s.balanceNano = 3'000'000'000 - 1;
        s.state = "uninitialized";
        s.fetchedMs = clock.nowUtc().toMSecsSinceEpoch() - 30'000;
        page.showStatus(s);
        QVERIFY2(page.balanceLabel()->text().contains("Balance 2.999999999 TON (uninitialized, read 30 second(s) ago)"),
            qPrintable(page.balanceLabel()->text()));
        s.cached = true;
        s.error = "toncenter did not answer";
        page.showStatus(s);
        QVERIFY(page.balanceLabel()->text().contains("cannot be reached now (toncenter did not answer)"));

        page.setLedger(&*ledger, true); // the demo network's ledger
        QVERIFY(page.reconciliationLabel()->text().contains("Demo network: test TON, not money"));
        QVERIFY(page.reconciliationLabel()->text().contains("Paid on chain: 3.000000000 TON"));
    }

    /// Statement v2: what the coordinator says it paid against what arrived, and a payment overdue
    /// against its threshold, in words on the Wallet and Earnings pages.
    void coordinatorsClaimAndOverdueAreShown()
    {
        QTemporaryDir dir;
        test::ManualClock clock(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
        auto ledger = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(ledger);
        const auto node = *Ed25519PrivateKey::generate();
        const auto coordinator = *Ed25519PrivateKey::generate();
        const QString payoutWallet = QStringLiteral("0:") + QString(64, u'b');
        QVERIFY(ledger->recordStatement(test::signedPaidStatement(coordinator, node.publicKey(), 1, 5'000'000'000,
                                            2'000'000'000, payoutWallet, 1'000'000'000),
            node.publicKey()));
        clock.advance(std::chrono::hours(30));
        ui::WalletPage page(clock);
        page.setLedger(&*ledger, false);
        const QString r = page.reconciliationLabel()->text();
        QVERIFY2(r.contains("The coordinator reports 2.000000000 TON paid; 2.000000000 TON of it has not been seen on "
                            "chain yet."),
            qPrintable(r));
        QVERIFY2(r.contains("Overdue: 5.000000000 TON has been above the coordinator's payout threshold (1.000000000 "
                            "TON) since 2026-11-20"),
            qPrintable(r));
        // Arrived: nothing to flag.
        QVERIFY(ledger->recordPayout(
            {"tx9", 11, clock.nowUtc().toSecsSinceEpoch(), "0:aa", payoutWallet, 5'000'000'000, 2, "Cocoon payout"}));
        page.setLedger(&*ledger, false);
        QVERIFY(!page.reconciliationLabel()->text().contains("Overdue"));
        QVERIFY(!page.reconciliationLabel()->text().contains("reports"));
    }

    void noAddressYet()
    {
        test::ManualClock clock;
        ui::WalletPage page(clock);
        page.setLedger(nullptr, false);
        QVERIFY(page.addressLabel()->text().contains("No payout address yet"));
        QVERIFY(page.qrLabel()->pixmap().isNull());
        QVERIFY(page.reconciliationLabel()->text().contains("not open"));
        wallet::WalletStatus never;
        never.error = "no network";
        page.showStatus(never);
        QVERIFY(page.balanceLabel()->text().contains("unknown — no network"));
    }
};

QTEST_MAIN(TestWalletPage)
#include "TestWalletPage.moc"
