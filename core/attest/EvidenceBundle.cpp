#include "attest/EvidenceBundle.h"

#include "attest/NvidiaCc.h"
#include "attest/SevSnp.h"
#include "attest/Tdx.h"
#include "common/Bytes.h"
#include "common/Hex.h"
#include "jobs/Cbor.h"

#include <QCborArray>
#include <QCborMap>

namespace cocoon::attest {

namespace {

AttestError malformed(const QString& why)
{
    return AttestError {AttestErrc::Malformed, QStringLiteral("evidence bundle: ") + why};
}

QString pemOf(const QByteArray& der)
{
    QString pem = QStringLiteral("-----BEGIN CERTIFICATE-----\n");
    const QByteArray b64 = der.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 64) {
        pem += QString::fromLatin1(b64.mid(i, 64)) + u'\n';
    }
    return pem + QStringLiteral("-----END CERTIFICATE-----\n");
}

template <std::size_t N>
bool copyFixed(const QCborValue& v, std::array<unsigned char, N>& out)
{
    if (!v.isByteArray() || v.toByteArray().size() != qsizetype(N)) {
        return false;
    }
    const QByteArray b = v.toByteArray();
    std::copy(b.begin(), b.end(), out.begin());
    return true;
}

} // namespace

EvidenceBundle EvidenceBundle::fromLocal(
    const LocalEvidence& e, const Ed25519PublicKey& identity, const X25519PublicKey& session, std::uint64_t createdMs)
{
    EvidenceBundle b;
    b.createdMs = createdMs;
    b.identity = identity;
    b.session = session;
    b.reportData = e.reportData;
    b.claimedTier = jobs::tierName(e.tier);
    b.cpuType = e.cpuTee;
    b.cpuReport = e.cpuReport;
    b.cpuCerts = e.cpuAuxBlob;
    b.cpuReason = e.cpuReason;
    for (const GpuEvidence& g : e.gpus) {
        b.gpus.append(BundleGpu {g.index, g.report, g.certChain, g.reason});
    }
    return b;
}

QByteArray EvidenceBundle::encode() const
{
    QCborArray gpuArray;
    for (const BundleGpu& g : gpus) {
        QCborMap m;
        m.insert(QStringLiteral("index"), g.index);
        m.insert(QStringLiteral("report"), g.report);
        m.insert(QStringLiteral("chain"), g.chain);
        m.insert(QStringLiteral("reason"), g.reason);
        gpuArray.append(m);
    }
    QCborMap cpu;
    cpu.insert(QStringLiteral("type"), cpuType);
    cpu.insert(QStringLiteral("report"), cpuReport);
    cpu.insert(QStringLiteral("certs"), cpuCerts);
    cpu.insert(QStringLiteral("reason"), cpuReason);
    QCborMap m;
    m.insert(QStringLiteral("v"), kVersion);
    m.insert(QStringLiteral("created_ms"), qint64(std::min<std::uint64_t>(createdMs, INT64_MAX)));
    m.insert(QStringLiteral("identity"), toByteArray(identity));
    m.insert(QStringLiteral("session"), toByteArray(session));
    m.insert(QStringLiteral("report_data"), reportData);
    m.insert(QStringLiteral("tier"), claimedTier);
    m.insert(QStringLiteral("cpu"), cpu);
    m.insert(QStringLiteral("gpus"), gpuArray);
    return cbor::encode(m);
}

Expected<EvidenceBundle, AttestError> EvidenceBundle::decode(QByteArrayView bytes)
{
    auto v = cbor::decodeCanonical(bytes, kMaxBytes);
    if (!v) {
        return unexpected(malformed(v.error()));
    }
    if (!v->isMap()) {
        return unexpected(malformed(QStringLiteral("not a CBOR map")));
    }
    const QCborMap m = v->toMap();
    if (m.value(QStringLiteral("v")).toInteger(-1) != kVersion) {
        return unexpected(malformed(
            QStringLiteral("version %1 is not supported").arg(m.value(QStringLiteral("v")).toDiagnosticNotation())));
    }
    EvidenceBundle b;
    const QCborMap cpu = m.value(QStringLiteral("cpu")).toMap();
    const QCborValue created = m.value(QStringLiteral("created_ms"));
    bool ok = m.size() == 8 && created.isInteger() && created.toInteger() >= 0
        && copyFixed(m.value(QStringLiteral("identity")), b.identity)
        && copyFixed(m.value(QStringLiteral("session")), b.session)
        && m.value(QStringLiteral("report_data")).isByteArray() && m.value(QStringLiteral("tier")).isString()
        && m.value(QStringLiteral("cpu")).isMap() && m.value(QStringLiteral("gpus")).isArray() && cpu.size() == 4
        && cpu.value(QStringLiteral("type")).isString() && cpu.value(QStringLiteral("report")).isByteArray()
        && cpu.value(QStringLiteral("certs")).isByteArray() && cpu.value(QStringLiteral("reason")).isString();
    if (!ok) {
        return unexpected(malformed(QStringLiteral("missing or mistyped fields")));
    }
    b.createdMs = std::uint64_t(created.toInteger());
    b.reportData = m.value(QStringLiteral("report_data")).toByteArray();
    b.claimedTier = m.value(QStringLiteral("tier")).toString();
    b.cpuType = cpu.value(QStringLiteral("type")).toString();
    b.cpuReport = cpu.value(QStringLiteral("report")).toByteArray();
    b.cpuCerts = cpu.value(QStringLiteral("certs")).toByteArray();
    b.cpuReason = cpu.value(QStringLiteral("reason")).toString();
    const QCborArray gpus = m.value(QStringLiteral("gpus")).toArray();
    if (gpus.size() > 64) {
        return unexpected(malformed(QStringLiteral("more than 64 GPUs")));
    }
    for (const QCborValue& gv : gpus) {
        const QCborMap g = gv.toMap();
        if (!gv.isMap() || g.size() != 4 || !g.value(QStringLiteral("index")).isInteger()
            || g.value(QStringLiteral("index")).toInteger() < 0 || g.value(QStringLiteral("index")).toInteger() > 1024
            || !g.value(QStringLiteral("report")).isByteArray() || !g.value(QStringLiteral("chain")).isByteArray()
            || !g.value(QStringLiteral("reason")).isString()) {
            return unexpected(malformed(QStringLiteral("a GPU entry with missing or mistyped fields")));
        }
        b.gpus.append(BundleGpu {int(g.value(QStringLiteral("index")).toInteger()),
            g.value(QStringLiteral("report")).toByteArray(), g.value(QStringLiteral("chain")).toByteArray(),
            g.value(QStringLiteral("reason")).toString()});
    }
    return b;
}

SevHostCerts parseSevCertTable(const QByteArray& table)
{
    // GUIDs in their binary (mixed-endian, EFI) layout.
    static const QByteArray ark = QByteArray::fromHex("a406b4c003a8524997433fb6014cd0ae");
    static const QByteArray ask = QByteArray::fromHex("79b3b74aacbbe44fa02f05aef327c782");
    static const QByteArray vcek = QByteArray::fromHex("8d75da6364e66445adc5f4b93be8accd");
    SevHostCerts out;
    const auto u32 = [&](qsizetype at) {
        return std::uint32_t(std::uint8_t(table[at])) | std::uint32_t(std::uint8_t(table[at + 1])) << 8
            | std::uint32_t(std::uint8_t(table[at + 2])) << 16 | std::uint32_t(std::uint8_t(table[at + 3])) << 24;
    };
    for (qsizetype at = 0; at + 24 <= table.size(); at += 24) {
        const QByteArray guid = table.mid(at, 16);
        const std::uint32_t offset = u32(at + 16), length = u32(at + 20);
        if (guid == QByteArray(16, '\0') && offset == 0 && length == 0) {
            break;
        }
        if (std::uint64_t(offset) + length > std::uint64_t(table.size())) {
            continue;
        }
        const QByteArray cert = table.mid(offset, length);
        if (guid == vcek) {
            out.vcek = cert;
        } else if (guid == ask) {
            out.ask = cert;
        } else if (guid == ark) {
            out.ark = cert;
        }
    }
    return out;
}

BundleVerdict verifyBundle(const EvidenceBundle& b, const BundleExpectations& expect)
{
    BundleVerdict v;
    // 1. Binding: the report_data every report must carry is SHA-512(identity ‖ session).
    v.bindingOk = b.reportData == bindingReportData(b.identity, b.session);
    if (!v.bindingOk) {
        v.fail(AttestErrc::Mismatch,
            QStringLiteral("report_data is not SHA-512(identity ‖ session): the evidence is "
                           "not bound to the keys in the bundle"));
    }
    if (expect.identity && *expect.identity != b.identity) {
        v.fail(AttestErrc::Mismatch, QStringLiteral("the bundle is for another node identity"));
    }
    if (expect.session && *expect.session != b.session) {
        v.fail(AttestErrc::Mismatch, QStringLiteral("the bundle is for another session key"));
    }
    if (expect.nowMs && (b.createdMs + expect.maxAgeMs < *expect.nowMs || b.createdMs > *expect.nowMs + 300000)) {
        v.fail(AttestErrc::PolicyViolation,
            QStringLiteral("the bundle was created at %1 ms, outside the accepted age").arg(b.createdMs));
    }
    // 2. CPU evidence, against the pinned vendor roots.
    if (b.cpuReport.isEmpty()) {
        v.cpuDetail = b.cpuReason.isEmpty() ? QStringLiteral("no CPU TEE evidence") : b.cpuReason;
    } else if (b.cpuType == u"tdx") {
        auto q = parseTdxQuote(b.cpuReport);
        TdxPolicy p;
        p.allowDebug = expect.allowDebug;
        p.expectedReportData = b.reportData;
        const TdxVerdict t = q ? verifyTdxQuote(*q, p) : TdxVerdict {};
        v.cpuVerified = q && t.valid && v.bindingOk;
        v.cpuDetail = !q ? q.error().message
            : t.valid    ? QStringLiteral("Intel TDX quote verified")
                         : t.reasons.join("; ");
    } else if (b.cpuType == u"sev-snp") {
        auto r = parseSevReport(b.cpuReport);
        const SevHostCerts certs = parseSevCertTable(b.cpuCerts);
        if (!r) {
            v.cpuDetail = r.error().message;
        } else if (certs.vcek.isEmpty() || certs.ask.isEmpty() || certs.ark.isEmpty()) {
            v.cpuDetail = QStringLiteral("the SEV-SNP report came without the host's VCEK/ASK/ARK; verifying it needs "
                                         "them from AMD's key server (network), which this verifier does not fetch");
        } else {
            SevPolicy p;
            p.allowDebug = expect.allowDebug;
            p.expectedReportData = b.reportData;
            const QByteArray chain = (pemOf(certs.ask) + pemOf(certs.ark)).toLatin1();
            const SevVerdict s = verifySevReport(*r, certs.vcek, chain, p);
            v.cpuVerified = s.valid && v.bindingOk;
            v.cpuDetail = s.valid ? QStringLiteral("AMD SEV-SNP report verified (%1)").arg(s.productLine)
                                  : s.reasons.join(QStringLiteral("; "));
        }
    } else {
        v.cpuDetail = QStringLiteral("unknown CPU evidence type '%1'").arg(b.cpuType);
    }
    // 3. GPU evidence: each report for the nonce derived from the same binding.
    bool allGpus = !b.gpus.isEmpty();
    for (const BundleGpu& g : b.gpus) {
        bool ok = false;
        QString detail = g.reason;
        if (!g.report.isEmpty()) {
            auto parsed = parseNvidiaReport(g.report);
            if (!parsed) {
                detail = parsed.error().message;
            } else {
                NvidiaPolicy p;
                p.expectedNonce = gpuNonce(b.reportData);
                const NvidiaVerdict n = verifyNvidiaReport(*parsed, g.chain, p);
                ok = n.valid && v.bindingOk;
                detail = n.valid ? QStringLiteral("NVIDIA GPU report verified") : n.reasons.join(QStringLiteral("; "));
            }
        } else if (detail.isEmpty()) {
            detail = QStringLiteral("no report");
        }
        v.gpuVerified << ok;
        v.gpuDetails << QStringLiteral("GPU %1: %2").arg(g.index).arg(detail);
        allGpus = allGpus && ok;
    }
    // 4. The tier, decided here.
    if (!v.cpuVerified) {
        v.tierReasons << QStringLiteral("CPU: ") + v.cpuDetail;
    }
    if (expect.gpuNeeded && !allGpus) {
        v.tierReasons << (b.gpus.isEmpty() ? QStringLiteral("GPU: no GPU evidence")
                                           : QStringLiteral("GPU: ") + v.gpuDetails.join(QStringLiteral("; ")));
    }
    v.conclude();
    v.tier = (v.valid && v.tierReasons.isEmpty()) ? jobs::Tier::Confidential : jobs::Tier::Sealed;
    return v;
}

QJsonObject BundleVerdict::toJson() const
{
    QJsonObject o = json(QStringLiteral("bundle"));
    o.insert(QStringLiteral("tier"), jobs::tierName(tier));
    o.insert(QStringLiteral("tier_reasons"), QJsonArray::fromStringList(tierReasons));
    o.insert(QStringLiteral("binding"), bindingOk);
    o.insert(QStringLiteral("cpu"),
        QJsonObject {{QStringLiteral("verified"), cpuVerified}, {QStringLiteral("detail"), cpuDetail}});
    QJsonArray g;
    for (int i = 0; i < gpuVerified.size(); ++i) {
        g.append(QJsonObject {{QStringLiteral("verified"), gpuVerified[i]}, {QStringLiteral("detail"), gpuDetails[i]}});
    }
    o.insert(QStringLiteral("gpus"), g);
    o.insert(QStringLiteral("online_checks"),
        QStringLiteral(
            "not performed: OCSP, CRLs, Intel TCB info and NVIDIA reference measurements need the internet"));
    return o;
}

} // namespace cocoon::attest
