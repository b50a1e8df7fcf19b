#pragma once
// Views between Qt byte arrays and the std::span<const unsigned char> the crypto and job code uses.
#include <QByteArray>

#include <span>

namespace cocoon {

inline std::span<const unsigned char> asBytes(const QByteArray& b)
{
    return {reinterpret_cast<const unsigned char*>(b.constData()), std::size_t(b.size())};
}

inline std::span<const unsigned char> asBytes(QByteArrayView b)
{
    return {reinterpret_cast<const unsigned char*>(b.data()), std::size_t(b.size())};
}

inline QByteArray toByteArray(std::span<const unsigned char> s)
{
    return QByteArray(reinterpret_cast<const char*>(s.data()), qsizetype(s.size()));
}

} // namespace cocoon
