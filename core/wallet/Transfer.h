#pragma once
// Signed transfers from a wallet v5r1: the external message a payout wallet sends to pay many
// addresses at once (up to 255 internal messages per request, the contract's limit).
//
// Layout (wallet-v5 contract, as @ton/ton builds it; checked against it in tests/interop):
//   body = 0x7369676e wallet_id:uint32 valid_until:uint32 seqno:uint32
//          out_actions:(Maybe ^OutList) has_extended:(## 1)=0 signature:bits512
// where the signature covers the hash of the cell without the signature, and every action is
// action_send_msg#0ec3c86d mode:uint8 ^MessageRelaxed. External requests must carry send mode +2
// (ignore errors), so a message the wallet cannot afford is skipped, not fatal: callers confirm each
// payment from the transaction's out messages, never from the request alone.
#include "crypto/Ed25519.h"
#include "wallet/Address.h"
#include "wallet/Cell.h"
#include "wallet/WalletContract.h"

#include <vector>

namespace cocoon::wallet {

struct TransferItem
{
    Address to;
    std::uint64_t nano = 0;
    bool bounce = false; ///< payouts go non-bounceable: the receiving wallet may not be deployed yet
    QString comment; ///< a text comment (at most 120 bytes of UTF-8, so it fits one cell)
};

struct SignedTransfer
{
    CellRef body; ///< the signed request (its hash is what toncenter reports as in_msg.body_hash)
    CellRef message; ///< the whole external message
    QByteArray boc; ///< `message` as a bag of cells, what sendBoc takes
};

struct TransferRequest
{
    std::uint32_t seqno = 0;
    std::uint32_t validUntil = 0; ///< Unix seconds; the wallet refuses the request after this
    std::vector<TransferItem> items;
    /// Pay forward fees from the wallet's balance (+1) and ignore errors (+2, required by v5r1).
    std::uint8_t sendMode = 3;
    /// Deploy the wallet with this message (its first: seqno 0 and the account not active).
    bool withStateInit = false;
};

constexpr std::size_t kMaxTransferItems = 255;
constexpr int kMaxCommentBytes = 120;

/// A text comment body: 32 zero bits, then the UTF-8 bytes.
Expected<CellRef, WalletError> commentBody(const QString& comment);
/// The internal message (MessageRelaxed) of one item: no source, no init, body inline when it fits.
Expected<CellRef, WalletError> internalMessage(const TransferItem& item);
/// Builds and signs a v5r1 external transfer; refuses empty or too long item lists, zero amounts
/// and comments that do not fit.
Expected<SignedTransfer, WalletError> signV5R1Transfer(
    const WalletParams& params, const Ed25519PrivateKey& key, const TransferRequest& request);

} // namespace cocoon::wallet
