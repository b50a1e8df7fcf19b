#include "jobs/Receipt.h"

#include "common/Bytes.h"
#include "jobs/Cbor.h"

namespace cocoon::jobs {
namespace {

constexpr char kDomain[] = "cocoon/v1 receipt";

} // namespace

QByteArray Receipt::body() const
{
    QCborMap m;
    m.insert(QStringLiteral("v"), kVersion);
    m.insert(QStringLiteral("job"), toByteArray(jobId));
    m.insert(QStringLiteral("manifest"), toByteArray(manifestHash));
    m.insert(QStringLiteral("in"), toByteArray(inputHash));
    m.insert(QStringLiteral("out"), toByteArray(outputHash));
    m.insert(QStringLiteral("kernel"), kernel);
    m.insert(QStringLiteral("kver"), qint64(kernelVersion));
    m.insert(QStringLiteral("backend"), backend);
    m.insert(QStringLiteral("device"), device);
    m.insert(QStringLiteral("units"), qint64(std::min<std::uint64_t>(units, INT64_MAX)));
    m.insert(QStringLiteral("price_nano"), qint64(std::min<std::uint64_t>(priceNano, INT64_MAX)));
    m.insert(QStringLiteral("start_ms"), qint64(startMs));
    m.insert(QStringLiteral("end_ms"), qint64(endMs));
    m.insert(QStringLiteral("node"), toByteArray(nodeKey));
    m.insert(QStringLiteral("evidence"), evidenceHash);
    if (chunkCount > 0) {
        m.insert(QStringLiteral("chunks"), qint64(chunkCount));
        m.insert(QStringLiteral("chunk_chain"), toByteArray(chunkChain));
    }
    return cbor::encode(m);
}

QByteArray Receipt::sign(const Ed25519PrivateKey& key) const
{
    return cbor::signBody(kDomain, body(), key);
}

Expected<Receipt, JobError> Receipt::verify(QByteArrayView signedReceipt)
{
    auto outer = cbor::splitSigned(signedReceipt, 16 * 1024);
    if (!outer) {
        return unexpected(jobError(JobErrc::Malformed, QStringLiteral("not a signed receipt: ") + outer.error()));
    }
    const QByteArray& b = outer->body;
    auto inner = cbor::decodeCanonical(b, 16 * 1024);
    if (!inner || !inner->isMap()) {
        return unexpected(jobError(JobErrc::Malformed,
            QStringLiteral("receipt body: %1").arg(inner ? QStringLiteral("not a map") : inner.error())));
    }
    const QCborMap m = inner->toMap();
    if (m.value(QStringLiteral("v")).toInteger(-1) != kVersion) {
        return unexpected(jobError(JobErrc::UnsupportedVersion,
            QStringLiteral("receipt version %1 is not supported")
                .arg(m.value(QStringLiteral("v")).toDiagnosticNotation())));
    }
    Receipt r;
    const bool streamed = m.contains(QStringLiteral("chunks"));
    bool ok = m.size() == (streamed ? 17 : 15);
    const auto fixed = [&](const char* key, auto& out) {
        const QByteArray v = m.value(QLatin1String(key)).toByteArray();
        ok = ok && m.value(QLatin1String(key)).isByteArray() && v.size() == qsizetype(out.size());
        if (ok)
            std::copy(v.begin(), v.end(), out.begin());
    };
    const auto uint = [&](const char* key) {
        const QCborValue v = m.value(QLatin1String(key));
        ok = ok && v.isInteger() && v.toInteger() >= 0;
        return std::uint64_t(std::max<qint64>(v.toInteger(), 0));
    };
    const auto text = [&](const char* key) {
        ok = ok && m.value(QLatin1String(key)).isString();
        return m.value(QLatin1String(key)).toString();
    };
    fixed("job", r.jobId);
    fixed("manifest", r.manifestHash);
    fixed("in", r.inputHash);
    fixed("out", r.outputHash);
    fixed("node", r.nodeKey);
    r.kernel = text("kernel");
    r.backend = text("backend");
    r.device = text("device");
    r.kernelVersion = std::uint32_t(uint("kver"));
    r.units = uint("units");
    r.priceNano = uint("price_nano");
    r.startMs = uint("start_ms");
    r.endMs = uint("end_ms");
    ok = ok && m.value(QStringLiteral("evidence")).isByteArray();
    r.evidenceHash = m.value(QStringLiteral("evidence")).toByteArray();
    if (streamed) {
        const std::uint64_t n = uint("chunks");
        ok = ok && n >= 1 && n <= 0xffffffffu;
        r.chunkCount = std::uint32_t(n);
        fixed("chunk_chain", r.chunkChain);
    }
    if (!ok) {
        return unexpected(jobError(JobErrc::Malformed, QStringLiteral("receipt body: missing or mistyped fields")));
    }
    if (!cbor::verifyBody(kDomain, *outer, r.nodeKey)) {
        return unexpected(jobError(JobErrc::BadSignature,
            QStringLiteral("the receipt's signature does not verify: it was "
                           "altered or not signed by the node it names")));
    }
    return r;
}

} // namespace cocoon::jobs
