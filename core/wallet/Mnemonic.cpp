#include "wallet/Mnemonic.h"

#include "common/Bytes.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <QRegularExpression>

#include <algorithm>
#include <cstring>

namespace cocoon::wallet {

namespace {

constexpr int kPbkdfIterations = 100000;
constexpr int kBasicSeedIterations = kPbkdfIterations / 256; // 390, as @ton/crypto

WalletError cryptoError()
{
    return walletError(WalletErrc::Crypto, QStringLiteral("the crypto library failed to derive the key"));
}

/// entropy = HMAC-SHA512(key = phrase, message = empty password).
bool entropyOf(const SecretBytes& phrase, SecretBytes& entropy)
{
    entropy = SecretBytes(64);
    std::size_t outLen = 0;
    return EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA512", nullptr, phrase.data(), phrase.size(), nullptr, 0,
               entropy.data(), entropy.size(), &outLen)
        != nullptr
        && outLen == 64;
}

bool pbkdf2(const SecretBytes& entropy, const char* salt, int iterations, SecretBytes& out)
{
    out = SecretBytes(64);
    return PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(entropy.data()), int(entropy.size()),
               reinterpret_cast<const unsigned char*>(salt), int(std::strlen(salt)), iterations, EVP_sha512(), 64,
               out.data())
        == 1;
}

Expected<bool, WalletError> passesTonRule(const SecretBytes& phrase)
{
    SecretBytes entropy, check;
    if (!entropyOf(phrase, entropy) || !pbkdf2(entropy, "TON seed version", kBasicSeedIterations, check)) {
        return unexpected(cryptoError());
    }
    return check.data()[0] == 0;
}

int indexOf(QStringView word)
{
    const QByteArray w = word.toLatin1();
    const auto it = std::lower_bound(kBip39English.begin(), kBip39English.end(), w.constData(),
        [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
    return (it != kBip39English.end() && w == *it) ? int(it - kBip39English.begin()) : -1;
}

} // namespace

bool Mnemonic::isWord(QStringView word)
{
    return indexOf(word) >= 0;
}

Expected<SecretBytes, WalletError> Mnemonic::generate()
{
    for (int attempt = 0; attempt < 100000; ++attempt) {
        unsigned char random[2 * kWords];
        if (RAND_bytes(random, sizeof random) != 1) {
            return unexpected(walletError(WalletErrc::Crypto, QStringLiteral("the system random generator failed")));
        }
        QByteArray joined;
        for (int i = 0; i < kWords; ++i) {
            // 2048 divides 65536, so the low 11 bits of two random bytes are uniform.
            const int index = ((random[2 * i] << 8) | random[2 * i + 1]) & 0x7ff;
            if (i) {
                joined.append(' ');
            }
            joined.append(kBip39English[std::size_t(index)]);
        }
        OPENSSL_cleanse(random, sizeof random);
        SecretBytes phrase(asBytes(joined));
        OPENSSL_cleanse(joined.data(), std::size_t(joined.size()));
        auto ok = passesTonRule(phrase);
        if (!ok) {
            return unexpected(ok.error());
        }
        if (*ok) {
            return phrase;
        }
    }
    return unexpected(walletError(WalletErrc::Crypto, QStringLiteral("could not generate a valid phrase")));
}

Expected<SecretBytes, WalletError> Mnemonic::normalize(QStringView text)
{
    const QString lower = text.toString().toLower();
    const QStringList words = lower.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (words.size() != kWords) {
        return unexpected(walletError(WalletErrc::BadMnemonic,
            QStringLiteral("a TON recovery phrase has 24 words; %1 were given").arg(words.size())));
    }
    for (int i = 0; i < words.size(); ++i) {
        if (!isWord(words[i])) {
            return unexpected(walletError(WalletErrc::BadMnemonic,
                QStringLiteral("word %1 ('%2') is not in the BIP-39 English list; check its spelling")
                    .arg(i + 1)
                    .arg(words[i])));
        }
    }
    const QByteArray joined = words.join(u' ').toLatin1();
    SecretBytes phrase(asBytes(joined));
    auto ok = passesTonRule(phrase);
    if (!ok) {
        return unexpected(ok.error());
    }
    if (!*ok) {
        return unexpected(walletError(WalletErrc::BadMnemonic,
            QStringLiteral("these 24 words are not a TON recovery phrase (a word may be wrong or out of order, or "
                           "the phrase is a BIP-39 phrase from another chain)")));
    }
    return phrase;
}

Expected<MnemonicKeys, WalletError> Mnemonic::toKeys(const SecretBytes& phrase)
{
    SecretBytes entropy, seed;
    if (!entropyOf(phrase, entropy) || !pbkdf2(entropy, "TON default seed", kPbkdfIterations, seed)) {
        return unexpected(cryptoError());
    }
    seed.truncate(32);
    auto key = Ed25519PrivateKey::fromSeed(seed.span());
    if (!key) {
        return unexpected(cryptoError());
    }
    MnemonicKeys out;
    out.publicKey = key->publicKey();
    out.seed = std::move(seed);
    return out;
}

QList<int> Mnemonic::confirmationPositions(int count)
{
    count = std::clamp(count, 1, kWords);
    QList<int> all;
    for (int i = 0; i < kWords; ++i) {
        all.append(i);
    }
    QList<int> picked;
    for (int i = 0; i < count; ++i) {
        unsigned char r = 0;
        RAND_bytes(&r, 1);
        picked.append(all.takeAt(r % all.size()));
    }
    std::sort(picked.begin(), picked.end());
    return picked;
}

bool Mnemonic::confirms(const SecretBytes& phrase, const QList<int>& positions, const QStringList& answers)
{
    if (positions.isEmpty() || positions.size() != answers.size()) {
        return false;
    }
    for (int i = 0; i < positions.size(); ++i) {
        if (answers[i].trimmed().toLower() != word(phrase, positions[i])) {
            return false;
        }
    }
    return true;
}

QString Mnemonic::word(const SecretBytes& phrase, int index)
{
    int current = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= phrase.size(); ++i) {
        if (i == phrase.size() || phrase.data()[i] == ' ') {
            if (current == index) {
                return QString::fromLatin1(reinterpret_cast<const char*>(phrase.data()) + start, qsizetype(i - start));
            }
            ++current;
            start = i + 1;
        }
    }
    return {};
}

} // namespace cocoon::wallet
