#include "crypto/Hpke.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <climits>
#include <cstring>
#include <initializer_list>

namespace cocoon::hpke {
namespace {

using Bytes = std::span<const unsigned char>;

HpkeError hpkeErr(HpkeErrc c, QString m)
{
    return HpkeError {c, std::move(m)};
}

Bytes ascii(const char* s)
{
    return {reinterpret_cast<const unsigned char*>(s), std::strlen(s)};
}

/// Concatenation into wiped memory (labeled inputs carry DH outputs and secrets).
SecretBytes concat(std::initializer_list<Bytes> parts)
{
    std::size_t n = 0;
    for (Bytes p : parts) {
        n += p.size();
    }
    SecretBytes out(n);
    std::size_t off = 0;
    for (Bytes p : parts) {
        if (!p.empty()) {
            std::memcpy(out.data() + off, p.data(), p.size());
        }
        off += p.size();
    }
    return out;
}

const EVP_KDF* hkdf()
{
    static const ossl::Kdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    return kdf.get();
}

const EVP_CIPHER* cipherFor(Aead aead)
{
    static const ossl::Cipher aes(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    static const ossl::Cipher chacha(EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr));
    return aead == Aead::Aes256Gcm ? aes.get() : chacha.get();
}

Expected<SecretBytes, HpkeError> runHkdf(int mode, Bytes key, Bytes saltOrInfo, std::size_t length)
{
    ossl::KdfCtx ctx(hkdf() ? EVP_KDF_CTX_new(const_cast<EVP_KDF*>(hkdf())) : nullptr);
    if (!ctx) {
        return unexpected(hpkeErr(HpkeErrc::Internal, QStringLiteral("HKDF unavailable: ") + ossl::lastError()));
    }
    OSSL_PARAM params[5];
    OSSL_PARAM* p = params;
    char digest[] = "SHA256";
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
    *p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char*>(key.data()), key.size());
    if (!saltOrInfo.empty()) {
        const char* name = mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO;
        *p++
            = OSSL_PARAM_construct_octet_string(name, const_cast<unsigned char*>(saltOrInfo.data()), saltOrInfo.size());
    }
    *p = OSSL_PARAM_construct_end();
    SecretBytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) <= 0) {
        return unexpected(hpkeErr(HpkeErrc::Internal, QStringLiteral("HKDF failed: ") + ossl::lastError()));
    }
    return out;
}

// RFC 9180 §4: LabeledExtract / LabeledExpand.
Expected<SecretBytes, HpkeError> labeledExtract(Bytes suiteId, Bytes salt, const char* label, Bytes ikm)
{
    const SecretBytes labeledIkm = concat({ascii("HPKE-v1"), suiteId, ascii(label), ikm});
    return runHkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, labeledIkm.span(), salt, 32);
}

Expected<SecretBytes, HpkeError> labeledExpand(
    Bytes suiteId, Bytes prk, const char* label, Bytes info, std::size_t length)
{
    if (length > 255 * 32) {
        return unexpected(hpkeErr(HpkeErrc::TooLarge, QStringLiteral("HKDF-SHA256 output is at most 8160 bytes")));
    }
    const unsigned char len2[2] = {static_cast<unsigned char>(length >> 8), static_cast<unsigned char>(length)};
    const SecretBytes labeledInfo = concat({Bytes(len2, 2), ascii("HPKE-v1"), suiteId, ascii(label), info});
    return runHkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, labeledInfo.span(), length);
}

constexpr unsigned char kKemSuiteId[] = {'K', 'E', 'M', 0x00, 0x20};

std::array<unsigned char, 10> hpkeSuiteId(Aead aead)
{
    const auto a = static_cast<std::uint16_t>(aead);
    return {
        'H', 'P', 'K', 'E', 0x00, 0x20, 0x00, 0x01, static_cast<unsigned char>(a >> 8), static_cast<unsigned char>(a)};
}

// DHKEM ExtractAndExpand (RFC 9180 §4.1).
Expected<SecretBytes, HpkeError> extractAndExpand(const SecretBytes& dh, Bytes kemContext)
{
    auto eaePrk = labeledExtract(kKemSuiteId, {}, "eae_prk", dh.span());
    if (!eaePrk) {
        return eaePrk;
    }
    return labeledExpand(kKemSuiteId, eaePrk->span(), "shared_secret", kemContext, 32);
}

} // namespace

std::optional<Aead> aeadFromId(std::uint16_t id)
{
    if (id == 0x0002)
        return Aead::Aes256Gcm;
    if (id == 0x0003)
        return Aead::ChaCha20Poly1305;
    return std::nullopt;
}

std::optional<Aead> aeadFromName(QStringView name)
{
    if (name.compare(u"aes-256-gcm", Qt::CaseInsensitive) == 0)
        return Aead::Aes256Gcm;
    if (name.compare(u"chacha20-poly1305", Qt::CaseInsensitive) == 0)
        return Aead::ChaCha20Poly1305;
    return std::nullopt;
}

QString aeadName(Aead aead)
{
    return aead == Aead::Aes256Gcm ? QStringLiteral("aes-256-gcm") : QStringLiteral("chacha20-poly1305");
}

// Builds a Context from the shared secret (RFC 9180 §5.1 KeySchedule, mode_base).
struct ContextBuilder
{
    static Expected<Context, HpkeError> build(
        Aead aead, bool sender, const SecretBytes& sharedSecret, Bytes info, Trace* trace)
    {
        const auto suite = hpkeSuiteId(aead);
        auto pskIdHash = labeledExtract(suite, {}, "psk_id_hash", {});
        auto infoHash = labeledExtract(suite, {}, "info_hash", info);
        if (!pskIdHash || !infoHash) {
            return unexpected(!pskIdHash ? pskIdHash.error() : infoHash.error());
        }
        const unsigned char mode[1] = {0x00};
        const SecretBytes ksc = concat({Bytes(mode, 1), pskIdHash->span(), infoHash->span()});
        auto secret = labeledExtract(suite, sharedSecret.span(), "secret", {});
        if (!secret) {
            return unexpected(secret.error());
        }
        auto key = labeledExpand(suite, secret->span(), "key", ksc.span(), 32);
        auto nonce = labeledExpand(suite, secret->span(), "base_nonce", ksc.span(), kNonceSize);
        auto exporter = labeledExpand(suite, secret->span(), "exp", ksc.span(), 32);
        if (!key || !nonce || !exporter) {
            return unexpected(!key ? key.error() : !nonce ? nonce.error() : exporter.error());
        }
        if (trace) {
            trace->sharedSecret = sharedSecret.toByteArray();
            trace->keyScheduleContext = ksc.toByteArray();
            trace->secret = secret->toByteArray();
        }
        Context ctx;
        ctx.m_aead = aead;
        ctx.m_sender = sender;
        ctx.m_key = std::move(*key);
        ctx.m_baseNonce = std::move(*nonce);
        ctx.m_exporterSecret = std::move(*exporter);
        ctx.m_cipher.reset(EVP_CIPHER_CTX_new());
        const EVP_CIPHER* cipher = cipherFor(aead);
        if (!ctx.m_cipher || !cipher
            || EVP_CipherInit_ex2(ctx.m_cipher.get(), cipher, ctx.m_key.data(), nullptr, sender ? 1 : 0, nullptr)
                != 1) {
            return unexpected(hpkeErr(HpkeErrc::Internal, QStringLiteral("cipher setup failed: ") + ossl::lastError()));
        }
        return ctx;
    }
};

void Context::nonceFor(std::uint64_t seq, unsigned char out[kNonceSize]) const
{
    std::memcpy(out, m_baseNonce.data(), kNonceSize);
    for (int i = 0; i < 8; ++i) {
        out[kNonceSize - 1 - i] ^= static_cast<unsigned char>(seq >> (8 * i));
    }
}

Expected<void, HpkeError> Context::seal(Bytes aad, Bytes plaintext, unsigned char* out)
{
    if (!m_sender) {
        return unexpected(hpkeErr(HpkeErrc::Internal, QStringLiteral("seal on a receiver context")));
    }
    if (m_seq == UINT64_MAX) {
        return unexpected(hpkeErr(HpkeErrc::MessageLimit, QStringLiteral("HPKE message limit reached")));
    }
    if (plaintext.size() > INT_MAX - kTagSize || aad.size() > INT_MAX) {
        return unexpected(hpkeErr(HpkeErrc::TooLarge, QStringLiteral("message too large for one AEAD call")));
    }
    unsigned char nonce[kNonceSize];
    nonceFor(m_seq, nonce);
    EVP_CIPHER_CTX* c = m_cipher.get();
    int n = 0;
    int fin = 0;
    const bool ok = EVP_CipherInit_ex2(c, nullptr, nullptr, nonce, 1, nullptr) == 1
        && (aad.empty() || EVP_EncryptUpdate(c, nullptr, &n, aad.data(), int(aad.size())) == 1)
        && (plaintext.empty() || EVP_EncryptUpdate(c, out, &n, plaintext.data(), int(plaintext.size())) == 1)
        && EVP_EncryptFinal_ex(c, out + plaintext.size(), &fin) == 1
        && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, int(kTagSize), out + plaintext.size()) == 1;
    if (!ok) {
        return unexpected(hpkeErr(HpkeErrc::Internal, QStringLiteral("AEAD seal failed: ") + ossl::lastError()));
    }
    ++m_seq;
    return {};
}

Expected<void, HpkeError> Context::open(Bytes aad, Bytes ciphertext, unsigned char* out)
{
    if (m_sender) {
        return unexpected(hpkeErr(HpkeErrc::Internal, QStringLiteral("open on a sender context")));
    }
    if (ciphertext.size() < kTagSize) {
        return unexpected(hpkeErr(HpkeErrc::OpenFailed, QStringLiteral("ciphertext shorter than its tag")));
    }
    if (m_seq == UINT64_MAX) {
        return unexpected(hpkeErr(HpkeErrc::MessageLimit, QStringLiteral("HPKE message limit reached")));
    }
    if (ciphertext.size() > INT_MAX || aad.size() > INT_MAX) {
        return unexpected(hpkeErr(HpkeErrc::TooLarge, QStringLiteral("message too large for one AEAD call")));
    }
    const std::size_t ptLen = ciphertext.size() - kTagSize;
    unsigned char nonce[kNonceSize];
    nonceFor(m_seq, nonce);
    EVP_CIPHER_CTX* c = m_cipher.get();
    int n = 0;
    int fin = 0;
    const bool ok = EVP_CipherInit_ex2(c, nullptr, nullptr, nonce, 0, nullptr) == 1
        && (aad.empty() || EVP_DecryptUpdate(c, nullptr, &n, aad.data(), int(aad.size())) == 1)
        && (ptLen == 0 || EVP_DecryptUpdate(c, out, &n, ciphertext.data(), int(ptLen)) == 1)
        && EVP_CIPHER_CTX_ctrl(
               c, EVP_CTRL_AEAD_SET_TAG, int(kTagSize), const_cast<unsigned char*>(ciphertext.data() + ptLen))
            == 1
        && EVP_DecryptFinal_ex(c, out + ptLen, &fin) == 1;
    if (!ok) {
        ossl::lastError();
        if (ptLen) {
            OPENSSL_cleanse(out, ptLen);
        }
        return unexpected(hpkeErr(HpkeErrc::OpenFailed, QStringLiteral("authentication failed")));
    }
    ++m_seq;
    return {};
}

Expected<SecretBytes, HpkeError> Context::exportSecret(Bytes exporterContext, std::size_t length) const
{
    if (exporterContext.size() > 512) {
        return unexpected(hpkeErr(HpkeErrc::TooLarge, QStringLiteral("exporter context is limited to 512 bytes")));
    }
    return labeledExpand(hpkeSuiteId(m_aead), m_exporterSecret.span(), "sec", exporterContext, length);
}

Expected<SenderSetup, HpkeError> setupBaseSenderWithEphemeral(
    Aead aead, const X25519PublicKey& recipient, Bytes info, const X25519PrivateKey& ephemeral, Trace* trace)
{
    auto dh = ephemeral.diffieHellman(recipient);
    if (!dh) {
        return unexpected(hpkeErr(HpkeErrc::InvalidKey, QStringLiteral("recipient key: ") + dh.error().message));
    }
    const X25519PublicKey enc = ephemeral.publicKey();
    const SecretBytes kemContext = concat({enc, recipient});
    auto shared = extractAndExpand(*dh, kemContext.span());
    if (!shared) {
        return unexpected(shared.error());
    }
    auto ctx = ContextBuilder::build(aead, true, *shared, info, trace);
    if (!ctx) {
        return unexpected(ctx.error());
    }
    return SenderSetup {enc, std::move(*ctx)};
}

Expected<SenderSetup, HpkeError> setupBaseSender(Aead aead, const X25519PublicKey& recipient, Bytes info, Trace* trace)
{
    auto ephemeral = X25519PrivateKey::generate();
    if (!ephemeral) {
        return unexpected(hpkeErr(HpkeErrc::Internal, ephemeral.error().message));
    }
    return setupBaseSenderWithEphemeral(aead, recipient, info, *ephemeral, trace);
}

Expected<Context, HpkeError> setupBaseReceiver(Aead aead, std::span<const unsigned char, kEncSize> enc,
    const X25519PrivateKey& recipient, Bytes info, Trace* trace)
{
    X25519PublicKey pkE {};
    std::copy(enc.begin(), enc.end(), pkE.begin());
    auto dh = recipient.diffieHellman(pkE);
    if (!dh) {
        return unexpected(hpkeErr(HpkeErrc::InvalidKey, QStringLiteral("encapsulated key: ") + dh.error().message));
    }
    const X25519PublicKey pkR = recipient.publicKey();
    const SecretBytes kemContext = concat({enc, pkR});
    auto shared = extractAndExpand(*dh, kemContext.span());
    if (!shared) {
        return unexpected(shared.error());
    }
    return ContextBuilder::build(aead, false, *shared, info, trace);
}

Expected<X25519PrivateKey, HpkeError> deriveKeyPair(Bytes ikm)
{
    auto dkpPrk = labeledExtract(kKemSuiteId, {}, "dkp_prk", ikm);
    if (!dkpPrk) {
        return unexpected(dkpPrk.error());
    }
    auto sk = labeledExpand(kKemSuiteId, dkpPrk->span(), "sk", {}, 32);
    if (!sk) {
        return unexpected(sk.error());
    }
    auto key = X25519PrivateKey::fromRaw(sk->span());
    if (!key) {
        return unexpected(hpkeErr(HpkeErrc::Internal, key.error().message));
    }
    return std::move(*key);
}

} // namespace cocoon::hpke
