#pragma once
// Signed receipts and credit statements for ledger tests and the crash-test writer.
#include "jobs/Receipt.h"
#include "ledger/CreditStatement.h"

namespace cocoon::test {

/// A deterministic job id from a number.
inline jobs::JobId jobIdFor(std::uint64_t n)
{
    jobs::JobId id {};
    for (int i = 0; i < 8; ++i) {
        id[std::size_t(15 - i)] = static_cast<unsigned char>(n >> (8 * i));
    }
    return id;
}

inline QByteArray signedReceipt(const Ed25519PrivateKey& node, std::uint64_t n, const QString& kernel,
    const QString& device, std::uint64_t priceNano, std::uint64_t endMs, std::uint64_t units = 1000)
{
    jobs::Receipt r;
    r.jobId = jobIdFor(n);
    r.kernel = kernel;
    r.backend = QStringLiteral("cpu");
    r.device = device;
    r.units = units;
    r.priceNano = priceNano;
    r.startMs = endMs - 10;
    r.endMs = endMs;
    r.nodeKey = node.publicKey();
    return r.sign(node);
}

inline QByteArray signedStatement(const Ed25519PrivateKey& coordinator, const Ed25519PublicKey& node, std::uint64_t seq,
    std::uint64_t jobs, std::uint64_t units, std::uint64_t nano, std::uint64_t issuedMs = 1)
{
    ledger::CreditStatement s;
    s.coordinatorKey = coordinator.publicKey();
    s.nodeKey = node;
    s.seq = seq;
    s.jobs = jobs;
    s.units = units;
    s.nano = nano;
    s.issuedMs = issuedMs;
    return s.sign(coordinator);
}

/// A v2 statement from a paying coordinator: `paid` of `nano` sent from `payoutWallet`.
inline QByteArray signedPaidStatement(const Ed25519PrivateKey& coordinator, const Ed25519PublicKey& node,
    std::uint64_t seq, std::uint64_t nano, std::uint64_t paid, const QString& payoutWallet, std::uint64_t minPayout)
{
    ledger::CreditStatement s;
    s.coordinatorKey = coordinator.publicKey();
    s.nodeKey = node;
    s.seq = seq;
    s.jobs = seq;
    s.units = seq;
    s.nano = nano;
    s.paid = paid;
    s.payoutWallet = payoutWallet;
    s.minPayout = minPayout;
    return s.sign(coordinator);
}

} // namespace cocoon::test
