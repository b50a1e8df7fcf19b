#include "node/ContributorNode.h"

#include "attest/EvidenceBundle.h"
#include "common/Bytes.h"
#include "common/Hex.h"
#include "common/Logging.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "control/Control.h"
#include "control/ControlService.h"
#include "crypto/Hash.h"
#include "jobs/Catalogue.h"
#include "jobs/ModelStore.h"
#include "llm/TinyModel.h"
#include "net/DemoJobs.h"
#include "net/Tls.h"
#include "node/DemoChain.h"
#include "node/Forecast.h"
#include "sched/SystemProbe.h"
#include "wallet/Address.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>

#include <thread>

namespace cocoon::node {

namespace {

std::shared_ptr<spdlog::logger> logger()
{
    return log::get("core");
}

} // namespace

Machine probeMachine(const Ed25519PublicKey& identity, const X25519PublicKey& session, const QString& nvmlLibrary)
{
    auto log = logger();
    Machine m {gpu::Discovery::run(nvmlLibrary), {}, false};
    const gpu::Discovery& found = m.found;
    if (!found.cudaReason.empty()) {
        log->info("no CUDA device: {}", found.cudaReason);
    }
    for (const auto& d : found.devices) {
        log->info("device: {} [{}]{}", d.name, d.backend, d.usable ? "" : " not usable: " + d.reason);
    }
    if (found.nvml) {
        log->info("NVIDIA driver {}: {} GPU(s); confidential computing: {}", found.nvml->driverVersion().toStdString(),
            found.gpus.size(), found.cc.enabled ? "on" : found.cc.reason.toStdString());
    } else {
        log->info("no GPU telemetry: {}", found.nvmlReason.toStdString());
    }
    m.offersGpu = std::any_of(
        found.devices.begin(), found.devices.end(), [](const auto& d) { return d.usable && d.backend != "cpu"; });
    m.evidence = collectEvidence(m, identity, session);
    log->info("privacy tier: {}{}", m.confidential() ? "confidential" : "sealed",
        m.confidential() ? "" : " (" + m.evidence.tierReasons.join(QStringLiteral("; ")).toStdString() + ")");
    return m;
}

attest::LocalEvidence collectEvidence(
    const Machine& m, const Ed25519PublicKey& identity, const X25519PublicKey& session)
{
    const gpu::Discovery& found = m.found;
    auto evidence = attest::collectLocalEvidence(
        {}, attest::bindingReportData(identity, session), found.nvml ? &found.cc : nullptr, m.offersGpu);
    if (found.nvml && found.cc.enabled) {
        // The GPUs' own signed reports, bound to the same keys and verified here.
        attest::addGpuEvidence(evidence, *found.nvml, int(found.gpus.size()), m.offersGpu);
    }
    return evidence;
}

QList<control::DeviceLine> deviceLines(const gpu::Discovery& found)
{
    QList<control::DeviceLine> lines;
    for (const auto& d : found.devices) {
        QString name = QString::fromStdString(d.name);
        if (const auto* g = found.gpuFor(d); g && g->vramTotalBytes) {
            name += QCoreApplication::translate("Contributor", " (%1 GiB, compute %2.%3)")
                        .arg(double(*g->vramTotalBytes) / double(1ull << 30), 0, 'f', 0)
                        .arg(g->computeMajor.value_or(0))
                        .arg(g->computeMinor.value_or(0));
        }
        lines.append({name, d.usable, QString::fromStdString(d.reason), sched::Governor::deviceKey(d)});
    }
    if (!found.cudaReason.empty()) {
        lines.append({QCoreApplication::translate("Contributor", "NVIDIA GPU"), false,
            QString::fromStdString(found.cudaReason)});
    }
    return lines;
}

std::vector<net::NodeWorker> makeWorkers(const gpu::Discovery& found, sched::Governor& governor)
{
    std::vector<net::NodeWorker> workers;
    for (const kernels::DeviceInfo& d : found.devices) {
        const QString key = sched::Governor::deviceKey(d);
        if (key.isEmpty() || !governor.throttle(key)) {
            continue; // not usable, or not governed: no work runs there
        }
        const bool cuda = d.backend == "cuda";
        net::NodeWorker w;
        w.device = {key, cuda ? QStringLiteral("cuda") : QStringLiteral("cpu"), QString::fromStdString(d.name),
            d.memoryBytes, jobs::catalogueKernels(), 1};
        w.backend = cuda ? kernels::Backend::Cuda : kernels::Backend::Cpu;
        w.cudaDevice = d.index;
        w.throttle = governor.throttle(key);
        sched::Governor* g = &governor;
        const std::uint64_t memory = d.memoryBytes;
        const int index = d.index;
        w.limits = [g, key, cuda, memory, index] {
            jobs::NodeLimits limits;
            if (cuda) {
                // What the GPU has free after other processes and the owner's reserve; without
                // NVML's figures, its memory.
                // A model our last job left loaded counts as free: a job that needs the room makes it go.
                const std::uint64_t budget = g->decision(key).vramBudgetBytes;
                limits.vramBytes = budget ? budget + kernels::residentModelBytes(index) : memory;
            }
            return limits;
        };
        w.state = [g, key] {
            const sched::Decision decision = g->decision(key);
            return std::pair<bool, QString> {decision.run, decision.explanations.join(QStringLiteral("; "))};
        };
        workers.push_back(std::move(w));
    }
    return workers;
}

control::DeviceReading Readings::read(const QString& device)
{
    control::DeviceReading r;
    if (const auto index = gpu::gpuIndex(device)) {
        if (const auto t = m_telemetry.telemetry(*index)) {
            r = {t->ownUtilizationPercent, t->otherUtilizationPercent, t->temperatureC, t->powerW, t->vramUsedBytes,
                t->vramTotalBytes};
        }
    } else if (device == u"cpu") {
        const auto c = m_cpu.sample();
        r.oursPercent = c.ownPercent;
        if (c.loadPercent && c.ownPercent)
            r.othersPercent = *c.loadPercent - *c.ownPercent;
        r.temperatureC = c.temperatureC;
    }
    return r;
}

std::unique_ptr<WalletWatch> watchWallet(const wallet::Address& address, const QUrl& endpoint, const QString& apiKey,
    std::optional<wallet::Address> source, std::chrono::seconds every, const Clock& clock, ledger::Ledger* ledger)
{
    wallet::TonCenterClient::Options options;
    options.endpoint = endpoint;
    options.apiKey = apiKey;
    auto w = std::make_unique<WalletWatch>();
    w->client = std::make_unique<wallet::TonCenterClient>(options, w->network);
    w->monitor = std::make_unique<wallet::WalletMonitor>(clock, *w->client, ledger, address, source);
    QObject::connect(&w->refresh, &QTimer::timeout, w->monitor.get(), &wallet::WalletMonitor::refresh);
    w->refresh.start(every);
    return w;
}

std::unique_ptr<WalletWatch> watchWallet(const Settings& settings, const Clock& clock, ledger::Ledger* ledger)
{
    const auto address = wallet::Address::parse(settings.stringValue(QString::fromLatin1(keys::walletAddress)));
    if (!address)
        return nullptr;
    std::optional<wallet::Address> source;
    if (auto s = wallet::Address::parse(settings.stringValue(QString::fromLatin1(keys::walletPayoutSource))))
        source = s->address;
    return watchWallet(address->address, QUrl(settings.stringValue(QString::fromLatin1(keys::walletToncenterUrl))),
        settings.stringValue(QString::fromLatin1(keys::walletToncenterApiKey)), source,
        std::chrono::seconds(settings.intValue(QString::fromLatin1(keys::walletRefreshSeconds))), clock, ledger);
}

Expected<void, QString> ContributorOptions::chooseNetwork(
    const Settings& settings, std::optional<QString> url, std::optional<QString> keyPin, bool noDemo)
{
    const QString chosen = url.value_or(settings.stringValue(keys::netCoordinator));
    const QString key = keyPin.value_or(settings.stringValue(keys::netPin));
    if (!chosen.isEmpty()) {
        if (auto ok = Settings::validateText(*settings.spec(keys::netCoordinator), chosen); !ok)
            return unexpected(QStringLiteral("--coordinator: ") + ok.error().message);
        if (!key.isEmpty() && !net::isPin(key))
            return unexpected(QStringLiteral("--pin must be 64 hex digits"));
        coordinator = QUrl(chosen);
        pin = key;
    }
    demo = chosen.isEmpty() && !noDemo && settings.boolValue(keys::netDemo);
    return {};
}

Expected<std::unique_ptr<ContributorNode>, QString> ContributorNode::create(
    ContributorOptions options, const Clock& clock, Settings& settings, std::unique_ptr<sched::SystemProbe> probe)
{
    // One core per data directory, from before the keys are loaded or the ledger opened.
    auto lock = DataDirLock::acquire(options.paths.dataDir);
    if (!lock) {
        return unexpected(lock.error());
    }
    std::unique_ptr<ContributorNode> n(new ContributorNode(std::move(options), clock, settings, std::move(*lock)));
    bool created = false;
    auto identity = Ed25519PrivateKey::loadOrCreate(n->m_options.paths.nodeIdentityFile(), &created);
    if (!identity) {
        return unexpected(QStringLiteral("node identity: %1").arg(identity.error().message));
    }
    n->m_identity.emplace(std::move(*identity));
    logger()->info("node identity {} ({})", hex::encode(n->m_identity->publicKey()).toStdString(),
        created ? "created now" : "loaded");
    // The privacy tier: evidence bound to the node identity and this run's session key.
    auto session = X25519PrivateKey::generate();
    if (!session) {
        return unexpected(QStringLiteral("could not create a session key"));
    }
    n->m_session.emplace(std::move(*session));
    n->m_machine = probeMachine(n->m_identity->publicKey(), n->m_session->publicKey(), n->m_options.nvmlLibrary);

    // Scheduling runs from the start, so the owner can see (and shape) when work would yield.
    n->m_probe = probe ? std::move(probe) : sched::makeSystemProbe(clock);
    n->m_governor = std::make_unique<sched::Governor>(clock, *n->m_probe, settings);
    n->m_telemetry = std::make_unique<gpu::TelemetrySampler>(clock, n->m_machine.found.nvml.get(),
        std::chrono::milliseconds(settings.intValue(keys::gpuTelemetryMs)),
        QSet<std::uint32_t> {std::uint32_t(QCoreApplication::applicationPid())});
    n->m_governor->setDeviceSampler(n->m_telemetry.get());
    n->m_machine.found.governWith(*n->m_governor);
    n->m_readings = std::make_unique<Readings>(*n->m_telemetry);
    // The owner's pause has lasted: a language model kept loaded after its last job goes too, as a
    // running job's memory does (kernels::releaseResidentModels).
    for (const kernels::DeviceInfo& d : n->m_machine.found.devices) {
        const QString key = sched::Governor::deviceKey(d);
        const int cuda = d.backend == "cuda" ? d.index : -1;
        connect(n->m_governor.get(), &sched::Governor::deviceMemoryReleased, n.get(), [key, cuda](const QString& k) {
            if (k == key)
                kernels::releaseResidentModels(cuda);
        });
    }

    // The ledger keeps the pause history and per-minute telemetry next to the money (receipts,
    // statements and payouts arrive with the network and wallet). Without it the node still runs.
    if (auto opened = ledger::Ledger::open(n->m_options.paths.ledgerFile(), clock)) {
        n->m_ledger.emplace(std::move(*opened));
    } else {
        n->m_ledgerError = opened.error().message;
        log::get("db")->error("ledger: {}", n->m_ledgerError.toStdString());
    }
    return n;
}

ContributorNode::ContributorNode(ContributorOptions options, const Clock& clock, Settings& settings, DataDirLock lock)
    : m_options(std::move(options))
    , m_clock(clock)
    , m_settings(settings)
    , m_lock(std::move(lock))
    , m_network(QCoreApplication::translate("Contributor", "not started"))
{ }

ContributorNode::~ContributorNode()
{
    m_controlServer.reset();
    m_demoJobs.reset();
    m_client.reset(); // its workers stop before the governor that throttles them goes
    // The demo's children go before anything their signals touch: a chain or coordinator that dies
    // while the app stops must not start a replacement or write into members already destroyed.
    m_demoWallet.reset();
    m_demoChain.reset();
    if (m_demoCoordinator) {
        m_demoCoordinator->disconnect(this);
        m_demoCoordinator->terminate();
        m_demoCoordinator->waitForFinished(5000);
    }
}

void ContributorNode::start()
{
    auto dbLog = log::get("db");
    m_governor->start();
    logger()->info("scheduling: idle from {}; full screen from {}; power from {}",
        m_governor->sources().idle.toStdString(), m_governor->sources().fullscreen.toStdString(),
        m_governor->sources().power.toStdString());
    if (m_ledger) {
        connect(m_governor.get(), &sched::Governor::stateChanged, this, [this, dbLog](const sched::StateChange& c) {
            const QString state = c.run ? QStringLiteral("running %1%").arg(c.dutyPercent) : QStringLiteral("paused");
            if (auto e = m_ledger->recordStateChange(
                    c.at.toMSecsSinceEpoch(), c.device, state, c.explanations.join(QStringLiteral("; ")));
                !e) {
                dbLog->warn("ledger: {}", e.error().message.toStdString());
            }
        });
        connect(&m_rollup, &QTimer::timeout, this, [this, dbLog] {
            for (int i = 0; i < m_machine.found.gpus.size(); ++i) {
                const auto t = m_telemetry->telemetry(i);
                if (!t) {
                    continue;
                }
                ledger::TelemetrySample s {QStringLiteral("gpu%1").arg(i), t->ownUtilizationPercent,
                    t->otherUtilizationPercent, t->temperatureC,
                    t->powerW ? std::optional<int>(*t->powerW * 1000) : std::nullopt,
                    t->vramUsedBytes ? std::optional<std::int64_t>(std::int64_t(*t->vramUsedBytes)) : std::nullopt};
                if (auto e = m_ledger->recordTelemetry(s); !e) {
                    dbLog->warn("ledger: {}", e.error().message.toStdString());
                }
            }
        });
        if (m_options.telemetryRollup.count() > 0) {
            m_rollup.start(m_options.telemetryRollup);
        }
        // The payout wallet, read from the chain every wallet.refreshSeconds (payouts go to the ledger).
        m_wallet = watchWallet(m_settings, m_clock, &*m_ledger);
        if (m_wallet) {
            auto walletLog = log::get("wallet");
            connect(m_wallet->monitor.get(), &wallet::WalletMonitor::updated, this,
                [this, walletLog](const wallet::WalletStatus& s) {
                    if (s.cached || !s.known) {
                        walletLog->warn("{}", s.error.toStdString());
                        return;
                    }
                    walletLog->info("balance {} TON, {} new payout(s)", ledger::formatTon(s.balanceNano).toStdString(),
                        s.newPayouts);
                    if (s.newPayouts > 0)
                        emit payoutReceived(ledger::formatTon(s.balanceNano));
                });
            m_wallet->monitor->refresh();
        }
    }

    // The network: one outbound connection to a coordinator (this process opens no listening port).
    // With none configured, the local demo network: cocoon-coordinator as a child process on
    // 127.0.0.1 (self-signed, pinned) plus a job owner in this process submitting a steady mix of
    // every kernel. Its earnings are test TON, kept in their own ledger under <data>/demo.
    if (!m_options.coordinator.isEmpty()) {
        join(m_options.coordinator, m_options.pin, ledger(), m_options.paths.jobsDir(),
            QCoreApplication::translate("Contributor", "the coordinator at %1").arg(m_options.coordinator.toString()),
            m_settings.value(QString::fromLatin1(keys::walletAddress)).toString());
    } else if (m_options.demo) {
        startDemo();
    } else {
        setNetwork(QCoreApplication::translate("Contributor",
            "No coordinator is configured (--coordinator, or the net.coordinator setting), so "
            "nothing is being contributed."));
    }

    // The control channel (cocoonctl status, pause, resume, snooze, limits, jobs): a user-only local
    // socket for this data directory, served by the desktop app and --headless alike.
    if (m_options.controlChannel) {
        m_controlService = std::make_unique<control::Service>(control::Service::Parts {
            m_clock, *m_governor, m_settings, [this] { return activeLedger(); }, [this] { return status().toJson(); }});
        m_controlServer
            = std::make_unique<control::Server>(control::socketName(m_options.paths.dataDir), *m_controlService);
        if (auto listening = m_controlServer->listen(); !listening) {
            logger()->warn("control channel: {}", listening.error().message.toStdString());
            m_controlServer.reset();
        } else {
            logger()->info("control channel: {}", m_controlServer->fullServerName().toStdString());
        }
    }
}

QString ContributorNode::controlServerName() const
{
    return m_controlServer ? m_controlServer->fullServerName() : QString();
}

control::NodeStatus ContributorNode::status()
{
    control::NodeStatus s;
    s.ui = m_options.ui;
    s.dataDir = m_options.paths.dataDir;
    s.network = m_network;
    s.testTon = testTon();
    s.confidential = m_machine.confidential();
    s.tierReasons = m_machine.evidence.tierReasons;
    s.devices = deviceLines(m_machine.found);
    for (const QString& d : m_governor->devices()) {
        s.readings[d] = m_readings->read(d);
    }
    s.jobs = m_jobs;
    s.ledgerFile = m_demoLedger ? m_options.paths.dataDir + QStringLiteral("/demo/ledger.sqlite")
        : m_ledger              ? m_options.paths.ledgerFile()
                                : QString();
    return s;
}

void ContributorNode::setNetwork(const QString& line)
{
    m_network = line;
    emit networkChanged(line);
}

QString ContributorNode::modelsDir() const
{
    const QString dir = m_settings.stringValue(QString::fromLatin1(keys::llmModelsDir));
    return dir.isEmpty() ? m_options.paths.dataDir + QStringLiteral("/models") : dir;
}

void ContributorNode::join(const QUrl& url, const QString& pin, ledger::Ledger* book, const QString& jobsDir,
    const QString& label, const QString& payout, const QStringList& extraModelDirs)
{
    net::NodeOptions options;
    options.url = url;
    options.pin = pin;
    options.jobsDir = jobsDir;
    options.firstBackoff = m_options.firstBackoff;
    QDir().mkpath(jobsDir);
    options.payout = payout;
    const Ed25519PublicKey identity = m_identity->publicKey();
    const X25519PublicKey session = m_session->publicKey();
    options.evidence = attest::EvidenceBundle::fromLocal(
        m_machine.evidence, identity, session, std::uint64_t(m_clock.nowUtc().toMSecsSinceEpoch()))
                           .encode();
    options.renewEvidence = [this, identity, session] {
        return attest::EvidenceBundle::fromLocal(collectEvidence(m_machine, identity, session), identity, session,
            std::uint64_t(m_clock.nowUtc().toMSecsSinceEpoch()))
            .encode();
    };
    // One worker per usable device, each under its own throttle.
    options.workers = makeWorkers(m_machine.found, *m_governor);
    // The language models this computer serves (ai.generate): the GGUF files in its models folder.
    jobs::ModelStore models(QStringList {modelsDir()} + extraModelDirs);
    models.refresh();
    m_servedModels.clear();
    for (const jobs::ModelEntry& e : models.entries()) {
        if (!e.problem.isEmpty()) {
            logger()->warn("not serving {}: {}", e.path.toStdString(), e.problem.toStdString());
            continue;
        }
        logger()->info("serving model {} ({}, {} bytes)", e.name.toStdString(), e.path.toStdString(), e.bytes);
        m_servedModels << e;
        options.models << net::ModelOffer {e.sha256, e.bytes, e.name};
    }
    if (options.models.isEmpty()) { // nothing to serve (or no engine: every model file is refused)
        for (net::NodeWorker& w : options.workers)
            w.device.kernels.removeAll(QStringLiteral("ai.generate"));
    }
    for (const net::NodeWorker& w : options.workers) {
        logger()->info("worker {}: {} [{}]", w.device.id.toStdString(), w.device.name.toStdString(),
            w.device.backend.toStdString());
    }
    jobs::JobContext context;
    context.sessionKey = &*m_session;
    context.identity = &*m_identity;
    context.clock = &m_clock;
    context.nodeTier = m_machine.evidence.tier;
    context.evidenceHash = toByteArray(sha256(options.evidence));
    context.sleep = [](std::chrono::microseconds d) { std::this_thread::sleep_for(d); };
    context.models = models.lookup();
    m_client = std::make_unique<net::NodeClient>(options, context, book);
    connect(m_client.get(), &net::NodeClient::connected, this, [this, label] {
        setNetwork(QCoreApplication::translate("Contributor", "Connected to %1; contributing.").arg(label));
        emit alarmCleared();
    });
    connect(m_client.get(), &net::NodeClient::disconnected, this, [this, label](const QString& why) {
        setNetwork(QCoreApplication::translate("Contributor", "Lost %1 (%2); reconnecting.").arg(label, why));
    });
    connect(m_client.get(), &net::NodeClient::refused, this, [this, label](const QString& why) {
        const QString line = QCoreApplication::translate("Contributor", "%1 was refused: %2").arg(label, why);
        setNetwork(line);
        emit alarm(line);
    });
    for (const auto signal : {&net::NodeClient::coordinatorRollback, &net::NodeClient::coordinatorKeyAlarm}) {
        connect(m_client.get(), signal, this, [this](const QString& why) {
            setNetwork(QCoreApplication::translate("Contributor", "WARNING: %1").arg(why));
            emit alarm(why);
        });
    }
    connect(m_client.get(), &net::NodeClient::jobStarted, this,
        [this](const QByteArray&, const QString& kernel, const QString& device) {
            m_jobs[device] = kernel;
            emit jobChanged(device, kernel);
        });
    connect(m_client.get(), &net::NodeClient::jobFinished, this,
        [this](const QByteArray& id, bool ok, const QString& detail, const QString& device) {
            logger()->info("job {} {} on {}: {}", id.toHex().left(16).toStdString(), ok ? "done" : "failed",
                device.toStdString(), detail.toStdString());
            m_jobs.erase(device);
            emit jobChanged(device, {});
        });
    m_client->start();
}

void ContributorNode::startDemo()
{
    const QString demoDir = m_options.paths.dataDir + QStringLiteral("/demo");
    auto book = QDir().mkpath(demoDir) ? ledger::Ledger::open(demoDir + QStringLiteral("/ledger.sqlite"), m_clock)
                                       : ledger::Ledger::open(demoDir, m_clock);
    if (!book) {
        return setNetwork(QCoreApplication::translate("Contributor", "The demo network could not start: %1")
                              .arg(book.error().message));
    }
    m_demoLedger.emplace(std::move(*book));
    emit demoLedgerOpened(&*m_demoLedger); // the pages show the demo's test TON
    setNetwork(QCoreApplication::translate(
        "Contributor", "Starting the local demo network (test TON, no account, no internet)..."));
    // The demo pays test TON to the user's payout address, or to one made up for the demo, on an
    // emulated TON chain when one can run here.
    if (auto own = wallet::Address::parse(m_settings.stringValue(QString::fromLatin1(keys::walletAddress)))) {
        m_demoPayout = own->address.toRaw();
    } else {
        wallet::Address made;
        made.hash = sha256(QByteArray("cocoon demo payout ") + toByteArray(m_identity->publicKey()));
        m_demoPayout = made.toRaw();
    }
    const QString why = DemoChain::unavailable(m_options.demoChain);
    if (!why.isEmpty()) {
        logger()->info("demo payouts are off: {}", why.toStdString());
        m_demoLabel
            = QCoreApplication::translate("Contributor", "the local demo network (test TON; payouts off: %1)").arg(why);
        return startDemoCoordinator({});
    }
    m_demoChain = std::make_unique<DemoChain>(m_options.demoChain);
    connect(m_demoChain.get(), &DemoChain::ready, this, [this](const QString& endpoint) {
        m_demoLabel = QCoreApplication::translate(
            "Contributor", "the local demo network (test TON, paid out on an emulated TON chain)");
        startDemoCoordinator(endpoint);
    });
    connect(m_demoChain.get(), &DemoChain::failed, this, [this](const QString& failure) {
        logger()->warn("demo payouts are off: {}", failure.toStdString());
        m_demoLabel = QCoreApplication::translate("Contributor", "the local demo network (test TON; payouts off: %1)")
                          .arg(failure);
        startDemoCoordinator({});
    });
    m_demoChain->start();
}

void ContributorNode::startDemoCoordinator(const QString& chain)
{
    const QString demoDir = m_options.paths.dataDir + QStringLiteral("/demo");
    m_demoCoordinator = std::make_unique<QProcess>();
    m_demoCoordinator->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(m_demoCoordinator.get(), &QProcess::readyReadStandardOutput, this, [this] {
        while (m_demoCoordinator->canReadLine())
            onDemoCoordinatorLine(QString::fromUtf8(m_demoCoordinator->readLine()));
    });
    const QString program = m_options.coordinatorProgram.isEmpty()
        ? QCoreApplication::applicationDirPath() + QStringLiteral("/cocoon-coordinator")
        : m_options.coordinatorProgram;
    QStringList args {QStringLiteral("--data-dir"), demoDir + QStringLiteral("/coordinator"),
        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--lease-seconds"),
        QStringLiteral("30")};
    if (!chain.isEmpty()) {
        // Small thresholds, so test TON arrive within a minute of the first jobs.
        args << QStringLiteral("--payout-key") << demoDir + QStringLiteral("/coordinator/payout-key.pem")
             << QStringLiteral("--toncenter") << chain << QStringLiteral("--min-payout") << QStringLiteral("0.000001")
             << QStringLiteral("--settle-seconds") << QString::number(m_options.demoSettle.count());
    }
    m_demoCoordinator->start(program, args);
}

void ContributorNode::onDemoCoordinatorLine(const QString& line)
{
    const QString demoDir = m_options.paths.dataDir + QStringLiteral("/demo");
    const auto payout
        = QRegularExpression(QStringLiteral(R"(^payout wallet \S+ \((-?\d+:[0-9a-f]{64})\))")).match(line);
    if (payout.hasMatch() && m_demoChain) {
        // Fund the demo coordinator's payout wallet, and watch the demo payout address on the same
        // chain: payouts land in the demo ledger.
        m_demoChain->fund(payout.captured(1), 1000 * std::int64_t(1'000'000'000));
        m_demoWallet = watchWallet(wallet::Address::parse(m_demoPayout)->address, QUrl(m_demoChain->endpoint()), {},
            std::nullopt, std::chrono::seconds(5), m_clock, &*m_demoLedger);
        connect(
            m_demoWallet->monitor.get(), &wallet::WalletMonitor::updated, this, [this](const wallet::WalletStatus& s) {
                if (s.newPayouts <= 0)
                    return;
                const auto t = m_demoLedger->totals();
                logger()->info("demo payout arrived on the emulated chain: balance {} test TON; {} paid of {} credited",
                    ledger::formatTon(s.balanceNano).toStdString(),
                    ledger::formatTon(t ? t->paidNano : 0).toStdString(),
                    ledger::formatTon(t ? t->creditedNano : 0).toStdString());
                emit payoutReceived(ledger::formatTon(s.balanceNano));
            });
        return;
    }
    if (m_client)
        return;
    const auto m = QRegularExpression(QStringLiteral(R"((wss://\S+) pin ([0-9a-f]{64}))")).match(line);
    if (!m.hasMatch()) {
        return setNetwork(
            QCoreApplication::translate("Contributor", "The demo network could not start: %1").arg(line.trimmed()));
    }
    // The demo serves a tiny random-weight model it makes itself (no download), so AI queries
    // run end to end; its answers are gibberish and labelled so.
    const QString demoModels = demoDir + QStringLiteral("/models");
    const QString demoModel = demoModels + QStringLiteral("/cocoon-demo-tiny.gguf");
    if (kernels::llmAvailable() && QDir().mkpath(demoModels) && !QFileInfo::exists(demoModel)) {
        std::string why;
        kernels::TinyModelSpec spec;
        spec.name = "cocoon-demo-tiny (random weights: answers are gibberish)";
        if (!kernels::writeTinyModel(demoModel.toStdString(), spec, why))
            logger()->warn("the demo model could not be made: {}", why);
    }
    join(QUrl(m.captured(1)), m.captured(2), &*m_demoLedger, demoDir + QStringLiteral("/jobs"), m_demoLabel,
        m_demoPayout, {demoModels});
    m_demoJobs
        = std::make_unique<net::DemoJobGenerator>(m_clock, QUrl(m.captured(1)), m.captured(2), std::chrono::seconds(2));
    // The demo's owner asks the model the node now serves (checked and hashed once, by join()).
    const QString demoPath = QFileInfo(demoModel).absoluteFilePath();
    for (const jobs::ModelEntry& e : m_servedModels) {
        if (e.path == demoPath)
            m_demoJobs->setModel(e.sha256, e.bytes);
    }
    connect(m_demoJobs.get(), &net::DemoJobGenerator::generated, this, [](const QString& text) {
        logger()->info(
            "demo AI query answered (random-weight demo model, gibberish): {}", text.left(120).toStdString());
    });
    connect(m_demoJobs.get(), &net::DemoJobGenerator::jobCompleted, this,
        [this](const QString& kernel, std::uint64_t units, std::uint64_t nano) {
            const auto t = m_demoLedger->totals();
            const QString summary = QCoreApplication::translate("Contributor",
                "Demo network: %1 done (%2 units, %3 test TON); %4 test TON "
                "credited so far.")
                                        .arg(kernel)
                                        .arg(units)
                                        .arg(ledger::formatTon(std::int64_t(nano)))
                                        .arg(ledger::formatTon(t ? t->creditedNano : 0));
            logger()->info("{}", summary.toStdString());
            m_network = summary;
            emit demoJobCompleted(summary, m_demoJobs->completed());
        });
    connect(m_demoJobs.get(), &net::DemoJobGenerator::jobFailed, this, [](const QString& kernel, const QString& why) {
        logger()->warn("demo job {} failed: {}", kernel.toStdString(), why.toStdString());
    });
    m_demoJobs->start();
}

} // namespace cocoon::node
