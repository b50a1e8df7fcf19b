#include "jobs/Stream.h"

#include "common/Bytes.h"
#include "crypto/Envelope.h"

namespace cocoon::jobs::stream {
namespace {
const QByteArray kPurpose = QByteArrayLiteral("job-chunk");
}

QByteArray chunkAad(const Sha256& manifestHash, std::uint32_t index)
{
    QByteArray aad = toByteArray(manifestHash);
    for (int shift = 24; shift >= 0; shift -= 8)
        aad.append(char(std::uint8_t(index >> shift)));
    return aad;
}

Sha256 extendChain(const Sha256& chain, const QByteArray& sealedChunk)
{
    QByteArray both = toByteArray(chain);
    both.append(toByteArray(sha256(sealedChunk)));
    return sha256(both);
}

Sealer::Sealer(const X25519PublicKey& replyKey, const Sha256& manifestHash)
    : m_key(replyKey)
    , m_manifestHash(manifestHash)
{ }

Expected<QByteArray, JobError> Sealer::seal(std::span<const std::uint8_t> piece)
{
    if (m_count == kMaxChunks)
        return unexpected(jobError(JobErrc::TooLarge, QStringLiteral("the stream has more than 2^20 chunks")));
    envelope::SealParams p;
    p.recipient = m_key;
    p.purpose = kPurpose;
    p.contextAad = chunkAad(m_manifestHash, m_count);
    auto sealed = envelope::seal(p, piece);
    if (!sealed)
        return unexpected(jobError(
            JobErrc::InputMismatch, QStringLiteral("cannot seal a streamed chunk: ") + sealed.error().message));
    m_chain = extendChain(m_chain, *sealed);
    ++m_count;
    return *sealed;
}

Reader::Reader(const X25519PrivateKey& replyKey, const Sha256& manifestHash)
    : m_key(&replyKey)
    , m_manifestHash(manifestHash)
{ }

Expected<QByteArray, JobError> Reader::open(std::uint32_t index, const QByteArray& sealedChunk)
{
    if (index != m_count) {
        return unexpected(jobError(JobErrc::InputRejected,
            QStringLiteral("streamed chunk %1 arrived where chunk %2 was due (reordered or dropped)")
                .arg(index)
                .arg(m_count)));
    }
    auto opened = envelope::open(asBytes(sealedChunk), *m_key, kPurpose, chunkAad(m_manifestHash, index));
    if (!opened) {
        return unexpected(jobError(JobErrc::InputRejected,
            QStringLiteral("streamed chunk %1 does not open: %2").arg(index).arg(opened.error().message)));
    }
    m_chain = extendChain(m_chain, sealedChunk);
    ++m_count;
    return QByteArray(reinterpret_cast<const char*>(opened->data()), qsizetype(opened->size()));
}

Expected<void, JobError> Reader::finish(const Receipt& receipt) const
{
    if (receipt.chunkCount != m_count) {
        return unexpected(jobError(JobErrc::InputRejected,
            QStringLiteral("the receipt names %1 streamed chunks, %2 arrived (the stream was truncated)")
                .arg(receipt.chunkCount)
                .arg(m_count)));
    }
    if (receipt.chunkChain != m_chain) {
        return unexpected(jobError(
            JobErrc::InputRejected, QStringLiteral("the streamed chunks are not the ones the node's receipt signs")));
    }
    return {};
}

} // namespace cocoon::jobs::stream
