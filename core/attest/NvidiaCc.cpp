#include "attest/NvidiaCc.h"

#include "attest/Pki.h"
#include "common/Hex.h"

#include <QtEndian>

namespace cocoon::attest {
namespace {

/// NVIDIA Device Identity CA, pinned by the SHA-256 of its SubjectPublicKeyInfo (the root NVIDIA
/// publishes for its GPU attestation verifiers).
constexpr char kNvidiaRootSpki[] = "a90c4eb5acfd3e3d03a25db6a26b84f720ad0503196c627c21ddd48dd85b06a4";

constexpr qsizetype kRequestSize = 37; ///< version, code, attributes, operation, nonce[32], slot
constexpr qsizetype kSignatureSize = 96; ///< ECDSA P-384 r ‖ s

AttestError malformed(const QString& why)
{
    return {AttestErrc::Malformed, why};
}

std::uint32_t le(const QByteArray& b, qsizetype at, int bytes)
{
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | std::uint8_t(b[at + i]);
    return v;
}

} // namespace

Expected<NvidiaReport, AttestError> parseNvidiaReport(const QByteArray& input)
{
    if (input.size() > (1 << 20))
        return unexpected(
            malformed(QStringLiteral("an NVIDIA attestation report is a few KiB; this is %1 bytes").arg(input.size())));
    QByteArray b = input;
    QByteArray text = input.trimmed();
    text.replace(' ', "").replace('\n', "").replace('\r', "");
    if (!text.isEmpty() && text.size() % 2 == 0
        && std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
        b = QByteArray::fromHex(text);
    }
    if (b.size() < kRequestSize + 8)
        return unexpected(
            malformed(QStringLiteral("truncated: %1 bytes cannot hold an SPDM request and response").arg(b.size())));
    NvidiaReport r;
    r.request = b.left(kRequestSize);
    const auto u8 = [&b](qsizetype at) { return int(std::uint8_t(b[at])); };
    r.spdmVersion = u8(0);
    if (r.spdmVersion < 0x10 || r.spdmVersion > 0x13 || u8(1) != 0xE0)
        return unexpected(malformed(QStringLiteral("the report does not start with an SPDM GET_MEASUREMENTS request")));
    if (!(u8(2) & 1))
        return unexpected(malformed(QStringLiteral("the request did not ask for a signature, so nothing is signed")));
    r.requestNonce = b.mid(4, 32);
    qsizetype at = kRequestSize;
    if (u8(at) != r.spdmVersion || u8(at + 1) != 0x60)
        return unexpected(malformed(QStringLiteral("no SPDM MEASUREMENTS response follows the request")));
    const int blocks = u8(at + 4);
    const qsizetype recordLen = qsizetype(le(b, at + 5, 3));
    at += 8;
    if (recordLen > b.size() - at)
        return unexpected(
            malformed(QStringLiteral("truncated: the measurement record is shorter than its declared length")));
    const QByteArray record = b.mid(at, recordLen);
    at += recordLen;
    for (qsizetype p = 0; p < record.size();) {
        if (record.size() - p < 4)
            return unexpected(malformed(QStringLiteral("a measurement block is cut short")));
        const int index = int(std::uint8_t(record[p]));
        const qsizetype size = qsizetype(le(record, p + 2, 2));
        if (size > record.size() - p - 4 || size < 3)
            return unexpected(malformed(QStringLiteral("measurement block %1 is longer than its record").arg(index)));
        SpdmMeasurement m;
        m.index = index;
        m.dmtfType = int(std::uint8_t(record[p + 4]));
        const qsizetype valueSize = qsizetype(le(record, p + 5, 2));
        if (valueSize != size - 3)
            return unexpected(
                malformed(QStringLiteral("measurement block %1 has an inconsistent value size").arg(index)));
        m.value = record.mid(p + 7, valueSize);
        r.measurements << m;
        p += 4 + size;
    }
    if (r.measurements.size() != blocks)
        return unexpected(malformed(QStringLiteral("the response announces %1 measurement blocks but holds %2")
                                        .arg(blocks)
                                        .arg(r.measurements.size())));
    if (b.size() - at < 34)
        return unexpected(malformed(QStringLiteral("truncated: the response's nonce and opaque data are missing")));
    r.responseNonce = b.mid(at, 32);
    const qsizetype opaqueLen = qsizetype(le(b, at + 32, 2));
    at += 34;
    if (opaqueLen > b.size() - at)
        return unexpected(malformed(QStringLiteral("truncated: the opaque data is shorter than its declared length")));
    r.opaqueData = b.mid(at, opaqueLen);
    at += opaqueLen;
    if (b.size() - at != kSignatureSize) {
        return unexpected(malformed(QStringLiteral("the response must end in a %1-byte signature; %2 bytes are left")
                                        .arg(kSignatureSize)
                                        .arg(b.size() - at)));
    }
    r.signature = b.mid(at);
    r.response = b.mid(kRequestSize);
    return r;
}

NvidiaVerdict verifyNvidiaReport(const NvidiaReport& r, const QByteArray& chainPem, const NvidiaPolicy& policy)
{
    NvidiaVerdict v;
    v.report = r;
    auto chain = pki::readPemChain(chainPem);
    if (chain.size() < 2) {
        v.fail(AttestErrc::Malformed,
            QStringLiteral(
                "the GPU's certificate chain must run from its leaf to NVIDIA's root; it holds %1 certificates")
                .arg(chain.size()));
    } else {
        X509* root = chain.back().get();
        if (pki::spkiSha256(root) != QLatin1String(kNvidiaRootSpki)) {
            v.fail(AttestErrc::UntrustedRoot, QStringLiteral("the chain does not end in NVIDIA's Device Identity CA"));
        } else if (!pki::signedBy(root, root)) {
            v.fail(AttestErrc::BadChain, QStringLiteral("NVIDIA's root certificate does not sign itself"));
        }
        for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
            if (!pki::signedBy(chain[i].get(), chain[i + 1].get()))
                v.fail(AttestErrc::BadChain,
                    QStringLiteral("certificate %1 of the chain is not signed by the next one").arg(i + 1));
        }
        char name[256] = {};
        X509_NAME_oneline(X509_get_subject_name(chain.front().get()), name, sizeof name);
        v.leafSubject = QString::fromUtf8(name);
        const QByteArray signedPart = r.request + r.response.chopped(kSignatureSize);
        if (!pki::verifyEcdsa(X509_get0_pubkey(chain.front().get()), EVP_sha384(), signedPart, r.signature.left(48),
                r.signature.mid(48)))
            v.fail(
                AttestErrc::BadSignature, QStringLiteral("the GPU's signature over its measurements does not verify"));
    }
    if (policy.expectedNonce && *policy.expectedNonce != r.requestNonce)
        v.fail(AttestErrc::PolicyViolation,
            QStringLiteral("the report answers another nonce (it is not fresh, or was made for someone else)"));
    v.conclude();
    return v;
}

QJsonObject NvidiaVerdict::toJson() const
{
    QJsonObject o = json(QStringLiteral("nvidia-cc"));
    o[QStringLiteral("spdm_version")]
        = QStringLiteral("%1.%2").arg(report.spdmVersion >> 4).arg(report.spdmVersion & 0xf);
    o[QStringLiteral("nonce")] = hex::encode(report.requestNonce);
    o[QStringLiteral("device")] = leafSubject;
    QJsonArray ms;
    for (const SpdmMeasurement& m : report.measurements) {
        ms.append(QJsonObject {{QStringLiteral("index"), m.index}, {QStringLiteral("dmtf_type"), m.dmtfType},
            {QStringLiteral("value"), hex::encode(m.value)}});
    }
    o[QStringLiteral("measurements")] = ms;
    return o;
}

} // namespace cocoon::attest
