#pragma once
// TON account addresses (MsgAddressInt std): a workchain and a 256-bit account id.
// Two text forms: raw "wc:hex" and user-friendly, 36 bytes in base64 or base64url:
// flags (0x11 bounceable, 0x51 non-bounceable, | 0x80 testnet-only), workchain (int8),
// the 32-byte hash, CRC16-XMODEM of those 34 bytes (big-endian).
#include "wallet/WalletError.h"

#include <array>
#include <cstdint>

namespace cocoon::wallet {

struct ParsedAddress;

struct Address
{
    std::int8_t workchain = 0;
    std::array<unsigned char, 32> hash {};

    bool operator==(const Address&) const = default;

    struct FriendlyForm
    {
        bool bounceable = true;
        bool testnet = false;
        bool urlSafe = true;
    };
    /// "0:83df…", lower-case hex.
    QString toRaw() const;
    QString toFriendly(FriendlyForm form) const;
    QString toFriendly() const { return toFriendly(FriendlyForm {}); }

    /// Accepts the raw or a user-friendly form (base64 or base64url). Only workchains 0 and -1
    /// exist on TON; any other is refused, as are unknown flags and bad checksums.
    static Expected<ParsedAddress, WalletError> parse(QStringView text);
};

/// What the text said besides the address itself.
struct ParsedAddress
{
    Address address;
    bool friendly = false; ///< false: raw form (which carries no flags)
    bool bounceable = true;
    bool testnet = false;
    bool urlSafe = false;
};

/// CRC16-XMODEM (poly 0x1021, init 0), the user-friendly address checksum. Hand-written: Qt's
/// qChecksum offers only the ISO 3309 and ITU V.41 variants, and OpenSSL has no CRC16.
std::uint16_t crc16Xmodem(const unsigned char* data, std::size_t size);

} // namespace cocoon::wallet
