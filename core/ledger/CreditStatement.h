#pragma once
// A coordinator's signed, cumulative credit statement for one node: everything it has credited
// that node so far, in work units and nanoTON. Canonical CBOR {"body", "sig"}; the Ed25519
// signature by the coordinator covers "cocoon/v1 credit" || body (docs/protocol.md,
// "Credit statement v1"). Totals only ever grow: a node keeps the newest and flags any decrease.
#include "crypto/Ed25519.h"
#include "ledger/LedgerError.h"

namespace cocoon::ledger {

struct CreditStatement
{
    static constexpr int kVersion = 1;

    Ed25519PublicKey coordinatorKey {};
    Ed25519PublicKey nodeKey {};
    std::uint64_t seq = 0; ///< increases with every statement the coordinator issues to this node
    std::uint64_t jobs = 0; ///< cumulative jobs credited
    std::uint64_t units = 0; ///< cumulative work units credited
    std::uint64_t nano = 0; ///< cumulative nanoTON credited
    std::uint64_t issuedMs = 0; ///< Unix milliseconds (UTC)

    QByteArray body() const;
    QByteArray sign(const Ed25519PrivateKey& coordinatorKey) const;
    /// Decodes a signed statement and checks its signature by the coordinator key inside it.
    static Expected<CreditStatement, LedgerError> verify(QByteArrayView signedStatement);
};

} // namespace cocoon::ledger
