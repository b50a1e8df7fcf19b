#include "attest/Tdx.h"

#include "attest/Pki.h"
#include "common/Hex.h"
#include "crypto/Hash.h"

#include <QtEndian>

namespace cocoon::attest {
namespace {

/// Intel SGX Root CA, pinned by the SHA-256 of its SubjectPublicKeyInfo (the P-256 key
/// 04 0b a9 c4 c0 … 73 94 that Intel publishes at certificates.trustedservices.intel.com).
constexpr char kIntelSgxRootSpki[] = "a0af031289f5d5d4132f9186068a7fc13628633ba235777472e29b6b6c67a49e";

constexpr qsizetype kHeader = 48;
constexpr qsizetype kBody = 584;
constexpr qsizetype kQeReport = 384;

AttestError malformed(const QString& why)
{
    return {AttestErrc::Malformed, why};
}

/// Reads fields in order, refusing to go past the end.
class Reader
{
public:
    explicit Reader(const QByteArray& b)
        : m_b(b)
    { }
    bool take(qsizetype n, QByteArray& out)
    {
        if (n < 0 || n > m_b.size() - m_at)
            return false;
        out = m_b.mid(m_at, n);
        m_at += n;
        return true;
    }
    template <typename T>
    bool le(T& out)
    {
        if (qsizetype(sizeof(T)) > m_b.size() - m_at)
            return false;
        out = qFromLittleEndian<T>(m_b.constData() + m_at);
        m_at += sizeof(T);
        return true;
    }
    qsizetype left() const { return m_b.size() - m_at; }

private:
    const QByteArray& m_b;
    qsizetype m_at = 0;
};

} // namespace

Expected<TdxQuote, AttestError> parseTdxQuote(const QByteArray& raw)
{
    if (raw.size() > (1 << 20))
        return unexpected(malformed(QStringLiteral("a TDX quote is a few KiB; this is %1 bytes").arg(raw.size())));
    TdxQuote q;
    Reader r(raw);
    if (!r.take(kHeader, q.header) || !r.take(kBody, q.body)) {
        return unexpected(malformed(
            QStringLiteral("truncated: a TDX quote starts with %1 bytes of header and report; this is %2 bytes")
                .arg(kHeader + kBody)
                .arg(raw.size())));
    }
    q.version = qFromLittleEndian<std::uint16_t>(q.header.constData());
    q.attestationKeyType = qFromLittleEndian<std::uint16_t>(q.header.constData() + 2);
    q.teeType = qFromLittleEndian<std::uint32_t>(q.header.constData() + 4);
    if (q.version != 4)
        return unexpected(malformed(QStringLiteral("TDX quote version %1 is not supported (4 is)").arg(q.version)));
    if (q.attestationKeyType != 2)
        return unexpected(malformed(
            QStringLiteral("attestation key type %1 is not supported (2 = ECDSA P-256)").arg(q.attestationKeyType)));
    if (q.teeType != 0x81)
        return unexpected(malformed(QStringLiteral("TEE type 0x%1 is not TDX (0x81)").arg(q.teeType, 0, 16)));
    const QByteArray& b = q.body;
    q.teeTcbSvn = b.mid(0, 16);
    q.mrSeam = b.mid(16, 48);
    q.tdAttributes = qFromLittleEndian<std::uint64_t>(b.constData() + 120);
    q.xfam = qFromLittleEndian<std::uint64_t>(b.constData() + 128);
    q.mrTd = b.mid(136, 48);
    q.mrConfigId = b.mid(184, 48);
    q.mrOwner = b.mid(232, 48);
    q.mrOwnerConfig = b.mid(280, 48);
    for (int i = 0; i < 4; ++i)
        q.rtmr[std::size_t(i)] = b.mid(328 + 48 * i, 48);
    q.reportData = b.mid(520, 64);

    std::uint32_t sigLen = 0;
    QByteArray sigData;
    if (!r.le(sigLen) || !r.take(qsizetype(sigLen), sigData))
        return unexpected(
            malformed(QStringLiteral("truncated: the signature data is shorter than its declared length")));
    q.trailingBytes = r.left();
    Reader s(sigData);
    std::uint16_t certType = 0;
    std::uint32_t certSize = 0;
    QByteArray cert;
    if (!s.take(64, q.signature) || !s.take(64, q.attestationKey) || !s.le(certType) || !s.le(certSize)
        || !s.take(qsizetype(certSize), cert))
        return unexpected(malformed(QStringLiteral("truncated: the quote's signature section is incomplete")));
    if (certType != 6)
        return unexpected(
            malformed(QStringLiteral("certification data type %1 is not supported (6 = QE report with PCK chain)")
                          .arg(certType)));
    Reader c(cert);
    std::uint16_t authLen = 0;
    std::uint16_t innerType = 0;
    std::uint32_t innerSize = 0;
    if (!c.take(kQeReport, q.qeReport) || !c.take(64, q.qeReportSignature) || !c.le(authLen)
        || !c.take(authLen, q.qeAuthData) || !c.le(innerType) || !c.le(innerSize)
        || !c.take(qsizetype(innerSize), q.pckChainPem))
        return unexpected(malformed(QStringLiteral("truncated: the QE report certification data is incomplete")));
    if (innerType != 5)
        return unexpected(malformed(
            QStringLiteral("PCK certification data type %1 is not supported (5 = PEM chain)").arg(innerType)));
    return q;
}

TdxVerdict verifyTdxQuote(const TdxQuote& q, const TdxPolicy& policy)
{
    TdxVerdict v;
    v.quote = q;
    // 1. The PCK chain, up to Intel's pinned root.
    auto chain = pki::readPemChain(q.pckChainPem);
    X509* root = nullptr;
    for (auto& c : chain) {
        if (pki::spkiSha256(c.get()) == QLatin1String(kIntelSgxRootSpki))
            root = c.get();
    }
    if (chain.size() != 3) {
        v.fail(AttestErrc::Malformed,
            QStringLiteral("the PCK chain must hold 3 certificates (PCK, CA, root); it holds %1").arg(chain.size()));
    } else if (!root || chain[2].get() != root) {
        v.fail(AttestErrc::UntrustedRoot, QStringLiteral("the PCK chain does not end in Intel's SGX Root CA"));
    } else {
        if (!pki::signedBy(root, root))
            v.fail(AttestErrc::BadChain, QStringLiteral("Intel's root certificate does not sign itself"));
        if (!pki::signedBy(chain[1].get(), root))
            v.fail(AttestErrc::BadChain, QStringLiteral("the PCK CA is not signed by Intel's root"));
        if (!pki::signedBy(chain[0].get(), chain[1].get()))
            v.fail(AttestErrc::BadChain, QStringLiteral("the PCK certificate is not signed by its CA"));
    }
    // 2. The QE report, signed by the PCK key, binding the attestation key.
    if (!chain.empty()) {
        if (!pki::verifyEcdsa(X509_get0_pubkey(chain[0].get()), EVP_sha256(), q.qeReport, q.qeReportSignature.left(32),
                q.qeReportSignature.mid(32)))
            v.fail(
                AttestErrc::BadSignature, QStringLiteral("the quoting enclave's report is not signed by the PCK key"));
    }
    const auto binding = sha256(q.attestationKey + q.qeAuthData);
    const QByteArray expected = QByteArray(reinterpret_cast<const char*>(binding.data()), 32) + QByteArray(32, '\0');
    if (q.qeReport.mid(320, 64) != expected)
        v.fail(AttestErrc::Mismatch,
            QStringLiteral("the quoting enclave's report does not vouch for this attestation key"));
    // 3. The quote's own signature.
    const ossl::PKey key = pki::p256Key(q.attestationKey);
    if (!key)
        v.fail(AttestErrc::Malformed, QStringLiteral("the attestation key is not a P-256 point"));
    else if (!pki::verifyEcdsa(key.get(), EVP_sha256(), q.header + q.body, q.signature.left(32), q.signature.mid(32)))
        v.fail(
            AttestErrc::BadSignature, QStringLiteral("the quote's signature does not verify with its attestation key"));
    // 4. Policy.
    if (q.debug() && !policy.allowDebug)
        v.fail(
            AttestErrc::PolicyViolation, QStringLiteral("the TD is debuggable, so its memory can be read by the host"));
    if (!policy.allowedMrTd.isEmpty() && !policy.allowedMrTd.contains(q.mrTd))
        v.fail(AttestErrc::PolicyViolation, QStringLiteral("MRTD %1 is not an allowed one").arg(hex::encode(q.mrTd)));
    if (policy.expectedReportData && *policy.expectedReportData != q.reportData)
        v.fail(AttestErrc::PolicyViolation,
            QStringLiteral("report_data differs from the expected value (the evidence is bound to other keys)"));
    v.conclude();
    return v;
}

QJsonObject TdxVerdict::toJson() const
{
    QJsonObject o = json(QStringLiteral("tdx"));
    o[QStringLiteral("version")] = quote.version;
    o[QStringLiteral("debug")] = quote.debug();
    o[QStringLiteral("td_attributes")] = QStringLiteral("0x%1").arg(quote.tdAttributes, 16, 16, QLatin1Char('0'));
    o[QStringLiteral("mr_td")] = hex::encode(quote.mrTd);
    o[QStringLiteral("mr_seam")] = hex::encode(quote.mrSeam);
    o[QStringLiteral("tee_tcb_svn")] = hex::encode(quote.teeTcbSvn);
    QJsonArray rtmrs;
    for (const QByteArray& r : quote.rtmr)
        rtmrs.append(hex::encode(r));
    o[QStringLiteral("rtmr")] = rtmrs;
    o[QStringLiteral("report_data")] = hex::encode(quote.reportData);
    if (quote.trailingBytes)
        o[QStringLiteral("ignored_trailing_bytes")] = qint64(quote.trailingBytes);
    return o;
}

} // namespace cocoon::attest
