// cocoon-coordinator: the reference coordinator (logic in core/net/Coordinator). Options only.
#include "Harden.h"
#include "QuitOnSignal.h"
#include "Runtime.h"
#include "common/Logging.h"
#include "common/Version.h"
#include "crypto/Ed25519.h"
#include "jobs/Catalogue.h"
#include "ledger/Ledger.h"
#include "net/Coordinator.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

int main(int argc, char** argv)
{
    (void)cocoon::disableCoreDumps(); // its statement-signing key is in memory
    QCoreApplication app(argc, argv);
    cocoon::setApplicationIdentity(QStringLiteral("cocoon-coordinator"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The reference Cocoon coordinator: nodes and job owners connect here over WSS; sealed jobs are routed to "
        "the node they were sealed to, results checked, and nodes credited with signed statements."));
    cocoon::addCommonOptions(parser);
    parser.addOption(
        {QStringLiteral("listen"), QStringLiteral("Address and port (default 127.0.0.1:7443; port 0: any)."),
            QStringLiteral("host:port"), QStringLiteral("127.0.0.1:7443")});
    parser.addOption({QStringLiteral("tls-cert"), QStringLiteral("Certificate (PEM)."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("tls-key"), QStringLiteral("Private key (PEM)."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("self-signed"),
        QStringLiteral("Use a self-signed certificate kept in the data directory (the default without --tls-cert).")});
    parser.addOption({QStringLiteral("metrics-port"),
        QStringLiteral("Serve /metrics and /health on 127.0.0.1:PORT (default: any free port)."),
        QStringLiteral("port"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("price-nano"),
        QStringLiteral("Price per work unit in nanoTON for every kernel without its own --price (default 1). Nodes "
                       "are credited at these prices; owners offering less are refused."),
        QStringLiteral("n"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("price"),
        QStringLiteral("A kernel's own price per work unit in nanoTON, e.g. ai.mlp=2 (repeatable)."),
        QStringLiteral("kernel=n")});
    parser.addOption(
        {QStringLiteral("max-connections"), QStringLiteral("Open connections allowed in total (default 16384)."),
            QStringLiteral("n"), QStringLiteral("16384")});
    parser.addOption({QStringLiteral("max-connections-per-address"),
        QStringLiteral("Open connections allowed from one IP address (default 256)."), QStringLiteral("n"),
        QStringLiteral("256")});
    parser.addOption({QStringLiteral("lease-seconds"),
        QStringLiteral("How long a silent node may hold a job before it is offered again (default 120)."),
        QStringLiteral("s"), QStringLiteral("120")});
    parser.addOption({QStringLiteral("payout-key"),
        QStringLiteral("Pay nodes in TON from the wallet v5r1 of this Ed25519 key file (created, mode 0600, when "
                       "missing; its address is printed at start). Without it, nodes are credited but not paid."),
        QStringLiteral("file")});
    parser.addOption({QStringLiteral("toncenter"),
        QStringLiteral("toncenter HTTP API v2 endpoint for payouts (default https://toncenter.com/api/v2/)."),
        QStringLiteral("url"), QStringLiteral("https://toncenter.com/api/v2/")});
    parser.addOption({QStringLiteral("toncenter-key"), QStringLiteral("toncenter API key."), QStringLiteral("key")});
    parser.addOption({QStringLiteral("min-payout"),
        QStringLiteral("Pay a node once its unpaid credit reaches this many TON (default 1)."), QStringLiteral("ton"),
        QStringLiteral("1")});
    parser.addOption({QStringLiteral("idle-payout"),
        QStringLiteral("Pay a node this much or more once it has earned nothing for --idle-hours (default 0.1)."),
        QStringLiteral("ton"), QStringLiteral("0.1")});
    parser.addOption({QStringLiteral("idle-hours"), QStringLiteral("See --idle-payout (default 24)."),
        QStringLiteral("h"), QStringLiteral("24")});
    parser.addOption({QStringLiteral("settle-seconds"),
        QStringLiteral("How often the payout wallet is reconciled and due payments sent (default 60)."),
        QStringLiteral("s"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("testnet"), QStringLiteral("The payout wallet is on the TON testnet.")});
    parser.process(app);

    cocoon::SystemClock clock;
    auto runtime = cocoon::startRuntime(parser, clock);
    if (!runtime) {
        QTextStream(stderr) << "cocoon-coordinator: " << runtime.error() << Qt::endl;
        return 1;
    }
    cocoon::quitOnTerminationSignals(app);
    const auto fail = [](const QString& why, int code = 1) {
        QTextStream(stderr) << "cocoon-coordinator: " << why << Qt::endl;
        return code;
    };

    cocoon::net::CoordinatorOptions options;
    const QString listen = parser.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    options.address = QHostAddress(listen.left(colon).remove(u'[').remove(u']'));
    if (colon <= 0 || !portOk || port < 0 || port > 65535 || options.address.isNull())
        return fail(QStringLiteral("--listen takes HOST:PORT with an IP address, e.g. 127.0.0.1:7443"), 2);
    options.port = quint16(port);
    options.dataDir = runtime->paths.dataDir;
    options.metricsPort = quint16(parser.value(QStringLiteral("metrics-port")).toUInt());
    bool ok = false;
    options.prices[QStringLiteral("*")] = parser.value(QStringLiteral("price-nano")).toULongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--price-nano takes a whole number of nanoTON"), 2);
    for (const QString& entry : parser.values(QStringLiteral("price"))) {
        const qsizetype eq = entry.indexOf(u'=');
        const std::uint64_t nano = entry.mid(eq + 1).toULongLong(&ok);
        if (eq <= 0 || !ok || !cocoon::jobs::catalogueKernels().contains(entry.left(eq)))
            return fail(QStringLiteral("--price takes KERNEL=NANOTON with a catalogue kernel, e.g. ai.mlp=2 (got '%1')")
                            .arg(entry),
                2);
        options.prices[entry.left(eq)] = nano;
    }
    options.maxConnections = parser.value(QStringLiteral("max-connections")).toInt(&ok);
    const bool okTotal = ok && options.maxConnections > 0;
    options.maxConnectionsPerAddress = parser.value(QStringLiteral("max-connections-per-address")).toInt(&ok);
    if (!okTotal || !ok || options.maxConnectionsPerAddress <= 0)
        return fail(QStringLiteral("--max-connections and --max-connections-per-address take positive numbers"), 2);
    options.lease = std::chrono::seconds(std::max(1u, parser.value(QStringLiteral("lease-seconds")).toUInt()));

    if (parser.isSet(QStringLiteral("payout-key"))) {
        auto& payouts = options.payouts;
        payouts.enabled = true;
        payouts.keyFile = parser.value(QStringLiteral("payout-key"));
        payouts.toncenter = QUrl(parser.value(QStringLiteral("toncenter")));
        payouts.apiKey = parser.value(QStringLiteral("toncenter-key"));
        const auto minPayout = cocoon::ledger::parseTon(parser.value(QStringLiteral("min-payout")));
        const auto idlePayout = cocoon::ledger::parseTon(parser.value(QStringLiteral("idle-payout")));
        const int idleHours = parser.value(QStringLiteral("idle-hours")).toInt(&ok);
        const bool idleOk = ok && idleHours > 0;
        const int settle = parser.value(QStringLiteral("settle-seconds")).toInt(&ok);
        if (!minPayout || *minPayout <= 0 || !idlePayout || *idlePayout <= 0 || !idleOk || !ok || settle <= 0
            || !payouts.toncenter.isValid() || !payouts.toncenter.scheme().startsWith(u"http"))
            return fail(
                QStringLiteral("--min-payout and --idle-payout take TON amounts such as 1 or 0.25; "
                               "--idle-hours and --settle-seconds positive numbers; --toncenter an http(s) URL"),
                2);
        payouts.settlement.minPayoutNano = std::uint64_t(*minPayout);
        payouts.settlement.idlePayoutNano = std::uint64_t(*idlePayout);
        payouts.settlement.idleAfter = std::chrono::hours(idleHours);
        payouts.settlement.interval = std::chrono::seconds(settle);
        payouts.settlement.testnet = parser.isSet(QStringLiteral("testnet"));
        // Test hook: die (SIGKILL, nothing flushed) at a stage of the next payout batch, so the crash
        // tests show a restart pays exactly what is owed.
        const QString crashAt = qEnvironmentVariable("COCOON_COORDINATOR_CRASH_AT");
        if (!crashAt.isEmpty()) {
            payouts.onStage = [crashAt](cocoon::net::SettlementStage stage) {
                if (cocoon::net::settlementStageName(stage) == crashAt)
                    cocoon::killSelfNow();
            };
        }
    }

    auto tls = parser.isSet(QStringLiteral("tls-cert")) ? cocoon::net::loadTlsIdentity(
                   parser.value(QStringLiteral("tls-cert")), parser.value(QStringLiteral("tls-key")))
                                                        : cocoon::net::loadOrCreateSelfSigned(options.dataDir, clock);
    if (!tls)
        return fail(tls.error());
    auto key = cocoon::Ed25519PrivateKey::loadOrCreate(
        QDir(options.dataDir).filePath(QStringLiteral("coordinator-key.pem")));
    if (!key)
        return fail(QStringLiteral("signing key: ") + key.error().message);

    cocoon::net::Coordinator coordinator(clock, options, std::move(*tls), std::move(*key));
    if (auto started = coordinator.start(); !started)
        return fail(started.error().message);
    QTextStream(stdout) << "cocoon-coordinator " << COCOON_VERSION << " listening on wss://"
                        << options.address.toString() << ':' << coordinator.port() << " pin " << coordinator.pin()
                        << " metrics http://127.0.0.1:" << coordinator.metricsPort() << "/metrics" << Qt::endl;
    if (const auto* settlement = coordinator.settlement())
        QTextStream(stdout) << "payout wallet "
                            << settlement->address().toFriendly({false, options.payouts.settlement.testnet, true})
                            << " (" << settlement->address().toRaw() << "); fund it to pay nodes" << Qt::endl;
    const int rc = app.exec();
    cocoon::log::shutdown();
    return rc;
}
