#include "MainWindow.h"

#include "ActivityPage.h"
#include "DashboardPage.h"
#include "EarningsPage.h"
#include "JobsPage.h"
#include "Language.h"
#include "LimitsEditor.h"
#include "Tray.h"
#include "WalletPage.h"
#include "sched/Scheduler.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
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
namespace {
// Where each page goes, whatever order the app attaches them in.
enum Rank { DashboardRank, EarningsRank, WalletRank, JobsRank, LimitsRank, ActivityRank };
} // namespace

MainWindow::MainWindow(const Clock& clock, const QList<DeviceLine>& devices, QWidget* parent)
    : QMainWindow(parent)
    , m_clock(clock)
{
    setWindowTitle(tr("Cocoon Contributor"));
    setObjectName(QStringLiteral("mainWindow"));
    initResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/cocoon-contributor.svg")));
    resize(1100, 720);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(8);

    QList<ui::DashboardPage::Device> cards;
    QStringList unusable;
    for (const DeviceLine& d : devices) {
        if (d.usable && !d.key.isEmpty())
            cards.append({d.key, d.name});
        else if (!d.usable)
            unusable << tr("%1 — not usable: %2").arg(d.name, d.reason);
    }
    m_dashboard = new ui::DashboardPage(m_clock, cards, central);
    layout->addWidget(m_dashboard, 1);
    m_status = m_dashboard->networkLabel(); // the network line heads the Dashboard
    m_status->setText(tr("Not contributing: no coordinator is configured (start with --coordinator "
                         "wss://HOST:PORT --pin HEX, or set net.coordinator and net.pin)."));
    for (const QString& u : unusable) {
        auto* line = new QLabel(u, central);
        line->setObjectName(QStringLiteral("deviceLine"));
        line->setWordWrap(true);
        layout->addWidget(line);
    }
    m_layout = layout;
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("pages"));
    m_tabs->setDocumentMode(true);
    addPage(central, tr("&Dashboard"), DashboardRank);
    setCentralWidget(m_tabs);
    // The visible page follows the ledger; hidden ones are read when they are shown.
    m_refresh.setInterval(5000);
    connect(&m_refresh, &QTimer::timeout, this, &MainWindow::refreshCurrentPage);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshCurrentPage);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* enrol = fileMenu->addAction(tr("Set &up again…"), this, &MainWindow::enrolRequested);
    enrol->setObjectName(QStringLiteral("actionEnrol"));
    QAction* autostart = fileMenu->addAction(tr("Start at &login"));
    autostart->setObjectName(QStringLiteral("actionAutostart"));
    autostart->setCheckable(true);
    connect(autostart, &QAction::toggled, this, &MainWindow::autostartToggled);
    auto* languages = fileMenu->addMenu(tr("&Language"));
    languages->setObjectName(QStringLiteral("menuLanguage"));
    auto* languageGroup = new QActionGroup(this);
    for (const QString& code :
        QStringList {QStringLiteral("system"), QStringLiteral("en")} + ui::translatedLanguages()) {
        QAction* a = languages->addAction(ui::languageName(code));
        a->setObjectName(QStringLiteral("language_%1").arg(code));
        a->setCheckable(true);
        a->setData(code);
        languageGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] { emit languageChosen(code); });
    }
    fileMenu->addSeparator();
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

void MainWindow::addPage(QWidget* page, const QString& title, int rank)
{
    page->setProperty("pageRank", rank);
    int at = 0;
    while (at < m_tabs->count() && m_tabs->widget(at)->property("pageRank").toInt() < rank)
        ++at;
    m_tabs->insertTab(at, page, title);
}

void MainWindow::attachScheduler(sched::Scheduler* scheduler)
{
    m_scheduler = scheduler;
    m_dashboard->attachScheduler(scheduler);
    if (!m_activity) {
        m_activity = new ui::ActivityPage;
        addPage(m_activity, tr("&Activity"), ActivityRank);
    }
    m_activity->attachScheduler(scheduler);

    auto* menu = new QMenu(tr("&Contribute"), this);
    const QList<QAction*> top = menuBar()->actions();
    menuBar()->insertMenu(top.size() > 1 ? top.at(1) : nullptr, menu); // between File and Help
    const auto add = [&](const QString& name, const QString& text, auto slot) {
        QAction* a = menu->addAction(text, this, slot);
        a->setObjectName(name);
        return a;
    };
    add(QStringLiteral("actionPause"), tr("&Pause"), [this] {
        m_scheduler->pause();
    })->setShortcut(Qt::CTRL | Qt::Key_P);
    add(QStringLiteral("actionResume"), tr("&Resume"), [this] {
        m_scheduler->resume();
    })->setShortcut(Qt::CTRL | Qt::Key_R);
    menu->addSeparator();
    add(QStringLiteral("actionSnooze15"), tr("Snooze for 15 minutes"),
        [this] { m_scheduler->snooze(sched::SnoozeLength::Minutes15); });
    add(QStringLiteral("actionSnooze60"), tr("Snooze for 1 hour"),
        [this] { m_scheduler->snooze(sched::SnoozeLength::Hour1); });
    add(QStringLiteral("actionSnoozeTomorrow"), tr("Snooze until tomorrow"),
        [this] { m_scheduler->snooze(sched::SnoozeLength::UntilTomorrow); });
    add(QStringLiteral("actionSnoozeCustom"), tr("Snooze for…"), [this] {
        bool ok = false;
        const int minutes = QInputDialog::getInt(this, tr("Snooze"),
            tr("Pause all work for how many minutes? It resumes by itself."), 30, 1, 7 * 24 * 60, 5, &ok);
        if (ok)
            m_scheduler->snoozeFor(std::chrono::minutes(minutes));
    });
}

void MainWindow::attachLedger(ledger::Ledger* ledger, bool testTon)
{
    if (!m_earnings) {
        m_earnings = new ui::EarningsPage(m_clock);
        m_wallet = new ui::WalletPage(m_clock);
        m_jobs = new ui::JobsPage(m_clock);
        addPage(m_earnings, tr("&Earnings"), EarningsRank);
        addPage(m_wallet, tr("&Wallet"), WalletRank);
        addPage(m_jobs, tr("&Jobs"), JobsRank);
        m_refresh.start();
    }
    m_earnings->setLedger(ledger, testTon);
    m_wallet->setLedger(ledger, testTon);
    m_jobs->setLedger(ledger);
    m_dashboard->setLedger(ledger, testTon);
}

void MainWindow::attachLimits(Settings& settings, std::function<QStringList()> processes, const QStringList& devices)
{
    if (m_limits)
        return;
    m_limits = new ui::LimitsEditor(settings, std::move(processes), devices);
    addPage(m_limits, tr("&Limits"), LimitsRank);
}

void MainWindow::setTray(ui::Tray* tray, bool closeToTray)
{
    m_tray = tray;
    m_closeToTray = closeToTray;
}

void MainWindow::setAutostart(bool on)
{
    auto* a = findChild<QAction*>(QStringLiteral("actionAutostart"));
    const QSignalBlocker block(a);
    a->setChecked(on);
}

void MainWindow::setLanguage(const QString& choice)
{
    if (auto* a = findChild<QAction*>(QStringLiteral("language_%1").arg(choice)))
        a->setChecked(true);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_tray && m_closeToTray && m_tray->isVisible()) {
        hide();
        event->ignore();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->notify(tr("Still running"),
                tr("Cocoon Contributor keeps working in the tray. Use Quit in its menu to stop it."));
        }
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    // Minimised with a tray icon: out of the task bar too, like closing.
    if (event->type() == QEvent::WindowStateChange && isMinimized() && m_tray && m_closeToTray && m_tray->isVisible())
        QTimer::singleShot(0, this, &QWidget::hide);
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
    m_dashboard->setNetwork(text);
}

void MainWindow::showTier(bool confidential, const QStringList& reasons)
{
    if (!m_tier) {
        m_tier = new QLabel(m_tabs->widget(0));
        m_tier->setObjectName(QStringLiteral("tierLabel"));
        m_tier->setAccessibleName(tr("Privacy tier"));
        m_tier->setWordWrap(true);
        m_layout->insertWidget(0, m_tier); // above the device cards
    }
    const QString why = reasons.join(QStringLiteral("; "));
    m_tier->setText(confidential
            ? tr("<b>Privacy: confidential.</b> Jobs run inside hardware-protected memory that this machine can prove.")
            : tr("<b>Privacy: sealed.</b> Jobs are encrypted end to end, but this machine cannot prove that its "
                 "memory is private (its owner could in principle inspect it): %1")
                  .arg(why.toHtmlEscaped()));
    m_dashboard->setTier(confidential, why);
}

QString MainWindow::deviceStateText(const QString& device) const
{
    return m_dashboard->stateText(device);
}

} // namespace cocoon
