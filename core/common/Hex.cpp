#include "common/Hex.h"

namespace cocoon::hex {

QString encode(std::span<const unsigned char> bytes)
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())).toHex());
}

QString encode(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

Expected<QByteArray, QString> decode(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.size() % 2 != 0) {
        return unexpected(QStringLiteral("hex text has an odd number of digits (%1)").arg(t.size()));
    }
    auto nibble = [](QChar c) -> int {
        const char16_t u = c.unicode();
        if (u >= u'0' && u <= u'9')
            return u - u'0';
        if (u >= u'a' && u <= u'f')
            return u - u'a' + 10;
        if (u >= u'A' && u <= u'F')
            return u - u'A' + 10;
        return -1;
    };
    QByteArray out;
    out.reserve(t.size() / 2);
    for (qsizetype i = 0; i < t.size(); i += 2) {
        const int hi = nibble(t[i]);
        const int lo = nibble(t[i + 1]);
        if (hi < 0 || lo < 0) {
            const qsizetype bad = hi < 0 ? i : i + 1;
            return unexpected(QStringLiteral("'%1' at position %2 is not a hex digit").arg(t[bad]).arg(bad + 1));
        }
        out.append(char((hi << 4) | lo));
    }
    return out;
}

} // namespace cocoon::hex
