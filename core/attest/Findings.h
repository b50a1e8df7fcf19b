#pragma once
// What every evidence verifier reports: valid or not, and each reason it is not, with a typed code.
#include "common/Expected.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace cocoon::attest {

enum class AttestErrc {
    Malformed, ///< wrong size, unknown version or algorithm, unreadable certificate
    UntrustedRoot, ///< the chain does not end in a pinned vendor root
    BadChain, ///< a certificate is not signed by its issuer
    BadSignature, ///< the evidence's own signature does not verify
    Mismatch, ///< certificate facts disagree with the evidence (chip id, TCB, product line, key binding)
    PolicyViolation, ///< valid, but not acceptable (debug, TCB too old, measurement, report_data)
};
using AttestError = Error<AttestErrc>;

inline QString codeName(AttestErrc c)
{
    static const char* names[]
        = {"malformed", "untrusted-root", "bad-chain", "bad-signature", "mismatch", "policy-violation"};
    return QString::fromLatin1(names[int(c)]);
}

/// Every check runs, so a verdict lists every reason at once.
struct Findings
{
    bool valid = false;
    QStringList reasons; ///< why not valid (empty when valid)
    QList<AttestErrc> codes;

    void fail(AttestErrc code, const QString& why)
    {
        codes << code;
        reasons << why;
    }
    void conclude() { valid = reasons.isEmpty(); }
    /// {"type", "valid", "reasons", "codes"}.
    QJsonObject json(const QString& type) const
    {
        QJsonArray names;
        for (AttestErrc c : codes)
            names.append(codeName(c));
        return QJsonObject {{QStringLiteral("type"), type}, {QStringLiteral("valid"), valid},
            {QStringLiteral("reasons"), QJsonArray::fromStringList(reasons)}, {QStringLiteral("codes"), names}};
    }
};

} // namespace cocoon::attest
