#include "net/JobChecks.h"

#include "common/Bytes.h"
#include "crypto/Envelope.h"
#include "jobs/Catalogue.h"
#include "net/Protocol.h"

namespace cocoon::net {

Expected<Metered, QString> meter(const jobs::Manifest& manifest)
{
    auto params = jobs::parseParams(manifest.kernel, manifest.params);
    if (!params) {
        return unexpected(QStringLiteral("the job's parameters were refused: ") + params.error().message);
    }
    const auto fp = kernels::footprint(*params);
    if (!fp || fp->units > std::uint64_t(INT64_MAX)) {
        return unexpected(QStringLiteral("the job's sizes overflow"));
    }
    if (fp->inputBytes != manifest.inputLength) {
        return unexpected(QStringLiteral("the manifest declares a %1-byte input; its parameters need %2 bytes")
                              .arg(manifest.inputLength)
                              .arg(fp->inputBytes));
    }
    envelope::Header out;
    out.plaintextLen = fp->outputBytes;
    if (fp->outputBytes > envelope::kMaxPlaintext || out.sealedSize() > std::uint64_t(kMaxSealedOutputBytes)) {
        return unexpected(
            QStringLiteral("its output (%1 bytes) would not fit in one result frame (at most %2 bytes sealed)")
                .arg(fp->outputBytes)
                .arg(kMaxSealedOutputBytes));
    }
    Metered metered;
    metered.units = fp->units;
    metered.inputBytes = fp->inputBytes;
    metered.outputBytes = fp->outputBytes;
    metered.sealedOutputBytes = out.sealedSize();
    if (const auto* gen = std::get_if<kernels::GenerateParams>(&*params)) {
        metered.unitsAreBound = true;
        metered.modelSha256 = toByteArray(gen->model);
        metered.modelBytes = gen->modelBytes;
    }
    return metered;
}

Expected<std::uint64_t, QString> creditFor(
    const jobs::Manifest& manifest, const Metered& metered, std::uint64_t unitPrice)
{
    std::uint64_t credit = 0;
    if (__builtin_mul_overflow(metered.units, unitPrice, &credit) || credit > std::uint64_t(INT64_MAX)) {
        return unexpected(QStringLiteral("its price (%1 units at %2 nanoTON) is beyond what can be credited")
                              .arg(metered.units)
                              .arg(unitPrice));
    }
    const std::uint64_t offered = manifest.priceFor(metered.units);
    if (offered < credit) {
        return unexpected(
            QStringLiteral("it offers %1 nanoTON for %2 units; this coordinator's price is %3 nanoTON per unit (%4)")
                .arg(offered)
                .arg(metered.units)
                .arg(unitPrice)
                .arg(credit));
    }
    return credit;
}

QString checkSealedLength(QByteArrayView sealed, std::uint64_t plaintextLen, const char* what)
{
    const auto header = envelope::Header::parse(asBytes(sealed));
    if (!header || header->plaintextLen != plaintextLen || std::uint64_t(sealed.size()) != header->sealedSize()) {
        return QStringLiteral("the sealed %1 is not the %2-byte %1 this job declares")
            .arg(QLatin1String(what))
            .arg(plaintextLen);
    }
    return {};
}

QString checkReceipt(const jobs::Receipt& receipt, const jobs::Manifest& manifest, const Metered& metered,
    const QByteArray& jobId, const QByteArray& node, const QByteArray& inputHash, QByteArrayView output)
{
    if (toByteArray(receipt.jobId) != jobId || toByteArray(receipt.nodeKey) != node) {
        return QStringLiteral("the receipt names another job or node");
    }
    if (receipt.kernel != manifest.kernel || receipt.kernelVersion != manifest.kernelVersion) {
        return QStringLiteral("the receipt names kernel %1 v%2, the job is %3 v%4")
            .arg(printable(receipt.kernel, 64))
            .arg(receipt.kernelVersion)
            .arg(manifest.kernel)
            .arg(manifest.kernelVersion);
    }
    if (receipt.manifestHash != manifest.hash() || toByteArray(receipt.inputHash) != inputHash
        || receipt.outputHash != sha256(asBytes(output))) {
        return QStringLiteral("the receipt does not cover this job's manifest, input and output");
    }
    if (metered.unitsAreBound ? receipt.units > metered.units : receipt.units != metered.units) {
        return QStringLiteral("the receipt claims %1 units; the catalogue meters this job at %2")
            .arg(receipt.units)
            .arg((metered.unitsAreBound ? QStringLiteral("at most ") : QString()) + QString::number(metered.units));
    }
    if (receipt.priceNano != manifest.priceFor(receipt.units)) {
        return QStringLiteral("the receipt's price does not follow the manifest's terms");
    }
    return checkSealedLength(output, metered.outputBytes, "output");
}

} // namespace cocoon::net
