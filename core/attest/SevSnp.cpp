#include "attest/SevSnp.h"

#include "attest/Pki.h"
#include "common/Hex.h"
#include "crypto/Hash.h"
#include "crypto/Ossl.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QJsonArray>
#include <QtEndian>

#include <algorithm>
#include <vector>

namespace cocoon::attest {
namespace {

using pki::X509Ptr;
using Asn1Type = std::unique_ptr<ASN1_TYPE, ossl::Deleter<ASN1_TYPE_free>>;

/// AMD's root keys (ARK), pinned by the SHA-256 of their SubjectPublicKeyInfo. The certificates are
/// AMD's published cert_chain from the Key Distribution Service (kdsintf.amd.com/vcek/v1/<line>/),
/// as also kept in go-sev-guest's trust store.
struct PinnedRoot
{
    const char* productLine;
    const char* spkiSha256;
};
constexpr PinnedRoot kAmdRoots[] = {
    {"Milan", "9f056bee44377e29308cb5ffa895bdfb62d18881fa6bed8d6f075b0204089cb9"},
    {"Genoa", "429a69c9422aa258ee4d8db5fcda9c6470ef15f8cd5a9cebd6cbc7d90b863831"},
    {"Turin", "4f125410563a2ab9a50356f9243f6fe0b6f73de98603f53f90339c70e9d7ad08"},
};

AttestError err(AttestErrc code, QString message)
{
    return {code, std::move(message)};
}

template <typename T>
T le(const QByteArray& b, qsizetype offset)
{
    return qFromLittleEndian<T>(b.constData() + offset);
}

/// The value of the extension `oid` (dotted), parsed as DER when it is DER; raw bytes otherwise.
std::optional<QByteArray> extensionBytes(X509* cert, const char* oid, int* asInteger = nullptr)
{
    for (int i = 0; i < X509_get_ext_count(cert); ++i) {
        X509_EXTENSION* ext = X509_get_ext(cert, i);
        char name[80];
        OBJ_obj2txt(name, sizeof name, X509_EXTENSION_get_object(ext), 1);
        if (std::strcmp(name, oid) != 0)
            continue;
        const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
        const unsigned char* p = ASN1_STRING_get0_data(data);
        const QByteArray raw(reinterpret_cast<const char*>(p), ASN1_STRING_length(data));
        Asn1Type t(d2i_ASN1_TYPE(nullptr, &p, ASN1_STRING_length(data)));
        ERR_clear_error();
        if (!t)
            return raw;
        if (t->type == V_ASN1_INTEGER && asInteger) {
            *asInteger = int(ASN1_INTEGER_get(t->value.integer));
            return raw;
        }
        if (t->type == V_ASN1_OCTET_STRING || t->type == V_ASN1_IA5STRING || t->type == V_ASN1_UTF8STRING) {
            const ASN1_STRING* s = t->value.asn1_string;
            return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
        }
        return raw;
    }
    return std::nullopt;
}

std::optional<int> extensionInt(X509* cert, const char* oid)
{
    int v = -1;
    if (!extensionBytes(cert, oid, &v) || v < 0)
        return std::nullopt;
    return v;
}

/// ECDSA P-384 / SHA-384 over `data` with R and S given little-endian, as AMD lays them out.
bool verifyEcdsaLe(EVP_PKEY* key, const QByteArray& data, QByteArray r, QByteArray s)
{
    std::reverse(r.begin(), r.end());
    std::reverse(s.begin(), s.end());
    return pki::verifyEcdsa(key, EVP_sha384(), data, r, s);
}

QJsonObject tcbJson(const SevTcb& t, bool turin)
{
    QJsonObject o {{QStringLiteral("bootloader"), t.bootloader}, {QStringLiteral("tee"), t.tee},
        {QStringLiteral("snp"), t.snp}, {QStringLiteral("microcode"), t.microcode}};
    if (turin)
        o[QStringLiteral("fmc")] = t.fmc;
    return o;
}

} // namespace

bool SevTcb::atLeast(const SevTcb& o) const
{
    return fmc >= o.fmc && bootloader >= o.bootloader && tee >= o.tee && snp >= o.snp && microcode >= o.microcode;
}

SevTcb SevReport::decodeTcb(std::uint64_t raw, const QString& productLine)
{
    const auto byte = [raw](int i) { return int((raw >> (8 * i)) & 0xff); };
    SevTcb t;
    if (productLine == u"Turin") {
        t.fmc = byte(0);
        t.bootloader = byte(1);
        t.tee = byte(2);
        t.snp = byte(3);
    } else {
        t.bootloader = byte(0);
        t.tee = byte(1);
        t.snp = byte(6);
    }
    t.microcode = byte(7);
    return t;
}

Expected<SevReport, AttestError> parseSevReport(const QByteArray& input)
{
    QByteArray b = input;
    if (std::size_t(b.size()) != kSevReportSize) {
        // Hex text, as some tools write it.
        QByteArray text = input;
        text.replace(' ', "").replace('\n', "").replace('\r', "").replace('\t', "");
        auto decoded = hex::decode(QString::fromLatin1(text));
        if (!decoded) {
            return unexpected(err(AttestErrc::Malformed,
                QStringLiteral("an SEV-SNP report is %1 bytes (or their hex); this is %2 bytes and not hex")
                    .arg(kSevReportSize)
                    .arg(input.size())));
        }
        b = *decoded;
    }
    if (std::size_t(b.size()) != kSevReportSize) {
        return unexpected(err(AttestErrc::Malformed,
            QStringLiteral("an SEV-SNP report is %1 bytes; this one is %2").arg(kSevReportSize).arg(b.size())));
    }
    SevReport r;
    r.version = le<std::uint32_t>(b, 0x00);
    if (r.version < 2 || r.version > 5) {
        return unexpected(err(AttestErrc::Malformed,
            QStringLiteral("unknown SEV-SNP report version %1 (2 to 5 are known)").arg(r.version)));
    }
    r.signatureAlgo = le<std::uint32_t>(b, 0x34);
    if (r.signatureAlgo != 1) {
        return unexpected(err(AttestErrc::Malformed,
            QStringLiteral("unknown signature algorithm %1 (1 = ECDSA P-384 with SHA-384)").arg(r.signatureAlgo)));
    }
    r.guestSvn = le<std::uint32_t>(b, 0x04);
    r.policy = le<std::uint64_t>(b, 0x08);
    r.vmpl = le<std::uint32_t>(b, 0x30);
    r.currentTcb = le<std::uint64_t>(b, 0x38);
    r.platformInfo = le<std::uint64_t>(b, 0x40);
    r.reportData = b.mid(0x50, 64);
    r.measurement = b.mid(0x90, 48);
    r.hostData = b.mid(0xC0, 32);
    r.idKeyDigest = b.mid(0xE0, 48);
    r.reportId = b.mid(0x140, 32);
    r.reportedTcb = le<std::uint64_t>(b, 0x180);
    r.chipId = b.mid(0x1A0, 64);
    r.committedTcb = le<std::uint64_t>(b, 0x1E0);
    r.launchTcb = le<std::uint64_t>(b, 0x1F0);
    r.signedPart = b.left(0x2A0);
    r.signatureR = b.mid(0x2A0, 72);
    r.signatureS = b.mid(0x2E8, 72);
    return r;
}

SevVerdict verifySevReport(
    const SevReport& report, const QByteArray& vcekBytes, const QByteArray& chainPem, const SevPolicy& policy)
{
    SevVerdict v;
    v.report = report;
    const auto fail = [&v](AttestErrc code, const QString& why) { v.fail(code, why); };

    X509Ptr vcek = pki::readCertificate(vcekBytes);
    std::vector<X509Ptr> chain = pki::readPemChain(chainPem);
    if (!vcek)
        fail(AttestErrc::Malformed, QStringLiteral("the VCEK is not a certificate (DER or PEM expected)"));
    if (chain.size() != 2)
        fail(AttestErrc::Malformed,
            QStringLiteral("the chain must hold the ASK and the ARK (PEM); it holds %1 certificates")
                .arg(chain.size()));
    if (!vcek || chain.size() != 2)
        return v;

    // Which is the root: the one that signs itself and whose key is pinned.
    X509* ark = nullptr;
    X509* ask = nullptr;
    for (auto& c : chain) {
        const QString hash = pki::spkiSha256(c.get());
        for (const PinnedRoot& root : kAmdRoots) {
            if (hash == QLatin1String(root.spkiSha256)) {
                ark = c.get();
                v.productLine = QString::fromLatin1(root.productLine);
            }
        }
    }
    if (!ark) {
        fail(AttestErrc::UntrustedRoot,
            QStringLiteral(
                "the chain's root is not one of AMD's root keys (Milan, Genoa, Turin) built into this program"));
        return v;
    }
    ask = chain[0].get() == ark ? chain[1].get() : chain[0].get();
    if (!pki::signedBy(ark, ark))
        fail(AttestErrc::BadChain, QStringLiteral("the ARK does not sign itself"));
    if (!pki::signedBy(ask, ark))
        fail(AttestErrc::BadChain, QStringLiteral("the ASK is not signed by AMD's %1 root").arg(v.productLine));
    if (!pki::signedBy(vcek.get(), ask))
        fail(AttestErrc::BadChain, QStringLiteral("the VCEK is not signed by the ASK"));

    // The VCEK's own claims: product line, chip, TCB.
    const QString product
        = QString::fromLatin1(extensionBytes(vcek.get(), "1.3.6.1.4.1.3704.1.2").value_or(QByteArray()));
    if (!product.startsWith(v.productLine))
        fail(AttestErrc::Mismatch,
            QStringLiteral("the VCEK is for %1 but the chain is AMD's %2 chain").arg(product, v.productLine));
    const QByteArray hwid = extensionBytes(vcek.get(), "1.3.6.1.4.1.3704.1.4").value_or(QByteArray());
    const bool turin = v.productLine == u"Turin";
    // Turin reports and VCEKs carry only the first 8 bytes of the chip id.
    const qsizetype idLen = turin ? 8 : 64;
    if (hwid.size() < idLen || hwid.left(idLen) != report.chipId.left(idLen))
        fail(AttestErrc::Mismatch,
            QStringLiteral("the VCEK belongs to another chip (hwID differs from the report's chip_id)"));
    v.reportedTcb = SevReport::decodeTcb(report.reportedTcb, v.productLine);
    SevTcb certTcb;
    certTcb.bootloader = extensionInt(vcek.get(), "1.3.6.1.4.1.3704.1.3.1").value_or(-1);
    certTcb.tee = extensionInt(vcek.get(), "1.3.6.1.4.1.3704.1.3.2").value_or(-1);
    certTcb.snp = extensionInt(vcek.get(), "1.3.6.1.4.1.3704.1.3.3").value_or(-1);
    certTcb.microcode = extensionInt(vcek.get(), "1.3.6.1.4.1.3704.1.3.8").value_or(-1);
    certTcb.fmc = turin ? extensionInt(vcek.get(), "1.3.6.1.4.1.3704.1.3.9").value_or(-1) : 0;
    if (!(certTcb == v.reportedTcb))
        fail(
            AttestErrc::Mismatch, QStringLiteral("the VCEK was issued for another TCB than the report's reported_tcb"));

    // The report's signature.
    EVP_PKEY* key = X509_get0_pubkey(vcek.get());
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
        fail(AttestErrc::Malformed, QStringLiteral("the VCEK's key is not an ECDSA key"));
    else if (!verifyEcdsaLe(key, report.signedPart, report.signatureR, report.signatureS))
        fail(AttestErrc::BadSignature, QStringLiteral("the report's signature does not verify with the VCEK"));

    // Policy.
    if (report.debugAllowed() && !policy.allowDebug)
        fail(AttestErrc::PolicyViolation,
            QStringLiteral("the guest policy allows debugging, so its memory can be read by the host"));
    if (policy.minimumTcb && !v.reportedTcb.atLeast(*policy.minimumTcb))
        fail(AttestErrc::PolicyViolation, QStringLiteral("the platform's TCB is older than the minimum required"));
    if (!policy.allowedMeasurements.isEmpty() && !policy.allowedMeasurements.contains(report.measurement))
        fail(AttestErrc::PolicyViolation,
            QStringLiteral("the launch measurement %1 is not an allowed one").arg(hex::encode(report.measurement)));
    if (policy.expectedReportData && *policy.expectedReportData != report.reportData)
        fail(AttestErrc::PolicyViolation,
            QStringLiteral("report_data differs from the expected value (the evidence is bound to other keys)"));
    v.conclude();
    return v;
}

QJsonObject SevVerdict::toJson() const
{
    QJsonObject o = json(QStringLiteral("sev-snp"));
    o[QStringLiteral("product")] = productLine;
    o[QStringLiteral("version")] = int(report.version);
    o[QStringLiteral("debug")] = report.debugAllowed();
    o[QStringLiteral("policy")] = QStringLiteral("0x%1").arg(report.policy, 0, 16);
    o[QStringLiteral("vmpl")] = int(report.vmpl);
    o[QStringLiteral("measurement")] = hex::encode(report.measurement);
    o[QStringLiteral("chip_id")] = hex::encode(report.chipId);
    o[QStringLiteral("report_data")] = hex::encode(report.reportData);
    o[QStringLiteral("reported_tcb")] = tcbJson(reportedTcb, productLine == u"Turin");
    return o;
}

} // namespace cocoon::attest
