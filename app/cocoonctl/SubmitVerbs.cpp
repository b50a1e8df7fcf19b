// cocoonctl submit: run one kernel on the network as a job owner.
#include "MediaFiles.h"
#include "QuitOnSignal.h"
#include "VerbSupport.h"
#include "jobs/Catalogue.h"
#include "ledger/Ledger.h"
#include "net/Handshake.h"
#include "net/OwnerClient.h"
#include "net/Protocol.h"
#include "net/Tls.h"

#include <QCborMap>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QScopeGuard>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon;

namespace {

bool isImageFile(const QString& path)
{
    const QString p = path.toLower();
    return p.endsWith(u".png") || p.endsWith(u".jpg") || p.endsWith(u".jpeg");
}

QImage::Format qtFormat(const QString& format)
{
    return format == u"rgb8" ? QImage::Format_RGB888
        : format == u"gray8" ? QImage::Format_Grayscale8
                             : QImage::Format_RGBA8888;
}

int bytesPerPixel(QImage::Format f)
{
    return f == QImage::Format_RGB888 ? 3 : f == QImage::Format_Grayscale8 ? 1 : 4;
}

/// The pixel format the kernel reads, and the parameter names of the image's size.
struct ImageRole
{
    QString format;
    const char* widthKey;
    const char* heightKey;
};

std::optional<ImageRole> inputImage(const QString& kernel, const QCborMap& params)
{
    if (kernel == u"media.resize")
        return ImageRole {
            params.value(QStringLiteral("format")).toString(QStringLiteral("rgba8")), "src_width", "src_height"};
    if (kernel == u"media.convert" && params.value(QStringLiteral("from")).toString() == u"rgba8")
        return ImageRole {QStringLiteral("rgba8"), "width", "height"};
    return std::nullopt;
}

std::optional<ImageRole> outputImage(const QString& kernel, const QCborMap& params)
{
    if (kernel == u"media.resize")
        return ImageRole {params.value(QStringLiteral("format")).toString(QStringLiteral("rgba8")), "width", "height"};
    if (kernel == u"media.convert" && params.value(QStringLiteral("to")).toString() == u"rgba8")
        return ImageRole {QStringLiteral("rgba8"), "width", "height"};
    return std::nullopt;
}

/// Rows of pixels without QImage's 32-bit line padding.
QByteArray packedPixels(const QImage& image)
{
    const int row = image.width() * bytesPerPixel(image.format());
    QByteArray out;
    out.reserve(qsizetype(row) * image.height());
    for (int y = 0; y < image.height(); ++y)
        out.append(reinterpret_cast<const char*>(image.constScanLine(y)), row);
    return out;
}

} // namespace

int submit(const QStringList& args)
{
    VerbRun run(QStringLiteral("Run one catalogue kernel on the network as a job owner: choose an eligible node, "
                               "verify its evidence, seal the input to it, submit, wait, open and check the result."));
    QCommandLineParser& p = run.parser();
    p.addOption({QStringLiteral("coordinator"), QStringLiteral("wss://HOST:PORT"), QStringLiteral("url")});
    p.addOption(
        {QStringLiteral("pin"), QStringLiteral("The coordinator's key pin (64 hex digits)."), QStringLiteral("hex")});
    p.addOption({QStringLiteral("kernel"), QStringLiteral("Catalogue kernel name."), QStringLiteral("name")});
    p.addOption(
        {QStringLiteral("params"), QStringLiteral("Kernel parameters as a JSON object."), QStringLiteral("json")});
    p.addOption({QStringLiteral("in"),
        QStringLiteral("Input file; PNG or JPEG for image kernels, a video or audio file for media.transcode."),
        QStringLiteral("file")});
    p.addOption(
        {QStringLiteral("out"), QStringLiteral("Output file; PNG or JPEG for image results."), QStringLiteral("file")});
    p.addOption({QStringLiteral("min-tier"), QStringLiteral("sealed (default) or confidential."),
        QStringLiteral("tier"), QStringLiteral("sealed")});
    p.addOption({QStringLiteral("price-nano"),
        QStringLiteral("Price offered per work unit in nanoTON (default: the coordinator's price; it refuses less)."),
        QStringLiteral("n"), QStringLiteral("0")});
    p.addOption({QStringLiteral("backend"),
        QStringLiteral("Where the job runs: cuda (an NVIDIA GPU), cpu, or any (a free GPU first; default)."),
        QStringLiteral("name"), QStringLiteral("any")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the outcome as JSON.")});
    if (auto rc = run.start(args))
        return *rc;
    const auto url = run.required(QStringLiteral("coordinator"));
    const auto pin = url ? run.required(QStringLiteral("pin")) : std::nullopt;
    const auto kernel = pin ? run.required(QStringLiteral("kernel")) : std::nullopt;
    const auto paramsJson = kernel ? run.required(QStringLiteral("params")) : std::nullopt;
    const auto outPath = paramsJson ? run.required(QStringLiteral("out")) : std::nullopt;
    if (!outPath)
        return kUsage;
    if (!net::isPin(*pin))
        return fail(QStringLiteral("--pin must be 64 hex digits"), kUsage);
    const QUrl coordinator(*url);
    if (coordinator.scheme() != u"wss" || coordinator.host().isEmpty())
        return fail(QStringLiteral("--coordinator must be wss://HOST:PORT"), kUsage);
    const QString tier = p.value(QStringLiteral("min-tier"));
    if (tier != u"sealed" && tier != u"confidential")
        return fail(QStringLiteral("--min-tier must be sealed or confidential"), kUsage);
    const QString backend = p.value(QStringLiteral("backend"));
    if (!net::isBackendName(backend))
        return fail(QStringLiteral("--backend must be cuda, cpu or any"), kUsage);
    auto params = jobs::paramsFromJson(paramsJson->toUtf8());
    if (!params)
        return fail(params.error().message, kUsage);

    QByteArray input;
    const QString inPath = p.value(QStringLiteral("in"));
    if (!inPath.isEmpty() && isImageFile(inPath)) {
        const auto role = inputImage(*kernel, *params);
        if (!role)
            return fail(QStringLiteral("%1 does not take an image (give raw bytes)").arg(*kernel), kUsage);
        QImage image(inPath);
        if (image.isNull())
            return fail(QStringLiteral("cannot read the image %1").arg(inPath));
        image = image.convertToFormat(qtFormat(role->format));
        params->insert(QLatin1String(role->widthKey), image.width());
        params->insert(QLatin1String(role->heightKey), image.height());
        input = packedPixels(image);
    } else if (!inPath.isEmpty()) {
        QFile f(inPath);
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(inPath, f.errorString()));
        input = f.readAll();
    }
    if (*kernel == u"media.transcode" && !input.isEmpty()) {
        // Within what one result frame carries (the result is padded to max_output_bytes).
        const QString why = declareMediaInput(*params,
            {reinterpret_cast<const std::uint8_t*>(input.constData()), std::size_t(input.size())},
            net::kMaxOutputPlaintextBytes);
        if (!why.isEmpty())
            return fail(QStringLiteral("%1 cannot be transcoded: %2").arg(inPath, why));
    }
    if (auto check = jobs::parseParams(*kernel, *params); !check)
        return fail(check.error().message, kUsage);

    SystemClock clock;
    net::OwnerClient client(clock, coordinator, *pin);
    const bool json = p.isSet(QStringLiteral("json"));
    QTextStream err(stderr);
    QObject::connect(
        &client, &net::OwnerClient::nodeConsidered, [&](const QByteArray& id, bool chosen, const QString& why) {
            if (!json)
                err << (chosen ? "using node " : "skipping node ") << id.toHex().left(16) << ": " << why << "\n";
        });
    QObject::connect(
        &client, &net::OwnerClient::progress, [&](std::uint64_t step, std::uint64_t steps, const QString& state) {
            if (!json && steps > 0)
                err << "\r" << state << " " << (100 * step / steps) << "%   " << Qt::flush;
        });
    // A streamed result (fragmented MP4 or MPEG-TS from media.transcode) is written to OUT.part as
    // its sealed pieces arrive, so a player can start on it; the verified whole replaces it.
    const QString partPath = *outPath + QStringLiteral(".part");
    QFile part(partPath);
    QObject::connect(&client, &net::OwnerClient::streamed, [&](const QByteArray& piece) {
        if (!part.isOpen() && !part.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return;
        part.write(piece);
        part.flush();
    });
    const auto dropPart = qScopeGuard([&] {
        if (part.isOpen())
            part.close();
        QFile::remove(partPath);
    });
    net::OwnerRequest request;
    request.kernel = *kernel;
    request.params = *params;
    request.input = input;
    request.minTier = tier == u"confidential" ? jobs::Tier::Confidential : jobs::Tier::Sealed;
    request.pricePerUnitNano = p.value(QStringLiteral("price-nano")).toULongLong();
    request.backend = backend;
    // Ctrl+C cancels the job at the coordinator (and on the node running it); a second one quits.
    quitOnTerminationSignals(*QCoreApplication::instance(), [&client, &err] {
        err << "\ncancelling (Ctrl+C again to quit at once)\n" << Qt::flush;
        client.cancel(QStringLiteral("interrupted at the owner's terminal"));
    });
    std::optional<Expected<net::OwnerOutcome, net::NetError>> outcome;
    QEventLoop loop;
    client.run(request, [&](Expected<net::OwnerOutcome, net::NetError> o) {
        outcome.emplace(std::move(o));
        loop.quit();
    });
    loop.exec();
    if (!outcome)
        return fail(QStringLiteral("interrupted"));
    if (!json)
        err << "\n";
    if (!*outcome)
        return fail(outcome->error().message);
    const net::OwnerOutcome& o = **outcome;

    QByteArray output(reinterpret_cast<const char*>(o.output.data()), qsizetype(o.output.size()));
    if (*kernel == u"media.transcode") { // the file inside the padded result
        const auto media = kernels::transcodeOutput(o.output.span());
        if (!media)
            return fail(QStringLiteral("the node's result is not a transcoded file"));
        output = QByteArray(reinterpret_cast<const char*>(media->data()), qsizetype(media->size()));
    }
    const auto outRole = outputImage(*kernel, *params);
    if (isImageFile(*outPath) && outRole) {
        const int w = int(params->value(QLatin1String(outRole->widthKey)).toInteger());
        const int h = int(params->value(QLatin1String(outRole->heightKey)).toInteger());
        const QImage::Format f = qtFormat(outRole->format);
        QImage image(reinterpret_cast<const uchar*>(output.constData()), w, h, w * bytesPerPixel(f), f);
        if (image.isNull() || !image.save(*outPath))
            return fail(QStringLiteral("cannot write the image %1").arg(*outPath));
    } else {
        QSaveFile out(*outPath);
        if (!out.open(QIODevice::WriteOnly) || out.write(output) != output.size() || !out.commit())
            return fail(QStringLiteral("cannot write %1: %2").arg(*outPath, out.errorString()));
    }
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(
            QJsonObject {{"node", QString::fromLatin1(o.nodeIdentity.toHex())}, {"tier", o.nodeTier},
                {"units", qint64(o.receipt.units)}, {"priceNano", QString::number(o.receipt.priceNano)},
                {"kernel", o.receipt.kernel}, {"device", o.receipt.device}, {"nodesTried", o.nodesTried},
                {"outputBytes", qint64(output.size())}, {"streamedChunks", qint64(o.chunks)}})
                   .toJson(QJsonDocument::Indented);
    } else {
        out << "done on node " << o.nodeIdentity.toHex().left(16) << " (" << o.nodeTier << ", " << o.receipt.device
            << "): " << o.receipt.units << " units, " << ledger::formatTon(std::int64_t(o.receipt.priceNano))
            << " TON; receipt verified; output in " << *outPath << "\n";
    }
    return kOk;
}

} // namespace cocoonctl
