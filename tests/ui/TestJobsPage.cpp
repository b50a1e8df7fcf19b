// The Jobs page on the offscreen platform: receipts from a real ledger file in a table model,
// filtered by period, kernel and text, sorted by time; "verify receipt" checks the signature and
// says what it covers, and says so plainly when a stored receipt has been tampered with; a result
// the coordinator refused is shown as refused, with its reason.
#include "JobsPage.h"
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "TestSupport.h"

#include <QComboBox>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QtTest>

using namespace cocoon;

class TestJobsPage : public QObject
{
    Q_OBJECT
private slots:
    void filtersAndVerification()
    {
        QTemporaryDir dir;
        test::ManualClock clock(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
        auto ledger = ledger::Ledger::open(dir.filePath("ledger.sqlite"), clock);
        QVERIFY(ledger);
        const auto node = *Ed25519PrivateKey::generate();
        const std::int64_t now = clock.nowUtc().toMSecsSinceEpoch();
        const std::int64_t day = 24LL * 3600 * 1000;
        QVERIFY(*ledger->recordReceipt(test::signedReceipt(node, 1, "ai.mlp", "cpu", 100, now - 2 * day)));
        QVERIFY(*ledger->recordReceipt(test::signedReceipt(node, 2, "media.resize", "cuda:0 RTX", 200, now - 3600)));
        QVERIFY(*ledger->recordReceipt(test::signedReceipt(node, 3, "ai.mlp", "cuda:0 RTX", 300, now - 60)));
        QVERIFY(*ledger->recordReceipt(test::signedReceipt(node, 4, "ai.mlp", "cpu", 400, now - 40 * day)));
        QVERIFY(ledger->markAcked(toByteArray(test::jobIdFor(3))));
        QVERIFY(ledger->markRefused(toByteArray(test::jobIdFor(2)), QStringLiteral("the job is failed, not leased")));

        ui::JobsPage page(clock);
        page.setLedger(&*ledger);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.proxy()->rowCount(), 3); // last 7 days by default
        QCOMPARE(page.proxy()->index(0, ui::ReceiptsModel::Price).data().toString(), QStringLiteral("0.000000300"));
        QCOMPARE(page.proxy()->index(0, ui::ReceiptsModel::Acked).data().toString(), QStringLiteral("acknowledged"));
        // A result the coordinator refused says so, with its reason: it is not income.
        const QModelIndex refused = page.proxy()->index(1, ui::ReceiptsModel::Acked);
        QCOMPARE(refused.data().toString(), QStringLiteral("refused, not earned: the job is failed, not leased"));
        QVERIFY(refused.data(Qt::ToolTipRole).toString().contains(QStringLiteral("refused to credit")));

        page.periodBox()->setCurrentIndex(0); // 24 hours
        QCOMPARE(page.proxy()->rowCount(), 2);
        page.periodBox()->setCurrentIndex(3); // all time
        QCOMPARE(page.proxy()->rowCount(), 4);
        QCOMPARE(page.kernelBox()->count(), 3); // all, ai.mlp, media.resize
        page.kernelBox()->setCurrentIndex(page.kernelBox()->findText("media.resize"));
        QCOMPARE(page.proxy()->rowCount(), 1);
        page.kernelBox()->setCurrentIndex(0);
        page.searchBox()->setText("cuda");
        QCOMPARE(page.proxy()->rowCount(), 2);
        page.searchBox()->clear();

        const QString ok = page.verify(0);
        QVERIFY2(ok.startsWith("Signature valid."), qPrintable(ok));
        QVERIFY(ok.contains(QString::fromLatin1(toByteArray(node.publicKey()).toHex().left(16))));

        // A receipt altered on disk no longer verifies, and the page says so.
        QVERIFY(ledger->database().run("UPDATE receipts SET signed = ?1 WHERE price_nano = 300",
            {test::flipped(test::signedReceipt(node, 3, "ai.mlp", "cuda:0 RTX", 300, now - 60), 20)}));
        page.refresh();
        const QString bad = page.verify(0);
        QVERIFY2(bad.startsWith("This receipt does NOT verify"), qPrintable(bad));
    }
};

QTEST_MAIN(TestJobsPage)
#include "TestJobsPage.moc"
