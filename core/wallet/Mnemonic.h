#pragma once
// TON mnemonics: 24 words from the BIP-39 English list, but with TON's own rule instead of the
// BIP-39 checksum. entropy = HMAC-SHA512(key = the words joined by spaces, message = password);
// a phrase is valid (without password) when PBKDF2-SHA512(entropy, "TON seed version", 390
// rounds)[0] == 0; the Ed25519 seed is PBKDF2-SHA512(entropy, "TON default seed", 100000
// rounds)[0..32). Same as @ton/crypto's mnemonicNew / mnemonicValidate / mnemonicToPrivateKey.
//
// The phrase is a secret: it lives only in SecretBytes (locked, wiped) and is never stored.
#include "crypto/Ed25519.h"
#include "crypto/SecretBytes.h"
#include "wallet/WalletError.h"

#include <array>

namespace cocoon::wallet {

extern const std::array<const char*, 2048> kBip39English;

struct MnemonicKeys
{
    SecretBytes seed; ///< the 32-byte Ed25519 private seed
    Ed25519PublicKey publicKey {};
};

class Mnemonic
{
public:
    static constexpr int kWords = 24;

    /// A new random phrase that passes the TON rule (words separated by single spaces).
    static Expected<SecretBytes, WalletError> generate();
    /// Lower-cases, trims and joins the words of `text` (any whitespace) and checks them: 24
    /// words, each in the list, and the TON rule. The error names the first problem.
    static Expected<SecretBytes, WalletError> normalize(QStringView text);
    /// The key pair of a normalized phrase.
    static Expected<MnemonicKeys, WalletError> toKeys(const SecretBytes& phrase);
    /// Word `index` (0-based) of a normalized phrase, e.g. to ask the user to confirm it.
    static QString word(const SecretBytes& phrase, int index);
    static bool isWord(QStringView word);

    /// `count` distinct word positions (0-based, ascending) to ask the user to type back, so a
    /// phrase is known to be written down before the app forgets it.
    static QList<int> confirmationPositions(int count = 3);
    /// True when `answers[i]` is the word at `positions[i]` (case and spaces ignored).
    static bool confirms(const SecretBytes& phrase, const QList<int>& positions, const QStringList& answers);
};

} // namespace cocoon::wallet
