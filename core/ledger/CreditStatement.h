#pragma once
// A coordinator's signed, cumulative credit statement for one node: everything it has credited
// that node so far, in work units and nanoTON. Canonical CBOR {"body", "sig"}; the Ed25519
// signature by the coordinator covers "cocoon/v1 credit" || body (docs/protocol.md,
// "Credit statement"). Totals only ever grow: a node keeps the newest and flags any decrease.
// Version 2 adds what the coordinator has paid: the cumulative nanoTON its payout wallet sent this
// node (confirmed on chain), that wallet's address, and the threshold it pays at, so a node can
// check "paid" against the chain alone and notice a payment that is overdue. Version 1 statements
// still verify (paid 0, no wallet).
#include "crypto/Ed25519.h"
#include "ledger/LedgerError.h"

namespace cocoon::ledger {

struct CreditStatement
{
    static constexpr int kVersion = 2;

    Ed25519PublicKey coordinatorKey {};
    Ed25519PublicKey nodeKey {};
    std::uint64_t seq = 0; ///< increases with every statement the coordinator issues to this node
    std::uint64_t jobs = 0; ///< cumulative jobs credited
    std::uint64_t units = 0; ///< cumulative work units credited
    std::uint64_t nano = 0; ///< cumulative nanoTON credited
    std::uint64_t issuedMs = 0; ///< Unix milliseconds (UTC)
    std::uint64_t paid = 0; ///< cumulative nanoTON paid on chain (never more than `nano`)
    QString payoutWallet; ///< the payout wallet (raw form), empty when this coordinator does not pay
    std::uint64_t minPayout = 0; ///< an unpaid amount this large is paid in the next settlement round

    QByteArray body() const;
    QByteArray sign(const Ed25519PrivateKey& coordinatorKey) const;
    /// Decodes a signed statement and checks its signature by the coordinator key inside it.
    static Expected<CreditStatement, LedgerError> verify(QByteArrayView signedStatement);
};

} // namespace cocoon::ledger
