#include "MainWindow.h"

#include "EarningsPage.h"
#include "JobsPage.h"
#include "WalletPage.h"
#include "sched/Governor.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

// resources.qrc is compiled into this static library; referencing its initializer keeps the linker
// from dropping it.
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace cocoon {

MainWindow::MainWindow(const QList<DeviceLine>& devices, QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Cocoon Contributor"));
    setObjectName(QStringLiteral("mainWindow"));
    initResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/cocoon-contributor.svg")));
    resize(960, 600);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setSpacing(12);

    auto* heading = new QLabel(tr("<h2>Cocoon Contributor</h2>"), central);
    heading->setAccessibleName(tr("Application name"));
    layout->addWidget(heading);

    m_status = new QLabel(tr("Not contributing: no coordinator is configured (start with --coordinator "
                             "wss://HOST:PORT --pin HEX, or set net.coordinator and net.pin)."),
        central);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setAccessibleName(tr("Contribution status"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* devicesHeading = new QLabel(tr("<b>Compute devices found on this machine</b>"), central);
    layout->addWidget(devicesHeading);
    for (const DeviceLine& d : devices) {
        auto* line = new QLabel(
            d.usable ? tr("• %1 — ready").arg(d.name) : tr("• %1 — not usable: %2").arg(d.name, d.reason), central);
        line->setObjectName(QStringLiteral("deviceLine"));
        line->setWordWrap(true);
        layout->addWidget(line);
    }
    layout->addStretch(1);
    m_overview = central;
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("pages"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(central, tr("&Overview"));
    setCentralWidget(m_tabs);
    m_layout = layout;
    // The visible page follows the ledger; hidden ones are read when they are shown.
    m_refresh.setInterval(5000);
    connect(&m_refresh, &QTimer::timeout, this, &MainWindow::refreshCurrentPage);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshCurrentPage);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* quit = fileMenu->addAction(tr("&Quit"), qApp, &QCoreApplication::quit);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About Cocoon Contributor"),
            tr("Cocoon Contributor %1\nPut an idle GPU to work in the Cocoon confidential-computing "
               "network.")
                .arg(QCoreApplication::applicationVersion()));
    });
    statusBar()->showMessage(tr("Idle"));
}

void MainWindow::attachGovernor(sched::Governor* governor)
{
    m_governor = governor;
    auto* heading = new QLabel(tr("<b>Sharing this machine</b>"), m_overview);
    m_layout->insertWidget(m_layout->count() - 1, heading);
    for (const QString& device : governor->devices()) {
        auto* label = new QLabel(m_overview);
        label->setObjectName(QStringLiteral("deviceState"));
        label->setWordWrap(true);
        label->setAccessibleName(tr("State of %1").arg(device));
        m_layout->insertWidget(m_layout->count() - 1, label);
        m_stateLabels[device] = label;
    }
    auto* timelineHeading = new QLabel(tr("<b>Why it paused: recent changes</b>"), m_overview);
    m_layout->insertWidget(m_layout->count() - 1, timelineHeading);
    m_timeline = new QListWidget(m_overview);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setAccessibleName(tr("Pause and resume history"));
    m_layout->insertWidget(m_layout->count() - 1, m_timeline, 1);
    for (const auto& c : governor->history().entries())
        m_timeline->insertItem(0, timelineText(c));
    connect(governor, &sched::Governor::stateChanged, this,
        [this](const sched::StateChange& c) { m_timeline->insertItem(0, timelineText(c)); });
    connect(governor, &sched::Governor::decisionChanged, this, &MainWindow::refreshStates);

    auto* menu = new QMenu(tr("&Contribute"), this);
    const QList<QAction*> top = menuBar()->actions();
    menuBar()->insertMenu(top.size() > 1 ? top.at(1) : nullptr, menu); // between File and Help
    const auto add = [&](const QString& name, const QString& text, auto slot) {
        QAction* a = menu->addAction(text, this, slot);
        a->setObjectName(name);
        return a;
    };
    add(QStringLiteral("actionPause"), tr("&Pause"), [this] { m_governor->pause(); });
    add(QStringLiteral("actionResume"), tr("&Resume"), [this] { m_governor->resume(); });
    menu->addSeparator();
    add(QStringLiteral("actionSnooze15"), tr("Snooze for 15 minutes"),
        [this] { m_governor->snooze(sched::SnoozeLength::Minutes15); });
    add(QStringLiteral("actionSnooze60"), tr("Snooze for 1 hour"),
        [this] { m_governor->snooze(sched::SnoozeLength::Hour1); });
    add(QStringLiteral("actionSnoozeTomorrow"), tr("Snooze until tomorrow"),
        [this] { m_governor->snooze(sched::SnoozeLength::UntilTomorrow); });
    add(QStringLiteral("actionSnoozeCustom"), tr("Snooze for…"), [this] {
        bool ok = false;
        const int minutes = QInputDialog::getInt(this, tr("Snooze"),
            tr("Pause all work for how many minutes? It resumes by itself."), 30, 1, 7 * 24 * 60, 5, &ok);
        if (ok)
            m_governor->snoozeFor(std::chrono::minutes(minutes));
    });
    refreshStates();
}

void MainWindow::attachLedger(const Clock& clock, ledger::Ledger* ledger, bool testTon)
{
    if (!m_earnings) {
        m_earnings = new ui::EarningsPage(clock);
        m_wallet = new ui::WalletPage(clock);
        m_jobs = new ui::JobsPage(clock);
        m_tabs->addTab(m_earnings, tr("&Earnings"));
        m_tabs->addTab(m_wallet, tr("&Wallet"));
        m_tabs->addTab(m_jobs, tr("&Jobs"));
        m_refresh.start();
    }
    m_earnings->setLedger(ledger, testTon);
    m_wallet->setLedger(ledger, testTon);
    m_jobs->setLedger(ledger);
}

QStringList MainWindow::saveScreenshots(const QString& dir, QSize size, QStringList* problems)
{
    QStringList files;
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
            problems->append(tr("an error dialog is up: %1").arg(box->text()));
        }
    }
    showNormal();
    resize(size);
    const int current = m_tabs->currentIndex();
    for (int i = 0; i < m_tabs->count(); ++i) {
        m_tabs->setCurrentIndex(i); // also refreshes the page from the ledger
        QCoreApplication::processEvents();
        QString name = m_tabs->tabText(i).remove(u'&').toLower();
        const QString path = QStringLiteral("%1/%2-%3.png").arg(dir).arg(i + 1, 2, 10, QLatin1Char('0')).arg(name);
        if (grab().save(path)) {
            files << path;
        } else {
            problems->append(tr("could not save %1").arg(path));
        }
    }
    m_tabs->setCurrentIndex(current);
    return files;
}

void MainWindow::refreshCurrentPage()
{
    QWidget* page = m_tabs->currentWidget();
    if (page == m_earnings) {
        m_earnings->refresh();
    } else if (page == m_wallet) {
        m_wallet->refresh();
    } else if (page == m_jobs) {
        m_jobs->refresh();
    }
}

void MainWindow::showNetwork(const QString& text)
{
    m_status->setText(text);
}

void MainWindow::showTier(bool confidential, const QStringList& reasons)
{
    if (!m_tier) {
        m_tier = new QLabel(m_overview);
        m_tier->setObjectName(QStringLiteral("tierLabel"));
        m_tier->setAccessibleName(tr("Privacy tier"));
        m_tier->setWordWrap(true);
        m_layout->insertWidget(2, m_tier); // under the status
    }
    m_tier->setText(confidential
            ? tr("<b>Privacy: confidential.</b> Jobs run inside hardware-protected memory that this machine can prove.")
            : tr("<b>Privacy: sealed.</b> Jobs are encrypted end to end, but this machine cannot prove that its "
                 "memory is private (its owner could in principle inspect it): %1")
                  .arg(reasons.join(QStringLiteral("; ")).toHtmlEscaped()));
}

QString MainWindow::timelineText(const sched::StateChange& c)
{
    const QString when = c.at.toLocalTime().toString(QStringLiteral("ddd HH:mm:ss"));
    return c.run ? tr("%1  %2 working at %3%").arg(when, c.device).arg(c.dutyPercent)
                 : tr("%1  %2 paused: %3").arg(when, c.device, c.explanations.join(QStringLiteral("; ")));
}

QString MainWindow::deviceStateText(const QString& device) const
{
    auto it = m_stateLabels.find(device);
    return it == m_stateLabels.end() ? QString() : it->second->text();
}

void MainWindow::refreshStates()
{
    for (auto& [device, label] : m_stateLabels) {
        const sched::Decision d = m_governor->decision(device);
        label->setText(d.run ? tr("• %1 — may work at %2% of the time").arg(device).arg(d.dutyPercent)
                             : tr("• %1 — paused: %2").arg(device, d.explanations.join(QStringLiteral("; "))));
    }
}

} // namespace cocoon
