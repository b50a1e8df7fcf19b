#pragma once
#include "common/Expected.h"

#include <QByteArray>
#include <QString>

#include <span>

namespace cocoon::hex {

/// Lower-case hex of the bytes.
QString encode(std::span<const unsigned char> bytes);
QString encode(const QByteArray& bytes);

/// Strict decoding: an even number of [0-9a-fA-F] characters, surrounding whitespace ignored.
/// (QByteArray::fromHex silently skips bad characters, which hides typos in keys.)
Expected<QByteArray, QString> decode(QStringView text);

} // namespace cocoon::hex
