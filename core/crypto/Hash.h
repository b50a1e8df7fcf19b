#pragma once
#include "common/Bytes.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <array>
#include <span>

namespace cocoon {

using Sha256 = std::array<unsigned char, 32>;

inline Sha256 sha256(std::span<const unsigned char> bytes)
{
    const QByteArray d
        = QCryptographicHash::hash(QByteArrayView(bytes.data(), qsizetype(bytes.size())), QCryptographicHash::Sha256);
    Sha256 out {};
    std::copy(d.begin(), d.end(), out.begin());
    return out;
}

inline Sha256 sha256(const QByteArray& bytes)
{
    return sha256(asBytes(bytes));
}

/// Incremental SHA-256.
class Sha256Stream
{
public:
    void add(std::span<const unsigned char> bytes)
    {
        m_h.addData(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
    }
    Sha256 result() const
    {
        const QByteArray d = m_h.result();
        Sha256 out {};
        std::copy(d.begin(), d.end(), out.begin());
        return out;
    }

private:
    QCryptographicHash m_h {QCryptographicHash::Sha256};
};

} // namespace cocoon
