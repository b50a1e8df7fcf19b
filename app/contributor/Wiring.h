#pragma once
// What cocoon-contributor wires the same way whether the window runs its own core or watches a
// headless instance: the device list and live readings (and their JSON for the control channel),
// the payout wallet read from the chain, and the window's desktop chrome (tray, autostart,
// language, single-instance raise).
#include "DashboardPage.h"
#include "MainWindow.h"
#include "attest/LocalEvidence.h"
#include "gpu/Discovery.h"
#include "gpu/Telemetry.h"
#include "wallet/WalletMonitor.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTimer>

#include <memory>

namespace cocoon {
class Settings;
class SingleInstance;
namespace ledger {
class Ledger;
}
namespace ui {
class Tray;
}
} // namespace cocoon

namespace cocoon::app {

/// What this machine offers: its devices, and the confidential-computing evidence bound to the
/// node identity and this run's session key (logged as found).
struct Machine
{
    gpu::Discovery found;
    attest::LocalEvidence evidence;
    bool offersGpu = false;
    bool confidential() const { return evidence.tier == jobs::Tier::Confidential; }
};
Machine probeMachine(const Ed25519PublicKey& identity, const X25519PublicKey& session);
/// This machine's evidence bound to the two keys, collected now (a fresh TEE report each time:
/// the node renews its bundle with it before verifiers' 24 h limit).
attest::LocalEvidence collectEvidence(
    const Machine& m, const Ed25519PublicKey& identity, const X25519PublicKey& session);

QList<MainWindow::DeviceLine> deviceLines(const gpu::Discovery& found);
QJsonArray deviceLinesJson(const QList<MainWindow::DeviceLine>& lines);
QList<MainWindow::DeviceLine> deviceLinesFromJson(const QJsonArray& lines);

/// A device's live figures: a GPU's from its telemetry, the CPU's from /proc (this process's own
/// share against the rest).
class Readings
{
public:
    explicit Readings(gpu::TelemetrySampler& telemetry)
        : m_telemetry(telemetry)
    { }
    ui::DeviceReading read(const QString& device);
    /// {"cpu": {...}, "gpu0": {...}} for the control channel's status.
    QJsonObject json(const QStringList& devices);

private:
    gpu::TelemetrySampler& m_telemetry;
    gpu::CpuMonitor m_cpu;
};
ui::DeviceReading readingFromJson(const QJsonObject& reading);

/// The payout wallet (wallet.address) read from the chain every wallet.refreshSeconds. `ledger`
/// may be null: the balance is shown, payouts are recorded by whoever keeps the ledger.
struct WalletWatch
{
    QNetworkAccessManager network;
    std::unique_ptr<wallet::TonCenterClient> client;
    std::unique_ptr<wallet::WalletMonitor> monitor;
    QTimer refresh;
};
/// Null when no valid payout address is set.
std::unique_ptr<WalletWatch> watchWallet(const Settings& settings, const Clock& clock, ledger::Ledger* ledger);

/// The wallet page shows each reading of the chain; the tray tells of new payouts.
void showWallet(WalletWatch* wallet, MainWindow& window, ui::Tray& tray);

/// The window's and tray's desktop behaviour: notifications and close-to-tray follow the settings,
/// a second launch raises the window, File > Start at login, File > Language, Quit in the tray.
void wireDesktop(MainWindow& window, ui::Tray& tray, Settings& settings, SingleInstance* instance);

} // namespace cocoon::app
