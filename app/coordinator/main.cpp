// cocoon-coordinator: the reference coordinator (logic in core/net/Coordinator). Options only.
#include "QuitOnSignal.h"
#include "common/Logging.h"
#include "common/Runtime.h"
#include "common/Version.h"
#include "crypto/Ed25519.h"
#include "net/Coordinator.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

int main(int argc, char** argv)
{
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
    parser.addOption({QStringLiteral("price-nano"), QStringLiteral("Price per work unit in nanoTON (default 1)."),
        QStringLiteral("n"), QStringLiteral("1")});
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
    options.pricePerUnitNano = parser.value(QStringLiteral("price-nano")).toULongLong();
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
