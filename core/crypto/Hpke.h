#pragma once
// HPKE (RFC 9180) base mode on OpenSSL 3.0 EVP primitives. Debian 12's OpenSSL 3.0 has no HPKE
// API (it arrived in 3.2), so the key schedule is written here, on EVP's X25519, HKDF and AEADs.
// Suites: KEM DHKEM(X25519, HKDF-SHA256) 0x0020, KDF HKDF-SHA256 0x0001,
//         AEAD AES-256-GCM 0x0002 or ChaCha20-Poly1305 0x0003. Export is supported.
#include "common/Expected.h"
#include "crypto/Ossl.h"
#include "crypto/SecretBytes.h"
#include "crypto/X25519.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace cocoon::hpke {

inline constexpr std::uint16_t kKemX25519HkdfSha256 = 0x0020;
inline constexpr std::uint16_t kKdfHkdfSha256 = 0x0001;
enum class Aead : std::uint16_t { Aes256Gcm = 0x0002, ChaCha20Poly1305 = 0x0003 };
inline constexpr std::size_t kTagSize = 16;
inline constexpr std::size_t kNonceSize = 12;
inline constexpr std::size_t kEncSize = 32;

std::optional<Aead> aeadFromId(std::uint16_t id);
std::optional<Aead> aeadFromName(QStringView name); ///< "aes-256-gcm", "chacha20-poly1305"
QString aeadName(Aead aead);

enum class HpkeErrc {
    InvalidKey, ///< the peer's public key cannot be used
    OpenFailed, ///< authentication failed: wrong key, wrong info/aad, or modified ciphertext
    MessageLimit, ///< the sequence number would overflow
    TooLarge, ///< a single message or export beyond this implementation's limits
    Internal, ///< OpenSSL failed unexpectedly
};
using HpkeError = Error<HpkeErrc>;

/// Intermediate values of the key schedule, for conformance tests against RFC 9180 vectors.
struct Trace
{
    QByteArray sharedSecret;
    QByteArray keyScheduleContext;
    QByteArray secret;
};

/// An HPKE encryption context (sender or receiver). Move-only; secrets are wiped on destruction.
class Context
{
public:
    /// Seals `plaintext` with the next sequence number; `out` must hold plaintext.size() + 16 bytes.
    Expected<void, HpkeError> seal(
        std::span<const unsigned char> aad, std::span<const unsigned char> plaintext, unsigned char* out);
    /// Opens `ciphertext` (including its tag) with the next sequence number into `out`
    /// (ciphertext.size() - 16 bytes). On failure `out` is wiped and the sequence does not advance.
    Expected<void, HpkeError> open(
        std::span<const unsigned char> aad, std::span<const unsigned char> ciphertext, unsigned char* out);
    /// Secret export (RFC 9180 §5.3); `exporterContext` up to 512 bytes.
    Expected<SecretBytes, HpkeError> exportSecret(
        std::span<const unsigned char> exporterContext, std::size_t length) const;

    Aead aead() const { return m_aead; }
    std::uint64_t sequence() const { return m_seq; }
    std::span<const unsigned char> key() const { return m_key.span(); }
    std::span<const unsigned char> baseNonce() const { return m_baseNonce.span(); }
    std::span<const unsigned char> exporterSecret() const { return m_exporterSecret.span(); }

private:
    friend struct ContextBuilder;
    Context() = default;
    void nonceFor(std::uint64_t seq, unsigned char out[kNonceSize]) const;

    Aead m_aead = Aead::Aes256Gcm;
    bool m_sender = true;
    SecretBytes m_key;
    SecretBytes m_baseNonce;
    SecretBytes m_exporterSecret;
    std::uint64_t m_seq = 0;
    ossl::CipherCtx m_cipher; ///< keyed once; only the nonce changes per message
};

struct SenderSetup
{
    std::array<unsigned char, kEncSize> enc;
    Context context;
};

/// SetupBaseS: a fresh ephemeral key, encapsulated to `recipient`.
Expected<SenderSetup, HpkeError> setupBaseSender(
    Aead aead, const X25519PublicKey& recipient, std::span<const unsigned char> info, Trace* trace = nullptr);
/// SetupBaseS with a given ephemeral key (conformance tests only).
Expected<SenderSetup, HpkeError> setupBaseSenderWithEphemeral(Aead aead, const X25519PublicKey& recipient,
    std::span<const unsigned char> info, const X25519PrivateKey& ephemeral, Trace* trace = nullptr);
/// SetupBaseR.
Expected<Context, HpkeError> setupBaseReceiver(Aead aead, std::span<const unsigned char, kEncSize> enc,
    const X25519PrivateKey& recipient, std::span<const unsigned char> info, Trace* trace = nullptr);
/// DeriveKeyPair(ikm) for DHKEM(X25519, HKDF-SHA256).
Expected<X25519PrivateKey, HpkeError> deriveKeyPair(std::span<const unsigned char> ikm);

} // namespace cocoon::hpke
