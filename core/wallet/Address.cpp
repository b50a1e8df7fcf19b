#include "wallet/Address.h"

#include <QByteArray>
#include <QCoreApplication>

namespace cocoon::wallet {

namespace {

constexpr unsigned char kBounceable = 0x11;
constexpr unsigned char kNonBounceable = 0x51;
constexpr unsigned char kTestnetFlag = 0x80;
constexpr int kFriendlyChars = 48;
constexpr int kFriendlyBytes = 36;

WalletError err(WalletErrc code, QString message)
{
    return walletError(
        code, QCoreApplication::translate("cocoon::wallet::Address", "invalid TON address: %1").arg(message));
}

bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

Expected<ParsedAddress, WalletError> parseRaw(QStringView text, qsizetype colon)
{
    const QStringView wcText = text.left(colon);
    const QStringView hex = text.mid(colon + 1);
    bool ok = false;
    const int wc = wcText.toInt(&ok);
    if (!ok) {
        return unexpected(err(WalletErrc::BadWorkchain,
            QCoreApplication::translate(
                "cocoon::wallet::Address", "the workchain before ':' must be a number (0 or -1), not '%1'")
                .arg(wcText)));
    }
    if (wc != 0 && wc != -1) {
        return unexpected(err(WalletErrc::BadWorkchain,
            QCoreApplication::translate(
                "cocoon::wallet::Address", "workchain %1 does not exist; TON has 0 (basechain) and -1 (masterchain)")
                .arg(wc)));
    }
    for (qsizetype i = 0; i < hex.size(); ++i) {
        if (!isHex(hex[i])) {
            return unexpected(err(WalletErrc::BadCharacters,
                QCoreApplication::translate("cocoon::wallet::Address", "'%1' at position %2 is not a hex digit")
                    .arg(hex[i])
                    .arg(colon + 2 + i)));
        }
    }
    if (hex.size() != 64) {
        return unexpected(err(WalletErrc::BadLength,
            QCoreApplication::translate(
                "cocoon::wallet::Address", "the account id after ':' must be 64 hex digits, not %1")
                .arg(hex.size())));
    }
    ParsedAddress p;
    p.address.workchain = std::int8_t(wc);
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    std::copy(bytes.begin(), bytes.end(), p.address.hash.begin());
    p.friendly = false;
    return p;
}

Expected<ParsedAddress, WalletError> parseFriendly(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'+'
            || c == u'/' || c == u'-' || c == u'_';
        if (!ok) {
            return unexpected(err(WalletErrc::BadCharacters,
                QCoreApplication::translate(
                    "cocoon::wallet::Address", "'%1' at position %2 is neither base64 nor base64url")
                    .arg(c)
                    .arg(i + 1)));
        }
    }
    if (text.size() != kFriendlyChars) {
        return unexpected(err(WalletErrc::BadLength,
            QCoreApplication::translate(
                "cocoon::wallet::Address", "a user-friendly address has 48 characters, this one has %1")
                .arg(text.size())));
    }
    const bool urlSafe = text.contains(u'-') || text.contains(u'_');
    QByteArray b64 = text.toLatin1();
    b64.replace('-', '+').replace('_', '/');
    const auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != kFriendlyBytes) {
        return unexpected(err(WalletErrc::BadCharacters,
            QCoreApplication::translate("cocoon::wallet::Address", "the text does not decode as base64")));
    }
    const auto* d = reinterpret_cast<const unsigned char*>(decoded.decoded.constData());
    const std::uint16_t crc = std::uint16_t((d[34] << 8) | d[35]);
    if (crc16Xmodem(d, 34) != crc) {
        return unexpected(err(WalletErrc::BadChecksum,
            QCoreApplication::translate(
                "cocoon::wallet::Address", "the checksum does not match; a character was probably mistyped or lost")));
    }
    const unsigned char tag = d[0] & ~kTestnetFlag;
    if (tag != kBounceable && tag != kNonBounceable) {
        return unexpected(err(WalletErrc::BadTag,
            QCoreApplication::translate("cocoon::wallet::Address", "unknown flags 0x%1")
                .arg(d[0], 2, 16, QChar(u'0'))));
    }
    const auto wc = std::int8_t(d[1]);
    if (wc != 0 && wc != -1) {
        return unexpected(err(WalletErrc::BadWorkchain,
            QCoreApplication::translate(
                "cocoon::wallet::Address", "workchain %1 does not exist; TON has 0 (basechain) and -1 (masterchain)")
                .arg(wc)));
    }
    ParsedAddress p;
    p.address.workchain = wc;
    std::copy(d + 2, d + 34, p.address.hash.begin());
    p.friendly = true;
    p.bounceable = tag == kBounceable;
    p.testnet = (d[0] & kTestnetFlag) != 0;
    p.urlSafe = urlSafe;
    return p;
}

} // namespace

std::uint16_t crc16Xmodem(const unsigned char* data, std::size_t size)
{
    std::uint16_t crc = 0;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= std::uint16_t(data[i]) << 8;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 0x8000) ? std::uint16_t((crc << 1) ^ 0x1021) : std::uint16_t(crc << 1);
        }
    }
    return crc;
}

QString Address::toRaw() const
{
    return QString::number(workchain) + u':'
        + QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(hash.data()), 32).toHex());
}

QString Address::toFriendly(FriendlyForm form) const
{
    unsigned char b[kFriendlyBytes];
    b[0] = (form.bounceable ? kBounceable : kNonBounceable) | (form.testnet ? kTestnetFlag : 0);
    b[1] = static_cast<unsigned char>(workchain);
    std::copy(hash.begin(), hash.end(), b + 2);
    const std::uint16_t crc = crc16Xmodem(b, 34);
    b[34] = static_cast<unsigned char>(crc >> 8);
    b[35] = static_cast<unsigned char>(crc & 0xff);
    const QByteArray bytes(reinterpret_cast<const char*>(b), kFriendlyBytes);
    return QString::fromLatin1(
        bytes.toBase64(form.urlSafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding));
}

Expected<ParsedAddress, WalletError> Address::parse(QStringView input)
{
    const QStringView text = input.trimmed();
    if (text.isEmpty()) {
        return unexpected(
            err(WalletErrc::BadLength, QCoreApplication::translate("cocoon::wallet::Address", "the address is empty")));
    }
    const qsizetype colon = text.indexOf(u':');
    if (colon >= 0) {
        return parseRaw(text, colon);
    }
    return parseFriendly(text);
}

} // namespace cocoon::wallet
