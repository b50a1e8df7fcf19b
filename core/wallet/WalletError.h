#pragma once
#include "common/Expected.h"

namespace cocoon::wallet {

/// Why an address, cell, mnemonic or chain answer was refused. Every code comes with a message a
/// person can act on.
enum class WalletErrc {
    BadLength, ///< an address or key of the wrong length
    BadChecksum, ///< a user-friendly address whose CRC16 does not match (a typo)
    BadWorkchain, ///< a workchain other than 0 (basechain) or -1 (masterchain)
    BadCharacters, ///< characters outside hex / base64 / base64url
    BadTag, ///< a user-friendly address with unknown flags
    BadCell, ///< a cell or bag of cells that is malformed, too large or unsupported
    BadMnemonic, ///< wrong word count, unknown word, or not a TON mnemonic
    Crypto, ///< the crypto library failed (should not happen)
    Network, ///< the chain API could not be reached or answered an error
    BadResponse, ///< the chain API answered something that is not what its documentation says
    Storage, ///< the local cache could not be read or written
};
using WalletError = Error<WalletErrc>;

inline WalletError walletError(WalletErrc code, QString message)
{
    return WalletError {code, std::move(message)};
}

} // namespace cocoon::wallet
