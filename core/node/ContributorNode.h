#pragma once
// The running contributor, with no window: what cocoon-contributor runs in-process and with
// --headless alike. It holds the data directory (one core per directory), the node identity and
// this run's session key, what the machine offers (devices, evidence), the governor and telemetry,
// the ledgers, the payout wallet's watch, the network (a coordinator, or the local demo network),
// and the control channel. It joins the network with one worker per usable device: each device's
// backend, limits and throttle come from discovery and the governor, so a job leased to the GPU
// runs on the GPU and pauses when that GPU is wanted, while the CPU worker carries on.
#include "attest/LocalEvidence.h"
#include "common/Clock.h"
#include "common/DataDirLock.h"
#include "common/Expected.h"
#include "common/Paths.h"
#include "control/NodeStatus.h"
#include "crypto/Ed25519.h"
#include "crypto/X25519.h"
#include "gpu/Discovery.h"
#include "gpu/Telemetry.h"
#include "jobs/ModelStore.h"
#include "ledger/Ledger.h"
#include "net/NodeClient.h"
#include "sched/Governor.h"
#include "wallet/WalletMonitor.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

class QProcess;

namespace cocoon {
class Settings;
}
namespace cocoon::control {
class Server;
class Service;
} // namespace cocoon::control
namespace cocoon::net {
class DemoJobGenerator;
}

namespace cocoon::node {

class DemoChain;

/// What this machine offers: its devices, and the confidential-computing evidence bound to the
/// node identity and this run's session key.
struct Machine
{
    gpu::Discovery found;
    attest::LocalEvidence evidence;
    bool offersGpu = false;
    bool confidential() const { return evidence.tier == jobs::Tier::Confidential; }
};
/// Probes devices and NVML (`nvmlLibrary` overrides the NVML file) and collects evidence (logged).
Machine probeMachine(const Ed25519PublicKey& identity, const X25519PublicKey& session, const QString& nvmlLibrary = {});
/// This machine's evidence bound to the two keys, collected now (a fresh TEE report each time: the
/// node renews its bundle with it before verifiers' 24 h limit).
attest::LocalEvidence collectEvidence(
    const Machine& m, const Ed25519PublicKey& identity, const X25519PublicKey& session);
/// The Devices list: every device found, usable or not and why.
QList<control::DeviceLine> deviceLines(const gpu::Discovery& found);

/// One worker per usable device: "cpu" on the CPU backend, "gpu<N>" on CUDA device N, each with
/// its own throttle and run state from `governor` (which must govern it) and its limits: host
/// memory for all, and for a GPU the free-memory budget the governor computes (its whole memory
/// while NVML gives no figures).
std::vector<net::NodeWorker> makeWorkers(const gpu::Discovery& found, sched::Governor& governor);

/// A device's live figures: a GPU's from its telemetry, the CPU's from /proc.
class Readings
{
public:
    explicit Readings(gpu::TelemetrySampler& telemetry)
        : m_telemetry(telemetry)
    { }
    control::DeviceReading read(const QString& device);

private:
    gpu::TelemetrySampler& m_telemetry;
    gpu::CpuMonitor m_cpu;
};

/// The payout wallet (wallet.address) read from the chain every wallet.refreshSeconds.
struct WalletWatch
{
    QNetworkAccessManager network;
    std::unique_ptr<wallet::TonCenterClient> client;
    std::unique_ptr<wallet::WalletMonitor> monitor;
    QTimer refresh;
};
/// Null when no valid payout address is set. `ledger` may be null (the balance is still read;
/// payouts are recorded by whoever keeps the ledger).
std::unique_ptr<WalletWatch> watchWallet(const Settings& settings, const Clock& clock, ledger::Ledger* ledger);
/// `address` read from `endpoint` every `every`; payouts from `source` and from the payout wallets
/// the ledger's statements name.
std::unique_ptr<WalletWatch> watchWallet(const wallet::Address& address, const QUrl& endpoint, const QString& apiKey,
    std::optional<wallet::Address> source, std::chrono::seconds every, const Clock& clock, ledger::Ledger* ledger);

struct ContributorOptions
{
    Paths paths;
    QString ui = QStringLiteral("headless"); ///< "headless" or "desktop" (the control channel says which)
    QUrl coordinator; ///< join this coordinator (wss://HOST:PORT); empty: the demo network, or nothing
    QString pin; ///< its key pin
    bool demo = false; ///< without a coordinator, run the local demo network
    QString coordinatorProgram; ///< cocoon-coordinator, for the demo network
    /// The demo network's emulated TON chain (tests/ton-emulator/server.mjs); empty or missing: the
    /// demo runs without payouts and says why.
    QString demoChain;
    std::chrono::seconds demoSettle {10}; ///< how often the demo coordinator pays
    QString nvmlLibrary; ///< another NVML file (tests, unusual installs)
    std::chrono::milliseconds firstBackoff {500}; ///< reconnecting to the coordinator
    bool controlChannel = true;
    std::chrono::milliseconds telemetryRollup {15000}; ///< GPU telemetry into the ledger (0: off)

    /// The network to join: a coordinator `url` and `keyPin` given (on the command line) win over the
    /// net.coordinator and net.pin settings; without a coordinator, the demo network unless
    /// `noDemo` or net.demo is off. A malformed URL or pin is an error for whoever typed it.
    Expected<void, QString> chooseNetwork(
        const Settings& settings, std::optional<QString> url, std::optional<QString> keyPin, bool noDemo);
};

class ContributorNode : public QObject
{
    Q_OBJECT
public:
    /// Takes the data directory (one core per directory), loads or creates the node identity,
    /// probes the machine, sets up the governor over `probe` (null: this system's) and opens the
    /// ledger. Nothing runs until start().
    static Expected<std::unique_ptr<ContributorNode>, QString> create(ContributorOptions options, const Clock& clock,
        Settings& settings, std::unique_ptr<sched::SystemProbe> probe = nullptr);
    ~ContributorNode() override;

    /// Starts scheduling, the telemetry roll-up, the wallet watch, the network and the control
    /// channel.
    void start();

    const Machine& machine() const { return m_machine; }
    const Ed25519PrivateKey& identity() const { return *m_identity; }
    sched::Governor& governor() { return *m_governor; }
    gpu::TelemetrySampler& telemetry() { return *m_telemetry; }
    Readings& readings() { return *m_readings; }
    /// The node's own ledger (null when it could not be opened; `ledgerError` says why).
    ledger::Ledger* ledger() { return m_ledger ? &*m_ledger : nullptr; }
    QString ledgerError() const { return m_ledgerError; }
    /// The ledger of the network in use: the demo network's (test TON) once it runs, else ledger().
    ledger::Ledger* activeLedger() { return m_demoLedger ? &*m_demoLedger : ledger(); }
    bool testTon() const { return bool(m_demoLedger); }
    /// The joined coordinator's price per unit of `kernel`; nullopt before its welcome.
    std::optional<std::uint64_t> price(const QString& kernel) const
    {
        return m_client ? m_client->price(kernel) : std::nullopt;
    }
    WalletWatch* wallet() { return m_wallet.get(); }
    /// Null until the node joins a network.
    net::NodeClient* client() { return m_client.get(); }
    net::DemoJobGenerator* demoJobs() { return m_demoJobs.get(); }
    QString networkLine() const { return m_network; }
    /// What the control channel's status says about this node.
    control::NodeStatus status();
    /// The control channel's socket (empty unless it listens).
    QString controlServerName() const;

signals:
    /// The network line changed (connected, lost, refused, demo progress...).
    void networkChanged(const QString& line);
    /// Something the owner must see (a refusal, a coordinator's rollback or key change).
    void alarm(const QString& message);
    void alarmCleared();
    /// A job started on `device` (`kernel`), or finished there (empty kernel).
    void jobChanged(const QString& device, const QString& kernel);
    /// The demo network's ledger is open: the pages show its test TON from now on.
    void demoLedgerOpened(cocoon::ledger::Ledger* ledger);
    /// A payout arrived in the wallet; its balance now, in TON.
    void payoutReceived(const QString& balanceTon);
    /// A demo job completed (summary in words; `completed` so far).
    void demoJobCompleted(const QString& summary, std::uint64_t completed);

private:
    ContributorNode(ContributorOptions options, const Clock& clock, Settings& settings, DataDirLock lock);
    void setNetwork(const QString& line);
    void join(const QUrl& url, const QString& pin, ledger::Ledger* book, const QString& jobsDir, const QString& label,
        const QString& payout, const QStringList& extraModelDirs = {});
    /// The folder of models this computer serves (the llm.modelsDir setting, or <data>/models).
    QString modelsDir() const;
    /// The demo coordinator, paying on `chain` (a toncenter endpoint) unless it is empty.
    void startDemoCoordinator(const QString& chain);
    void onDemoCoordinatorLine(const QString& line);
    void startDemo();

    ContributorOptions m_options;
    const Clock& m_clock;
    Settings& m_settings;
    DataDirLock m_lock;
    std::optional<Ed25519PrivateKey> m_identity;
    std::optional<X25519PrivateKey> m_session;
    Machine m_machine;
    std::unique_ptr<sched::SystemProbe> m_probe;
    std::unique_ptr<sched::Governor> m_governor;
    std::unique_ptr<gpu::TelemetrySampler> m_telemetry;
    std::unique_ptr<Readings> m_readings;
    std::optional<ledger::Ledger> m_ledger;
    QString m_ledgerError;
    std::optional<ledger::Ledger> m_demoLedger;
    QTimer m_rollup;
    std::unique_ptr<WalletWatch> m_wallet;
    std::unique_ptr<QProcess> m_demoCoordinator;
    std::unique_ptr<DemoChain> m_demoChain;
    std::unique_ptr<WalletWatch> m_demoWallet; ///< the demo payout address on the emulated chain
    QString m_demoPayout; ///< where the demo pays (the user's address, or one made up for the demo)
    QString m_demoLabel;
    std::unique_ptr<net::DemoJobGenerator> m_demoJobs;
    std::unique_ptr<net::NodeClient> m_client;
    QList<jobs::ModelEntry> m_servedModels; ///< what the last join() offered (ai.generate)
    std::unique_ptr<control::Service> m_controlService;
    std::unique_ptr<control::Server> m_controlServer;
    QString m_network;
    std::map<QString, QString> m_jobs; ///< device -> kernel running there
};

} // namespace cocoon::node
