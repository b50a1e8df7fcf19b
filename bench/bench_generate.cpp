// ai.generate: tokens per second against llama.cpp's own llama-bench on the same model, threads
// and backend (the ratio is the figure: both run in this process's run, on the same machine), and
// time to first token through a loopback network (owner → coordinator → node → sealed chunk
// back) minus the same job run locally. The model has random weights (never downloaded) in a
// size a CPU decodes at a few hundred tokens a second.
// Also the stop latency mid-generation: the longest decode step (a returning owner waits at most
// that long), the time to give the device back, and the reload on resume.
//   bench_generate [--cuda] [--llama-bench PATH] [--tokens N] [--runs N]
// --cuda: on CUDA device 0 through the CUDA plugin's llama.cpp (-DCOCOON_LLM_CUDA=ON), against
// llama-bench -ngl 99 from the same CUDA build.
#include "Kernels.h"
#include "NetworkHarness.h"
#include "jobs/Job.h"
#include "jobs/Owner.h"
#include "llm/TinyModel.h"
#include "net/Coordinator.h"
#include "net/OwnerClient.h"
#include "net/Tls.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <thread>

using namespace cocoon;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void waitUntil(const std::function<bool()>& done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

struct Model
{
    std::string path;
    kernels::GenerateParams base;
    QByteArray sha;
};

Model makeModel(const QString& path, const kernels::TinyModelSpec& spec)
{
    Model m;
    m.path = path.toStdString();
    std::string error;
    if (!kernels::writeTinyModel(m.path, spec, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(1);
    }
    QFile f(QString::fromStdString(m.path));
    f.open(QIODevice::ReadOnly);
    m.sha = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    std::copy(m.sha.begin(), m.sha.end(), m.base.model.begin());
    m.base.modelBytes = std::uint64_t(f.size());
    return m;
}

std::vector<std::uint8_t> chat()
{
    return kernels::encodeChat({{kernels::ChatRole::User, "Hello"}});
}

struct Decode
{
    double tokensPerSecond = 0;
    std::vector<double> stepMs;
    std::string device;
    std::uint32_t promptTokens = 0;
};

/// Decode tokens per second of the kernel (prompt steps excluded, like llama-bench's tg test).
Decode kernelDecode(const Model& m, std::uint32_t tokens, std::uint32_t context, int cudaDevice)
{
    const auto input = chat();
    kernels::GenerateParams p = m.base;
    p.inputBytes = input.size();
    p.maxTokens = tokens;
    p.contextTokens = context;
    std::vector<std::uint8_t> out(kernels::kGenerateHeaderBytes + tokens * kernels::kBytesPerToken);
    std::string error;
    auto task = kernels::makeGenerateTask(p, m.path, input, out, cudaDevice, error);
    if (!task) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(1);
    }
    std::size_t i = 0;
    const std::size_t promptSteps = task->stepCount() - tokens;
    for (; i < promptSteps; ++i)
        task->runStep(i, error);
    Decode d;
    QElapsedTimer t, step;
    t.start();
    std::size_t generated = 0;
    for (; i < task->stepCount() && !task->finished(); ++i, ++generated) {
        step.start();
        task->runStep(i, error);
        d.stepMs.push_back(double(step.nsecsElapsed()) / 1e6);
    }
    d.tokensPerSecond = double(generated) / (double(t.nsecsElapsed()) / 1e9);
    d.device = task->device();
    if (const auto h = kernels::generateOutput(out))
        d.promptTokens = h->promptTokens;
    return d;
}

/// Stopped mid-generation for longer than the pause timeout: the time releaseDevice() takes (the
/// model and its KV cache freed) and the reload on the next step, in ms.
std::pair<double, double> releaseAndReload(const Model& m, std::uint32_t context, int cudaDevice)
{
    const auto input = chat();
    kernels::GenerateParams p = m.base;
    p.inputBytes = input.size();
    p.maxTokens = 32;
    p.contextTokens = context;
    std::vector<std::uint8_t> out(kernels::kGenerateHeaderBytes + p.maxTokens * kernels::kBytesPerToken);
    std::string error;
    auto task = kernels::makeGenerateTask(p, m.path, input, out, cudaDevice, error);
    if (!task)
        return {0, 0};
    const std::size_t half = task->stepCount() - p.maxTokens / 2;
    std::size_t i = 0;
    for (; i < half; ++i)
        task->runStep(i, error);
    QElapsedTimer t;
    t.start();
    task->releaseDevice();
    const double release = double(t.nsecsElapsed()) / 1e6;
    t.start();
    task->runStep(i, error);
    return {release, double(t.nsecsElapsed()) / 1e6};
}

/// llama-bench's tg figure (tokens per second) for the same model and threads, or 0.
/// `depth`: tokens already in the KV cache when decoding starts (the kernel's prompt), so that both
/// decode the same positions with a KV cache of the same size.
double llamaBench(
    const QString& tool, const Model& m, std::uint32_t tokens, std::uint32_t depth, int threads, bool cuda)
{
    if (tool.isEmpty() || !QFile::exists(tool))
        return 0;
    QProcess p;
    p.start(tool,
        {"-m", QString::fromStdString(m.path), "-p", "0", "-n", QString::number(tokens), "-d", QString::number(depth),
            "-t", QString::number(threads), "-ngl", cuda ? "99" : "0", "-r", "1", "-o", "json"});
    p.waitForFinished(600000);
    const QJsonArray runs = QJsonDocument::fromJson(p.readAllStandardOutput()).array();
    return runs.isEmpty() ? 0 : runs.first().toObject().value("avg_ts").toDouble();
}

/// Time to the first token, in ms: a sealed job on this machine (prepare: open the input, hash
/// and load the model, template, prefill; then the first token's chunk sealed), p50.
double localFirstToken(const Clock& clock, const Model& m, int runs)
{
    const auto input = chat();
    const X25519PrivateKey session = *X25519PrivateKey::generate();
    const X25519PrivateKey owner = *X25519PrivateKey::generate();
    const Ed25519PrivateKey identity = *Ed25519PrivateKey::generate();
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        const QCborMap params {{"model", QString::fromLatin1(m.sha.toHex())},
            {"model_bytes", qint64(m.base.modelBytes)}, {"input_bytes", qint64(input.size())}, {"max_tokens", 1}};
        auto pj = jobs::prepareJob(QStringLiteral("ai.generate"), params, input, session.publicKey(), owner.publicKey(),
            std::uint64_t(clock.nowUtc().toSecsSinceEpoch()) + 600);
        jobs::JobContext ctx;
        ctx.sessionKey = &session;
        ctx.identity = &identity;
        ctx.clock = &clock;
        const std::string path = m.path;
        ctx.models = [path](const std::array<std::uint8_t, 32>&) { return std::optional(path); };
        bool first = false;
        ctx.onChunk = [&](std::uint32_t, const QByteArray&) { first = true; };
        QElapsedTimer t;
        t.start();
        auto job = jobs::Job::prepare(pj->manifestBytes, pj->sealedInput, ctx);
        jobs::AlwaysRun always;
        (*job)->run(always);
        if (first)
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return median(ms);
}

/// The same over the network: from the owner's request to the first opened piece, p50 in ms.
double networkFirstToken(const Clock& clock, const Model& m, int runs)
{
    QTemporaryDir dir;
    const net::TlsIdentity tls = *net::makeSelfSigned(QStringLiteral("bench"), clock);
    net::CoordinatorOptions o;
    o.dataDir = dir.filePath(QStringLiteral("coord"));
    net::Coordinator coord(clock, o, tls, *Ed25519PrivateKey::generate());
    if (!coord.start()) {
        std::fprintf(stderr, "the coordinator did not start\n");
        std::exit(1);
    }
    const QUrl url(QStringLiteral("wss://127.0.0.1:%1").arg(coord.port()));
    test::SimNodeOptions so;
    so.models = {net::ModelOffer {m.sha, m.base.modelBytes, QStringLiteral("bench")}};
    const std::string path = m.path;
    so.modelFiles = [path](const std::array<std::uint8_t, 32>&) { return std::optional(path); };
    auto node = test::startNode(clock, url, tls.pin, dir.filePath(QStringLiteral("node")), so);
    waitUntil([&] { return coord.connectedNodes() == 1; }, 30000);
    const auto input = chat();
    net::OwnerClient owner(clock, url, tls.pin);
    std::vector<double> ms;
    for (int r = 0; r < runs + 3; ++r) {
        net::OwnerRequest req;
        req.kernel = QStringLiteral("ai.generate");
        req.input = QByteArray(reinterpret_cast<const char*>(input.data()), qsizetype(input.size()));
        req.params = QCborMap {{"model", QString::fromLatin1(m.sha.toHex())},
            {"model_bytes", qint64(m.base.modelBytes)}, {"input_bytes", qint64(input.size())}, {"max_tokens", 1}};
        QElapsedTimer t;
        double first = -1;
        bool done = false;
        auto c = QObject::connect(&owner, &net::OwnerClient::streamed, [&](const QByteArray&) {
            if (first < 0)
                first = double(t.nsecsElapsed()) / 1e6;
        });
        t.start();
        owner.run(req, [&](Expected<net::OwnerOutcome, net::NetError> out) {
            done = true;
            if (!out)
                std::fprintf(stderr, "network job failed: %s\n", qPrintable(out.error().message));
        });
        waitUntil([&] { return done; }, 60000);
        QObject::disconnect(c);
        if (r >= 3 && first >= 0) // the first runs warm the connection and the caches
            ms.push_back(first);
    }
    return median(ms);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QString tool;
    std::uint32_t tokens = 128;
    int runs = 20;
    // The job's context; the kernel's KV cache holds only the prompt and the completion, which is
    // what llama-bench's tg test with -d <prompt tokens> holds too.
    std::uint32_t context = 2048;
    int cudaDevice = -1;
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLatin1(argv[i]);
        const char* value = i + 1 < argc ? argv[i + 1] : "";
        if (a == u"--cuda") {
            cudaDevice = 0;
            continue;
        }
        if (a == u"--llama-bench")
            tool = QString::fromLocal8Bit(value);
        else if (a == u"--tokens")
            tokens = std::uint32_t(std::atoi(value));
        else if (a == u"--runs")
            runs = std::atoi(value);
        else if (a == u"--context")
            context = std::uint32_t(std::atoi(value));
        ++i; // the option's value
    }
    if (tool.isEmpty())
        tool = QString::fromUtf8(cudaDevice >= 0 ? COCOON_LLAMA_CUDA_BENCH : COCOON_LLAMA_BENCH);
    if (!kernels::llmAvailable()) {
        std::printf("ai.generate: this build has no LLM engine (COCOON_LLM=OFF)\n");
        return 0;
    }
    SystemClock clock;
    QTemporaryDir dir;
    // Throughput on a model big enough for two threads; time to first token on the demo's tiny
    // model, where loading it takes little and the network's share shows.
    kernels::TinyModelSpec big;
    big.embed = 1024; // about 94 M parameters in f32 (376 MB)
    big.layers = 8;
    big.heads = 16;
    big.kvHeads = 8;
    big.ff = 2816;
    big.context = 2048;
    big.name = "bench (random weights)";
    const Model m = makeModel(dir.filePath(QStringLiteral("bench.gguf")), big);
    kernels::TinyModelSpec small;
    small.context = 2048;
    const Model tiny = makeModel(dir.filePath(QStringLiteral("tiny.gguf")), small);
    const int threads = kernels::generateThreads(m.base.modelBytes);
    // Alternating, best of 7 each (the machine is noisy; the best is what each can do).
    double tps = 0, ref = 0;
    std::vector<double> steps;
    std::string device;
    std::uint32_t depth = 0;
    for (int r = 0; r < 7; ++r) {
        const Decode d = kernelDecode(m, tokens, context, cudaDevice);
        tps = std::max(tps, d.tokensPerSecond);
        steps.insert(steps.end(), d.stepMs.begin(), d.stepMs.end());
        device = d.device;
        depth = d.promptTokens;
        ref = std::max(ref, llamaBench(tool, m, tokens, d.promptTokens, threads, cudaDevice >= 0));
    }
    std::printf("ai.generate decode, %s model (%.1f MB, random weights), %d threads, %u tokens, on %s:\n",
        "1024-wide 8-layer llama", double(m.base.modelBytes) / 1e6, threads, tokens, device.c_str());
    std::printf("  ai.generate   %8.1f tokens/s (best of 7, alternating with llama-bench)\n", tps);
    if (ref > 0)
        std::printf("  llama-bench   %8.1f tokens/s (tg%u -d %u, best of 7)   ratio %.3f (goal >= 0.95)\n", ref, tokens,
            depth, tps / ref);
    else
        std::printf("  llama-bench   not run (give --llama-bench PATH; make bench builds it)\n");
    const auto [release, reload] = releaseAndReload(m, context, cudaDevice);
    std::sort(steps.begin(), steps.end());
    const auto at = [&](double q) { return steps.empty() ? 0 : steps[std::size_t(q * double(steps.size() - 1))]; };
    std::printf(
        "stop latency mid-generation (a returning owner waits for the step under way): decode step p50 %.2f ms, "
        "p99 %.2f ms, longest %.2f ms of %zu; giving the device back %.2f ms; reload on resume %.1f ms\n",
        at(0.5), at(0.99), at(1.0), steps.size(), release, reload);
    const double local = localFirstToken(clock, tiny, runs);
    const double network = networkFirstToken(clock, tiny, runs);
    std::printf("time to first token (tiny model, %.1f MB), p50 of %d: local sealed job %.2f ms, through a loopback "
                "coordinator %.2f ms, difference %.2f ms (goal <= 5)\n",
        double(tiny.base.modelBytes) / 1e6, runs, local, network, network - local);
    return 0;
}
