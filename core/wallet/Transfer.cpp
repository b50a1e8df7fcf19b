#include "wallet/Transfer.h"

namespace cocoon::wallet {

namespace {

constexpr std::uint32_t kSignedExternal = 0x7369676e;
constexpr std::uint32_t kActionSendMsg = 0x0ec3c86d;

WalletError badTransfer(const QString& why)
{
    return walletError(WalletErrc::BadCell, QStringLiteral("cannot build the transfer: %1").arg(why));
}

/// Appends a whole cell's bits and references to `b` (Either X ^X stored inline).
void storeInline(CellBuilder& b, const Cell& c)
{
    for (int i = 0; i < c.bitCount(); ++i) {
        b.storeBit(c.bit(i));
    }
    for (const CellRef& r : c.refs()) {
        b.storeRef(r);
    }
}

/// Either X ^X as @ton/core decides it: inline when one flag bit plus the cell fit what is left.
void storeEither(CellBuilder& b, int refsSoFar, const CellRef& c)
{
    const bool fits
        = Cell::kMaxBits - b.bitCount() - 1 >= c->bitCount() && refsSoFar + int(c->refs().size()) <= Cell::kMaxRefs;
    if (fits) {
        b.storeBit(false);
        storeInline(b, *c);
    } else {
        b.storeBit(true).storeRef(c);
    }
}

} // namespace

Expected<CellRef, WalletError> commentBody(const QString& comment)
{
    const QByteArray utf8 = comment.toUtf8();
    if (utf8.size() > kMaxCommentBytes) {
        return unexpected(badTransfer(QStringLiteral("the comment is longer than %1 bytes").arg(kMaxCommentBytes)));
    }
    CellBuilder b;
    b.storeUint(0, 32).storeBytes(std::span(reinterpret_cast<const unsigned char*>(utf8.data()), utf8.size()));
    return b.build();
}

Expected<CellRef, WalletError> internalMessage(const TransferItem& item)
{
    if (item.nano == 0) {
        return unexpected(badTransfer(QStringLiteral("an amount of zero")));
    }
    CellBuilder b;
    // int_msg_info$0 ihr_disabled:Bool bounce:Bool bounced:Bool src:addr_none dest value
    b.storeBit(false).storeBit(true).storeBit(item.bounce).storeBit(false);
    b.storeAddress(nullptr).storeAddress(&item.to);
    b.storeCoins(item.nano).storeBit(false); // CurrencyCollection: grams, no extra currencies
    b.storeCoins(0).storeCoins(0).storeUint(0, 64).storeUint(0, 32); // ihr_fee fwd_fee created_lt created_at
    b.storeBit(false); // no StateInit
    if (item.comment.isEmpty()) {
        b.storeBit(false); // empty body, inline
    } else {
        auto body = commentBody(item.comment);
        if (!body) {
            return unexpected(body.error());
        }
        storeEither(b, 0, *body);
    }
    return b.build();
}

Expected<SignedTransfer, WalletError> signV5R1Transfer(
    const WalletParams& params, const Ed25519PrivateKey& key, const TransferRequest& request)
{
    if (params.version != WalletVersion::V5R1) {
        return unexpected(badTransfer(QStringLiteral("only wallet v5r1 sends payouts")));
    }
    if (request.items.empty() || request.items.size() > kMaxTransferItems) {
        return unexpected(badTransfer(QStringLiteral("%1 messages (a request carries 1 to %2)")
                                          .arg(request.items.size())
                                          .arg(kMaxTransferItems)));
    }
    if ((request.sendMode & 2) == 0) {
        return unexpected(
            badTransfer(QStringLiteral("wallet v5r1 requires send mode +2 for signed external requests")));
    }
    // out_list$_ prev:^(OutList n) action:OutAction, built from the first action outwards.
    auto list = CellBuilder().build();
    for (const TransferItem& item : request.items) {
        auto msg = internalMessage(item);
        if (!msg) {
            return unexpected(msg.error());
        }
        CellBuilder a;
        a.storeRef(*list).storeUint(kActionSendMsg, 32).storeUint(request.sendMode, 8).storeRef(*msg);
        list = a.build();
        if (!list) {
            return unexpected(list.error());
        }
    }
    CellBuilder signing;
    signing.storeUint(kSignedExternal, 32)
        .storeUint(walletId(params), 32)
        .storeUint(request.validUntil, 32)
        .storeUint(request.seqno, 32)
        .storeMaybeRef(*list)
        .storeBit(false); // no extended actions
    auto unsignedBody = signing.build();
    if (!unsignedBody) {
        return unexpected(unsignedBody.error());
    }
    const Ed25519Signature sig = key.sign((*unsignedBody)->hash());
    signing.storeBytes(sig);
    auto body = signing.build();
    if (!body) {
        return unexpected(body.error());
    }

    const Address wallet = walletAddress(params, key.publicKey());
    CellBuilder m;
    // ext_in_msg_info$10 src:addr_none dest:MsgAddressInt import_fee:Grams
    m.storeBit(true).storeBit(false).storeAddress(nullptr).storeAddress(&wallet).storeCoins(0);
    int refs = 0;
    if (request.withStateInit) {
        const CellRef init = stateInit(walletCode(params.version), walletData(params, key.publicKey()));
        m.storeBit(true);
        storeEither(m, 0, init);
        refs = int(init->refs().size());
    } else {
        m.storeBit(false);
    }
    storeEither(m, refs, *body);
    auto message = m.build();
    if (!message) {
        return unexpected(message.error());
    }
    return SignedTransfer {*body, *message, Boc::serialize(*message)};
}

} // namespace cocoon::wallet
