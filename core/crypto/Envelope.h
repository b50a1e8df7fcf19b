#pragma once
// Sealed envelope v1: bytes sealed to an X25519 public key with HPKE (crypto/Hpke.h), in chunks,
// so that sealing and opening stream with bounded memory. The wire format is the contract in
// docs/protocol.md ("Sealed envelope v1"):
//
//   header (54 bytes): "CCN1" | u16 kem_id | u16 kdf_id | u16 aead_id | u32 chunk_size | enc[32] | u64 plaintext_len
//   then ceil(plaintext_len / chunk_size) chunks (exactly one when plaintext_len is 0);
//   chunk i = AEAD(next min(chunk_size, remaining) bytes) incl. 16-byte tag, one HPKE context, sequence i,
//   aad_i = header || context_aad || u64 i || u8 last;  info = "cocoon/v1 " || purpose
#include "common/Expected.h"
#include "crypto/Hpke.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <cstdint>

class QIODevice;

namespace cocoon::envelope {

inline constexpr std::size_t kHeaderSize = 54;
inline constexpr std::uint32_t kDefaultChunkSize = 1u << 20;
inline constexpr std::uint32_t kMaxChunkSize = 16u << 20;
inline constexpr std::size_t kMaxContextAad = 64 * 1024;
inline constexpr std::size_t kMaxPurpose = 64;
inline constexpr std::uint64_t kMaxPlaintext = std::uint64_t(1) << 50; ///< 1 PiB

enum class EnvelopeErrc {
    TruncatedHeader, ///< fewer than 54 bytes
    BadMagic, ///< not "CCN1"
    UnsupportedSuite, ///< KEM, KDF or AEAD id this version does not know
    BadChunkSize, ///< 0 or above 16 MiB
    BadLength, ///< plaintext_len beyond limits, or the data does not match it
    Truncated, ///< the chunk sequence ends early
    TrailingData, ///< bytes after the last chunk (an extended sequence)
    AuthenticationFailed, ///< wrong key, purpose or context, or modified/reordered chunks
    BadParameter, ///< purpose, context_aad or key not acceptable
    Io, ///< reading or writing failed
    Internal,
};
using EnvelopeError = Error<EnvelopeErrc>;

struct Header
{
    std::uint16_t kemId = hpke::kKemX25519HkdfSha256;
    std::uint16_t kdfId = hpke::kKdfHkdfSha256;
    std::uint16_t aeadId = static_cast<std::uint16_t>(hpke::Aead::Aes256Gcm);
    std::uint32_t chunkSize = kDefaultChunkSize;
    std::array<unsigned char, 32> enc {};
    std::uint64_t plaintextLen = 0;

    /// Validates everything that can be checked without a key.
    static Expected<Header, EnvelopeError> parse(std::span<const unsigned char> bytes);
    std::array<unsigned char, kHeaderSize> serialize() const;
    std::uint64_t chunkCount() const;
    /// Plaintext bytes in chunk `index`.
    std::size_t chunkPlaintextSize(std::uint64_t index) const;
    /// Header plus every chunk with its tag.
    std::uint64_t sealedSize() const;
};

struct SealParams
{
    X25519PublicKey recipient {};
    QByteArray purpose; ///< e.g. "job-input"; printable ASCII, 1..64 bytes
    QByteArray contextAad; ///< caller's binding data, up to 64 KiB
    hpke::Aead aead = hpke::Aead::Aes256Gcm;
    std::uint32_t chunkSize = kDefaultChunkSize;
};

/// Seals chunk by chunk: call sealNext() chunkCount() times with each chunk's plaintext.
class Sealer
{
public:
    static Expected<Sealer, EnvelopeError> create(const SealParams& params, std::uint64_t plaintextLen);

    const Header& header() const { return m_header; }
    std::span<const unsigned char> headerBytes() const { return m_headerBytes; }
    std::uint64_t nextIndex() const { return m_next; }
    bool finished() const { return m_next == m_header.chunkCount(); }
    /// `plaintext` must be exactly header().chunkPlaintextSize(nextIndex()) bytes;
    /// `out` receives plaintext.size() + 16 bytes.
    Expected<void, EnvelopeError> sealNext(std::span<const unsigned char> plaintext, unsigned char* out);

private:
    Sealer(Header h, hpke::Context ctx, const QByteArray& contextAad);
    Header m_header;
    std::array<unsigned char, kHeaderSize> m_headerBytes {};
    hpke::Context m_ctx;
    QByteArray m_aad; ///< header || context_aad || u64 i || u8 last (tail rewritten per chunk)
    std::uint64_t m_next = 0;
};

/// Opens chunk by chunk after the header has been read and checked.
class Opener
{
public:
    static Expected<Opener, EnvelopeError> create(std::span<const unsigned char> headerBytes,
        const X25519PrivateKey& key, const QByteArray& purpose, const QByteArray& contextAad);

    const Header& header() const { return m_header; }
    std::uint64_t nextIndex() const { return m_next; }
    bool finished() const { return m_next == m_header.chunkCount(); }
    /// Sealed size of the next chunk (plaintext + tag).
    std::size_t nextSealedSize() const { return m_header.chunkPlaintextSize(m_next) + hpke::kTagSize; }
    /// Opens the next chunk (exactly nextSealedSize() bytes) into `out` (nextSealedSize() - 16 bytes).
    Expected<void, EnvelopeError> openNext(std::span<const unsigned char> sealedChunk, unsigned char* out);

private:
    Opener(Header h, hpke::Context ctx, std::span<const unsigned char> headerBytes, const QByteArray& contextAad);
    Header m_header;
    hpke::Context m_ctx;
    QByteArray m_aad;
    std::uint64_t m_next = 0;
};

/// Whole-buffer helpers.
Expected<QByteArray, EnvelopeError> seal(const SealParams& params, std::span<const unsigned char> plaintext);
Expected<SecretBytes, EnvelopeError> open(std::span<const unsigned char> sealed, const X25519PrivateKey& key,
    const QByteArray& purpose, const QByteArray& contextAad);

/// Streaming: reads exactly `plaintextLen` bytes from `in`, writes the envelope to `out`.
/// Memory stays at about two chunks whatever the size.
Expected<void, EnvelopeError> sealStream(
    const SealParams& params, QIODevice& in, std::uint64_t plaintextLen, QIODevice& out);
/// Streaming open: each chunk is written to `out` only after it authenticates. On any error the
/// caller must discard what was written (cocoonctl writes to a temporary file and removes it).
/// Returns the plaintext length.
Expected<std::uint64_t, EnvelopeError> openStream(QIODevice& in, const X25519PrivateKey& key, const QByteArray& purpose,
    const QByteArray& contextAad, QIODevice& out);

/// The HPKE info string for a purpose: "cocoon/v1 " || purpose.
QByteArray infoFor(const QByteArray& purpose);

} // namespace cocoon::envelope
