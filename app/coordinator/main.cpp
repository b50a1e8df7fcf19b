// cocoon-coordinator: the reference coordinator (logic in core/net/Coordinator). Options only.
#include "Harden.h"
#include "QuitOnSignal.h"
#include "common/Logging.h"
#include "Runtime.h"
#include "common/Version.h"
#include "crypto/Ed25519.h"
#include "jobs/Catalogue.h"
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
    const int rc = app.exec();
    cocoon::log::shutdown();
    return rc;
}
