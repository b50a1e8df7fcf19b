#include "ledger/CreditStatement.h"

#include "common/Bytes.h"
#include "jobs/Cbor.h"

#include <QCborMap>

namespace cocoon::ledger {

namespace {
constexpr char kDomain[] = "cocoon/v1 credit";

qint64 clamp(std::uint64_t v)
{
    return qint64(std::min<std::uint64_t>(v, INT64_MAX));
}
} // namespace

QByteArray CreditStatement::body() const
{
    QCborMap m;
    m.insert(QStringLiteral("v"), kVersion);
    m.insert(QStringLiteral("coordinator"), toByteArray(coordinatorKey));
    m.insert(QStringLiteral("node"), toByteArray(nodeKey));
    m.insert(QStringLiteral("seq"), clamp(seq));
    m.insert(QStringLiteral("jobs"), clamp(jobs));
    m.insert(QStringLiteral("units"), clamp(units));
    m.insert(QStringLiteral("nano"), clamp(nano));
    m.insert(QStringLiteral("issued_ms"), clamp(issuedMs));
    m.insert(QStringLiteral("paid"), clamp(paid));
    m.insert(QStringLiteral("payout_wallet"), payoutWallet);
    m.insert(QStringLiteral("min_payout"), clamp(minPayout));
    return cbor::encode(m);
}

QByteArray CreditStatement::sign(const Ed25519PrivateKey& key) const
{
    return cbor::signBody(kDomain, body(), key);
}

Expected<CreditStatement, LedgerError> CreditStatement::verify(QByteArrayView signedStatement)
{
    auto outer = cbor::splitSigned(signedStatement, 4096);
    if (!outer) {
        return unexpected(
            ledgerError(LedgerErrc::Malformed, QStringLiteral("not a credit statement: ") + outer.error()));
    }
    auto inner = cbor::decodeCanonical(outer->body, 4096);
    if (!inner || !inner->isMap()) {
        return unexpected(
            ledgerError(LedgerErrc::Malformed, QStringLiteral("credit statement body is not a CBOR map")));
    }
    const QCborMap m = inner->toMap();
    const qint64 version = m.value(QStringLiteral("v")).toInteger(-1);
    if (version != 1 && version != kVersion) {
        return unexpected(ledgerError(LedgerErrc::Malformed,
            QStringLiteral("credit statement version %1 is not supported")
                .arg(m.value(QStringLiteral("v")).toDiagnosticNotation())));
    }
    CreditStatement s;
    bool ok = m.size() == (version == 1 ? 8 : 11);
    const auto key = [&](const char* name, Ed25519PublicKey& out) {
        const QCborValue v = m.value(QLatin1String(name));
        ok = ok && v.isByteArray() && v.toByteArray().size() == 32;
        if (ok) {
            const QByteArray b = v.toByteArray();
            std::copy(b.begin(), b.end(), out.begin());
        }
    };
    const auto uint = [&](const char* name) {
        const QCborValue v = m.value(QLatin1String(name));
        ok = ok && v.isInteger() && v.toInteger() >= 0;
        return std::uint64_t(std::max<qint64>(v.toInteger(), 0));
    };
    key("coordinator", s.coordinatorKey);
    key("node", s.nodeKey);
    s.seq = uint("seq");
    s.jobs = uint("jobs");
    s.units = uint("units");
    s.nano = uint("nano");
    s.issuedMs = uint("issued_ms");
    if (version >= 2) {
        s.paid = uint("paid");
        s.minPayout = uint("min_payout");
        const QCborValue wallet = m.value(QStringLiteral("payout_wallet"));
        ok = ok && wallet.isString() && wallet.toString().size() <= 100;
        s.payoutWallet = wallet.toString();
        ok = ok && s.paid <= s.nano;
    }
    if (!ok) {
        return unexpected(
            ledgerError(LedgerErrc::Malformed, QStringLiteral("credit statement: missing or mistyped fields")));
    }
    if (!cbor::verifyBody(kDomain, *outer, s.coordinatorKey)) {
        return unexpected(ledgerError(LedgerErrc::BadSignature,
            QStringLiteral("the credit statement's signature does not verify: it was altered or not signed by the "
                           "coordinator it names")));
    }
    return s;
}

} // namespace cocoon::ledger
