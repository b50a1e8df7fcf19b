#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
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

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setSpacing(12);

    auto* heading = new QLabel(tr("<h2>Cocoon Contributor</h2>"), central);
    heading->setAccessibleName(tr("Application name"));
    layout->addWidget(heading);

    m_status = new QLabel(tr("Not contributing yet: no network is configured. Joining the Cocoon network "
                             "(and the local demo network) arrives in a later version."),
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
    setCentralWidget(central);

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

} // namespace cocoon
