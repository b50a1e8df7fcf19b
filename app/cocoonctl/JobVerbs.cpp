// cocoonctl run-local | receipt verify
#include "MediaFiles.h"
#include "VerbSupport.h"
#include "common/Hex.h"
#include "crypto/SecretBytes.h"
#include "jobs/Catalogue.h"
#include "jobs/LocalRun.h"
#include "jobs/Receipt.h"
#include "sched/PreemptBench.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon;

int runLocal(const QStringList& args)
{
    VerbRun run(QStringLiteral("Run one catalogue kernel in-process on plaintext files and print units and timing.\n"
                               "Kernels: ")
        + jobs::catalogueKernels().join(QStringLiteral(", ")));
    QCommandLineParser& p = run.parser();
    p.addOption({QStringLiteral("kernel"), QStringLiteral("Catalogue kernel name."), QStringLiteral("name")});
    p.addOption(
        {QStringLiteral("params"), QStringLiteral("Kernel parameters as a JSON object."), QStringLiteral("json")});
    p.addOption({QStringLiteral("in"),
        QStringLiteral("Input file (raw bytes as the kernel documents; a video or audio file for media.transcode)."),
        QStringLiteral("file")});
    p.addOption({QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("file")});
    p.addOption({QStringLiteral("backend"), QStringLiteral("cpu (default) or cuda."), QStringLiteral("name"),
        QStringLiteral("cpu")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
    if (auto rc = run.start(args))
        return *rc;
    const auto kernel = run.required(QStringLiteral("kernel"));
    const auto paramsJson = kernel ? run.required(QStringLiteral("params")) : std::nullopt;
    const auto inPath = paramsJson
        ? (p.isSet(QStringLiteral("in")) || *kernel == u"bench.probe" ? std::optional(p.value(QStringLiteral("in")))
                                                                      : run.required(QStringLiteral("in")))
        : std::nullopt;
    const auto outPath = inPath ? run.required(QStringLiteral("out")) : std::nullopt;
    if (!outPath)
        return kUsage;
    const QString backendName = p.value(QStringLiteral("backend"));
    if (backendName != u"cpu" && backendName != u"cuda")
        return fail(QStringLiteral("--backend must be cpu or cuda"), kUsage);

    auto cborParams = jobs::paramsFromJson(paramsJson->toUtf8());
    if (!cborParams)
        return fail(cborParams.error().message, kUsage);
    SecretBytes input;
    if (!inPath->isEmpty()) {
        QFile f(*inPath);
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(*inPath, f.errorString()));
        input = SecretBytes(std::size_t(f.size()));
        if (f.read(reinterpret_cast<char*>(input.data()), f.size()) != f.size())
            return fail(QStringLiteral("cannot read %1").arg(*inPath));
    }
    const bool media = *kernel == u"media.transcode";
    if (media && !inPath->isEmpty()) {
        if (const QString why = declareMediaInput(*cborParams, input.span(), UINT64_MAX); !why.isEmpty())
            return fail(QStringLiteral("%1 cannot be transcoded: %2").arg(*inPath, why));
    }
    auto params = jobs::parseParams(*kernel, *cborParams);
    if (!params)
        return fail(params.error().message, kUsage);
    SystemClock clock;
    auto result = jobs::runLocal(
        *params, input.span(), backendName == u"cuda" ? kernels::Backend::Cuda : kernels::Backend::Cpu, clock);
    if (!result)
        return fail(result.error().message);

    std::span<const unsigned char> bytes = result->output.span();
    if (media) { // the file inside the padded result
        const auto file = kernels::transcodeOutput(bytes);
        if (!file)
            return fail(QStringLiteral("the kernel's result is not a transcoded file"));
        bytes = *file;
    }
    QSaveFile out(*outPath);
    if (!out.open(QIODevice::WriteOnly)
        || out.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size())) != qint64(bytes.size())
        || !out.commit()) {
        return fail(QStringLiteral("cannot write %1: %2").arg(*outPath, out.errorString()));
    }
    const double rate = result->seconds > 0 ? double(result->footprint.units) / result->seconds : 0.0;
    QTextStream o(stdout);
    if (p.isSet(QStringLiteral("json"))) {
        o << QJsonDocument(
            QJsonObject {{"kernel", *kernel}, {"device", result->device}, {"units", qint64(result->footprint.units)},
                {"steps", qint64(result->steps)}, {"seconds", result->seconds}, {"units_per_second", rate}})
                 .toJson(QJsonDocument::Compact)
          << "\n";
    } else {
        o << *kernel << " on " << result->device << ": " << result->footprint.units << " units in "
          << QString::number(result->seconds * 1000.0, 'f', 2) << " ms (" << result->steps << " steps, "
          << QString::number(rate / 1e6, 'f', 1) << " M units/s)\n";
    }
    return kOk;
}

int receipt(const QStringList& args)
{
    VerbRun run(QStringLiteral("Check a signed job receipt: receipt verify FILE."), QStringLiteral("verify FILE"));
    if (auto rc = run.start(args))
        return *rc;
    const QStringList pos = run.parser().positionalArguments();
    if (pos.size() != 2 || pos[0] != u"verify")
        return fail(QStringLiteral("usage: cocoonctl receipt verify FILE"), kUsage);
    QFile f(pos[1]);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(pos[1], f.errorString()));
    auto r = jobs::Receipt::verify(f.read(64 * 1024));
    QTextStream o(stdout);
    if (!r) {
        o << QJsonDocument(QJsonObject {{"valid", false}, {"reason", r.error().message}})
                 .toJson(QJsonDocument::Indented);
        return kFailed;
    }
    o << QJsonDocument(
        QJsonObject {{"valid", true}, {"job", hex::encode(r->jobId)}, {"manifest_sha256", hex::encode(r->manifestHash)},
            {"input_sha256", hex::encode(r->inputHash)}, {"output_sha256", hex::encode(r->outputHash)},
            {"kernel", r->kernel}, {"kernel_version", qint64(r->kernelVersion)}, {"backend", r->backend},
            {"device", r->device}, {"units", QString::number(r->units)},
            {"price_nanoton", QString::number(r->priceNano)}, {"start_ms", qint64(r->startMs)},
            {"end_ms", qint64(r->endMs)}, {"node", hex::encode(r->nodeKey)},
            {"evidence_sha256", hex::encode(r->evidenceHash)}})
             .toJson(QJsonDocument::Indented);
    return kOk;
}

} // namespace cocoonctl

namespace cocoonctl {

int bench(const QStringList& args)
{
    VerbRun run(QStringLiteral("Measure how fast the worker yields: bench preempt [--backend cpu|cuda] [--runs N]."),
        QStringLiteral("preempt"));
    run.parser().addOption({QStringLiteral("backend"), QStringLiteral("cpu (default) or cuda."), QStringLiteral("name"),
        QStringLiteral("cpu")});
    run.parser().addOption({QStringLiteral("runs"), QStringLiteral("Stop-latency samples (default 50)."),
        QStringLiteral("n"), QStringLiteral("50")});
    if (auto rc = run.start(args))
        return *rc;
    if (run.parser().positionalArguments() != QStringList {QStringLiteral("preempt")}) {
        return fail(QStringLiteral("usage: cocoonctl bench preempt [--backend cpu|cuda] [--runs N]"), kUsage);
    }
    sched::PreemptOptions o;
    const QString backend = run.parser().value(QStringLiteral("backend"));
    if (backend != u"cpu" && backend != u"cuda")
        return fail(QStringLiteral("--backend must be cpu or cuda"), kUsage);
    o.backend = backend == u"cuda" ? kernels::Backend::Cuda : kernels::Backend::Cpu;
    bool ok = false;
    o.runs = run.parser().value(QStringLiteral("runs")).toInt(&ok);
    if (!ok || o.runs < 1 || o.runs > 10000)
        return fail(QStringLiteral("--runs must be 1 to 10000"), kUsage);
    SystemClock clock;
    auto report = sched::runPreemptBench(o, clock);
    if (!report)
        return fail(report.error().message);
    QTextStream(stdout) << QJsonDocument(*report).toJson(QJsonDocument::Indented);
    return kOk;
}

} // namespace cocoonctl
