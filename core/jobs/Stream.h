#pragma once
// Streamed results (ai.generate's tokens): while a job runs, each new piece of its output stream
// is sealed on its own to the owner's reply key, bound to the manifest and its position:
//   sealed_i = envelope(purpose "job-chunk", context_aad = manifest hash || u32 BE i)
// and the signed receipt names how many chunks there were and the hash chain over them:
//   chain_0 = 32 zero bytes;  chain_i = SHA-256(chain_{i-1} || SHA-256(sealed_i))
// so an owner who holds every chunk and the receipt knows none was altered, dropped, reordered,
// or added (docs/protocol.md, "Streamed results"). The coordinator relays chunks unopened.
#include "crypto/Hash.h"
#include "crypto/X25519.h"
#include "jobs/JobError.h"
#include "jobs/Receipt.h"

#include <span>

namespace cocoon::jobs::stream {

inline constexpr std::uint32_t kMaxChunks = 1u << 20;

QByteArray chunkAad(const Sha256& manifestHash, std::uint32_t index);
Sha256 extendChain(const Sha256& chain, const QByteArray& sealedChunk);

/// Node side: seals the stream's pieces in order and keeps the chain for the receipt.
class Sealer
{
public:
    Sealer(const X25519PublicKey& replyKey, const Sha256& manifestHash);
    Expected<QByteArray, JobError> seal(std::span<const std::uint8_t> piece);
    std::uint32_t count() const { return m_count; }
    const Sha256& chain() const { return m_chain; }

private:
    X25519PublicKey m_key;
    Sha256 m_manifestHash;
    Sha256 m_chain {};
    std::uint32_t m_count = 0;
};

/// Owner side: opens chunks in the order they must come, then checks the receipt covers exactly them.
class Reader
{
public:
    Reader(const X25519PrivateKey& replyKey, const Sha256& manifestHash);
    /// The piece's plaintext; InputRejected when the chunk was altered, is not the next one, or
    /// belongs to another job.
    Expected<QByteArray, JobError> open(std::uint32_t index, const QByteArray& sealedChunk);
    /// After the job's receipt arrived (its signature already verified): every chunk it names was
    /// received, in order, unaltered, and no other.
    Expected<void, JobError> finish(const Receipt& receipt) const;
    std::uint32_t count() const { return m_count; }

private:
    const X25519PrivateKey* m_key;
    Sha256 m_manifestHash;
    Sha256 m_chain {};
    std::uint32_t m_count = 0;
};

} // namespace cocoon::jobs::stream
