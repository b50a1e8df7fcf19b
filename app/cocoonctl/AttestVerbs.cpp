// cocoonctl attest verify: check confidential-computing evidence offline and print a JSON verdict.
// cocoonctl attest local: what evidence this machine can produce (bound to the node's identity and
// a fresh session key), the tier it earns, and why not more.
#include "ProcessSetup.h"
#include "VerbSupport.h"
#include "attest/EvidenceBundle.h"
#include "attest/LocalEvidence.h"
#include "attest/NvidiaCc.h"
#include "attest/SevSnp.h"
#include "attest/Tdx.h"
#include "common/Hex.h"
#include "gpu/Discovery.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon;

namespace {

int attestLocal(VerbRun& run)
{
    bool created = false;
    auto identity = Ed25519PrivateKey::loadOrCreate(run.runtime().paths.nodeIdentityFile(), &created);
    if (!identity)
        return fail(QStringLiteral("node identity: %1").arg(identity.error().message));
    auto session = X25519PrivateKey::generate();
    if (!session)
        return fail(QStringLiteral("could not create a session key"));
    alignCudaDeviceOrder();
    const auto found = gpu::Discovery::run(nvmlLibraryOverride());
    const bool gpus = std::any_of(found.devices.begin(), found.devices.end(),
        [](const kernels::DeviceInfo& d) { return d.usable && d.backend != "cpu"; });
    auto evidence = attest::collectLocalEvidence({},
        attest::bindingReportData(identity->publicKey(), session->publicKey()), found.nvml ? &found.cc : nullptr, gpus);
    if (found.nvml && found.cc.enabled)
        attest::addGpuEvidence(evidence, *found.nvml, int(found.gpus.size()), gpus);
    if (run.parser().isSet(QStringLiteral("bundle"))) {
        // The evidence bundle a node sends with its hello (CBOR), for checking elsewhere.
        const auto bundle = attest::EvidenceBundle::fromLocal(
            evidence, identity->publicKey(), session->publicKey(), std::uint64_t(QDateTime::currentMSecsSinceEpoch()));
        QFile f(run.parser().value(QStringLiteral("bundle")));
        if (!f.open(QIODevice::WriteOnly) || f.write(bundle.encode()) < 0)
            return fail(QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString()));
    }
    QJsonObject o = evidence.toJson();
    o[QStringLiteral("node_identity")] = hex::encode(identity->publicKey());
    o[QStringLiteral("session_key")] = hex::encode(session->publicKey());
    QTextStream(stdout) << QJsonDocument(o).toJson(QJsonDocument::Indented);
    return kOk;
}

} // namespace

int attest(const QStringList& args)
{
    VerbRun run(QStringLiteral("attest local: the evidence this machine can produce and its tier. "
                               "Verify confidential-computing evidence offline: attest verify (--sev-report FILE "
                               "--vcek FILE --chain FILE | --tdx-quote FILE | --nvidia-report FILE --nvidia-chain "
                               "FILE [--nonce HEX]) [--expect-report-data HEX] [--allow-debug]."),
        QStringLiteral("verify|local"));
    run.parser().addOption(
        {QStringLiteral("sev-report"), QStringLiteral("SEV-SNP report (raw or hex)."), QStringLiteral("file")});
    run.parser().addOption(
        {QStringLiteral("vcek"), QStringLiteral("VCEK certificate (DER or PEM)."), QStringLiteral("file")});
    run.parser().addOption(
        {QStringLiteral("chain"), QStringLiteral("ASK and ARK certificates (PEM)."), QStringLiteral("file")});
    run.parser().addOption(
        {QStringLiteral("tdx-quote"), QStringLiteral("Intel TDX quote, version 4 (raw)."), QStringLiteral("file")});
    run.parser().addOption({QStringLiteral("nvidia-report"),
        QStringLiteral("NVIDIA GPU attestation report: SPDM request and response (hex or raw)."),
        QStringLiteral("file")});
    run.parser().addOption({QStringLiteral("nvidia-chain"),
        QStringLiteral("The GPU's certificate chain (PEM, leaf first)."), QStringLiteral("file")});
    run.parser().addOption({QStringLiteral("nonce"),
        QStringLiteral("The 32-byte nonce (64 hex digits) the report must answer."), QStringLiteral("hex")});
    run.parser().addOption({QStringLiteral("expect-report-data"),
        QStringLiteral("The 64 bytes (128 hex digits) the report must carry."), QStringLiteral("hex")});
    run.parser().addOption(
        {QStringLiteral("allow-debug"), QStringLiteral("Accept a guest whose policy allows debugging.")});
    run.parser().addOption({QStringLiteral("bundle"),
        QStringLiteral("local: also write the evidence bundle (CBOR) here; verify: check a bundle."),
        QStringLiteral("file")});
    run.parser().addOption({QStringLiteral("identity"),
        QStringLiteral("verify --bundle: the node identity key it must be for (64 hex digits)."),
        QStringLiteral("hex")});
    run.parser().addOption({QStringLiteral("session"),
        QStringLiteral("verify --bundle: the session key it must be for (64 hex digits)."), QStringLiteral("hex")});
    run.parser().addOption({QStringLiteral("gpu"),
        QStringLiteral("verify --bundle: the work runs on a GPU, so GPU evidence is needed for 'confidential'.")});
    if (auto rc = run.start(args))
        return *rc;
    if (run.parser().positionalArguments() == QStringList {QStringLiteral("local")})
        return attestLocal(run);
    if (run.parser().positionalArguments() != QStringList {QStringLiteral("verify")})
        return fail(QStringLiteral("usage: cocoonctl attest verify (--sev-report FILE --vcek FILE --chain FILE | "
                                   "--tdx-quote FILE | --nvidia-report FILE --nvidia-chain FILE [--nonce HEX]) "
                                   "[--expect-report-data HEX] [--allow-debug]"),
            kUsage);
    std::optional<QByteArray> expected;
    if (run.parser().isSet(QStringLiteral("expect-report-data"))) {
        auto rd = hex::decode(run.parser().value(QStringLiteral("expect-report-data")));
        if (!rd || rd->size() != 64)
            return fail(QStringLiteral("--expect-report-data must be 128 hex digits (64 bytes)"), kUsage);
        expected = *rd;
    }
    const bool allowDebug = run.parser().isSet(QStringLiteral("allow-debug"));
    const auto read = [](const QString& path, QByteArray& out) -> std::optional<int> {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        out = f.read(2 << 20);
        return std::nullopt;
    };
    const auto print = [](const QJsonObject& verdict) {
        QTextStream(stdout) << QJsonDocument(verdict).toJson(QJsonDocument::Indented);
        return verdict[QStringLiteral("valid")].toBool() ? kOk : kFailed;
    };
    const auto refused = [](const QString& type, const QString& why) {
        return QJsonObject {{QStringLiteral("type"), type}, {QStringLiteral("valid"), false},
            {QStringLiteral("reasons"), QJsonArray {why}}, {QStringLiteral("codes"), QJsonArray {"malformed"}}};
    };

    if (run.parser().isSet(QStringLiteral("bundle"))) {
        QByteArray bytes;
        if (auto rc = read(run.parser().value(QStringLiteral("bundle")), bytes))
            return *rc;
        attest::BundleExpectations expect;
        expect.gpuNeeded = run.parser().isSet(QStringLiteral("gpu"));
        expect.allowDebug = allowDebug;
        for (const char* name : {"identity", "session"}) {
            if (!run.parser().isSet(QLatin1String(name)))
                continue;
            auto k = hex::decode(run.parser().value(QLatin1String(name)));
            if (!k || k->size() != 32)
                return fail(QStringLiteral("--%1 must be 64 hex digits (32 bytes)").arg(QLatin1String(name)), kUsage);
            std::array<unsigned char, 32> key {};
            std::copy(k->begin(), k->end(), key.begin());
            (std::strcmp(name, "identity") == 0 ? expect.identity : expect.session) = key;
        }
        auto bundle = attest::EvidenceBundle::decode(bytes);
        if (!bundle)
            return print(refused(QStringLiteral("bundle"), bundle.error().message));
        QJsonObject verdict = attest::verifyBundle(*bundle, expect).toJson();
        verdict.insert(QStringLiteral("claimed_tier"), bundle->claimedTier);
        verdict.insert(QStringLiteral("node_identity"), hex::encode(bundle->identity));
        verdict.insert(QStringLiteral("session_key"), hex::encode(bundle->session));
        return print(verdict);
    }
    const int kinds = int(run.parser().isSet(QStringLiteral("sev-report")))
        + int(run.parser().isSet(QStringLiteral("tdx-quote")))
        + int(run.parser().isSet(QStringLiteral("nvidia-report")));
    if (kinds != 1)
        return fail(QStringLiteral("give exactly one of --sev-report, --tdx-quote, --nvidia-report"), kUsage);
    if (run.parser().isSet(QStringLiteral("nvidia-report"))) {
        const auto chainFile = run.required(QStringLiteral("nvidia-chain"));
        if (!chainFile)
            return kUsage;
        attest::NvidiaPolicy policy;
        if (run.parser().isSet(QStringLiteral("nonce"))) {
            auto n = hex::decode(run.parser().value(QStringLiteral("nonce")));
            if (!n || n->size() != 32)
                return fail(QStringLiteral("--nonce must be 64 hex digits (32 bytes)"), kUsage);
            policy.expectedNonce = *n;
        }
        QByteArray reportBytes, chainBytes;
        if (auto rc = read(run.parser().value(QStringLiteral("nvidia-report")), reportBytes))
            return *rc;
        if (auto rc = read(*chainFile, chainBytes))
            return *rc;
        auto parsed = attest::parseNvidiaReport(reportBytes);
        return print(parsed ? attest::verifyNvidiaReport(*parsed, chainBytes, policy).toJson()
                            : refused(QStringLiteral("nvidia-cc"), parsed.error().message));
    }
    if (run.parser().isSet(QStringLiteral("tdx-quote"))) {
        QByteArray quote;
        if (auto rc = read(run.parser().value(QStringLiteral("tdx-quote")), quote))
            return *rc;
        attest::TdxPolicy policy;
        policy.allowDebug = allowDebug;
        policy.expectedReportData = expected;
        auto parsed = attest::parseTdxQuote(quote);
        return print(parsed ? attest::verifyTdxQuote(*parsed, policy).toJson()
                            : refused(QStringLiteral("tdx"), parsed.error().message));
    }
    const auto report = run.required(QStringLiteral("sev-report"));
    const auto vcek = run.required(QStringLiteral("vcek"));
    const auto chain = run.required(QStringLiteral("chain"));
    if (!report || !vcek || !chain)
        return kUsage;
    QByteArray reportBytes, vcekBytes, chainBytes;
    for (auto [path, out] :
        {std::pair {*report, &reportBytes}, std::pair {*vcek, &vcekBytes}, std::pair {*chain, &chainBytes}}) {
        if (auto rc = read(path, *out))
            return *rc;
    }
    attest::SevPolicy policy;
    policy.allowDebug = allowDebug;
    policy.expectedReportData = expected;
    auto parsed = attest::parseSevReport(reportBytes);
    return print(parsed ? attest::verifySevReport(*parsed, vcekBytes, chainBytes, policy).toJson()
                        : refused(QStringLiteral("sev-snp"), parsed.error().message));
}

} // namespace cocoonctl
