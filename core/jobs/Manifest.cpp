#include "jobs/Manifest.h"

#include "common/Bytes.h"
#include "jobs/Cbor.h"

#include <QRandomGenerator>

namespace cocoon::jobs {
namespace {

__extension__ using U128 = unsigned __int128; // GCC/Clang extension; exact 128-bit price arithmetic

} // namespace

QString tierName(Tier tier)
{
    return tier == Tier::Confidential ? QStringLiteral("confidential") : QStringLiteral("sealed");
}

JobId Manifest::newJobId()
{
    JobId id {};
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32*>(id.data()), reinterpret_cast<quint32*>(id.data() + id.size()));
    return id;
}

QByteArray Manifest::encode() const
{
    QCborMap m;
    m.insert(QStringLiteral("v"), kVersion);
    m.insert(QStringLiteral("id"), toByteArray(jobId));
    m.insert(QStringLiteral("kernel"), kernel);
    m.insert(QStringLiteral("kver"), qint64(kernelVersion));
    m.insert(QStringLiteral("params"), params);
    m.insert(QStringLiteral("in_len"), qint64(inputLength));
    m.insert(QStringLiteral("reply_pk"), toByteArray(replyKey));
    m.insert(QStringLiteral("price"),
        QCborMap {{QStringLiteral("unit_nano"), qint64(pricePerUnitNano)},
            {QStringLiteral("coef_ppb"), qint64(coefficientPpb)}});
    m.insert(QStringLiteral("deadline"), qint64(deadline));
    m.insert(QStringLiteral("min_tier"), tierName(minTier));
    return cbor::encode(m);
}

Sha256 Manifest::hash() const
{
    return sha256(encode());
}

std::uint64_t Manifest::priceFor(std::uint64_t units) const
{
    // units × unit_nano < 2^128 always; the coefficient is applied as (p / 10^9) × c + (p % 10^9) × c / 10^9,
    // which equals floor(p × c / 10^9) without needing 192-bit arithmetic.
    const U128 p = static_cast<U128>(units) * pricePerUnitNano;
    U128 hi = 0;
    if (__builtin_mul_overflow(p / 1000000000u, static_cast<U128>(coefficientPpb), &hi)) {
        return UINT64_MAX;
    }
    const U128 lo = p % 1000000000u * coefficientPpb / 1000000000u;
    const U128 total = hi + lo;
    return total > UINT64_MAX ? UINT64_MAX : std::uint64_t(total);
}

Expected<Manifest, JobError> Manifest::decode(QByteArrayView bytes)
{
    auto value = cbor::decodeCanonical(bytes, kMaxBytes);
    if (!value) {
        const bool canonical = value.error().contains(QLatin1String("canonical"));
        return unexpected(jobError(
            canonical ? JobErrc::NotCanonical : JobErrc::Malformed, QStringLiteral("manifest: ") + value.error()));
    }
    if (!value->isMap()) {
        return unexpected(jobError(JobErrc::Malformed, QStringLiteral("manifest: not a CBOR map")));
    }
    const QCborMap m = value->toMap();
    std::optional<JobError> error;
    const auto field = [&](const char* key) {
        const QCborValue v = m.value(QLatin1String(key));
        if (v.isUndefined() && !error)
            error = jobError(JobErrc::Malformed, QStringLiteral("manifest: '%1' is missing").arg(QLatin1String(key)));
        return v;
    };
    const auto uint = [&](const QCborValue& v, const char* key) -> std::uint64_t {
        if (!v.isUndefined() && (!v.isInteger() || v.toInteger() < 0) && !error) {
            error = jobError(JobErrc::Malformed,
                QStringLiteral("manifest: '%1' must be a non-negative integer").arg(QLatin1String(key)));
        }
        return std::uint64_t(std::max<qint64>(v.toInteger(), 0));
    };
    const auto bytesField = [&](const char* key, qsizetype size) {
        const QCborValue v = field(key);
        if (!v.isUndefined() && (!v.isByteArray() || v.toByteArray().size() != size) && !error) {
            error = jobError(JobErrc::Malformed,
                QStringLiteral("manifest: '%1' must be %2 bytes").arg(QLatin1String(key)).arg(size));
        }
        return v.toByteArray();
    };

    const QCborValue version = field("v");
    if (!error && (!version.isInteger() || version.toInteger() != kVersion)) {
        return unexpected(jobError(JobErrc::UnsupportedVersion,
            QStringLiteral("manifest version %1 is not supported (this node reads version %2)")
                .arg(version.toDiagnosticNotation())
                .arg(kVersion)));
    }
    Manifest out;
    const QByteArray id = bytesField("id", 16);
    const QCborValue kernel = field("kernel");
    const QCborValue params = field("params");
    const QByteArray reply = bytesField("reply_pk", 32);
    const QCborValue price = field("price");
    const QCborValue tier = field("min_tier");
    out.kernelVersion = std::uint32_t(uint(field("kver"), "kver"));
    out.inputLength = uint(field("in_len"), "in_len");
    out.deadline = uint(field("deadline"), "deadline");
    if (!error && !kernel.isString())
        error = jobError(JobErrc::Malformed, QStringLiteral("manifest: 'kernel' must be text"));
    if (!error && !params.isMap())
        error = jobError(JobErrc::Malformed, QStringLiteral("manifest: 'params' must be a map"));
    if (!error && !price.isMap())
        error = jobError(JobErrc::Malformed, QStringLiteral("manifest: 'price' must be a map {unit_nano, coef_ppb}"));
    if (!error) {
        const QCborMap pm = price.toMap();
        if (pm.size() != 2 || !pm.contains(QStringLiteral("unit_nano")) || !pm.contains(QStringLiteral("coef_ppb"))) {
            error = jobError(
                JobErrc::Malformed, QStringLiteral("manifest: 'price' must be exactly {unit_nano, coef_ppb}"));
        }
        out.pricePerUnitNano = uint(pm.value(QStringLiteral("unit_nano")), "price.unit_nano");
        out.coefficientPpb = uint(pm.value(QStringLiteral("coef_ppb")), "price.coef_ppb");
    }
    if (!error && tier.toString() != QLatin1String("sealed") && tier.toString() != QLatin1String("confidential")) {
        error = jobError(
            JobErrc::Malformed, QStringLiteral("manifest: 'min_tier' must be \"sealed\" or \"confidential\""));
    }
    if (!error && m.size() != 10) {
        error = jobError(
            JobErrc::Malformed, QStringLiteral("manifest: unexpected fields (a version 1 manifest has exactly 10)"));
    }
    if (error)
        return unexpected(*error);
    std::copy(id.begin(), id.end(), out.jobId.begin());
    std::copy(reply.begin(), reply.end(), out.replyKey.begin());
    out.kernel = kernel.toString();
    out.params = params.toMap();
    out.minTier = tier.toString() == QLatin1String("confidential") ? Tier::Confidential : Tier::Sealed;
    return out;
}

} // namespace cocoon::jobs
