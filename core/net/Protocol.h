#pragma once
// The worker protocol v1 (docs/protocol.md, "Worker protocol v1"): one canonical-CBOR map per
// binary WebSocket frame, its type in "t". Every message type has a schema here — the fields it
// must carry and their types — and decode() checks a frame against it, so the code that handles a
// message never sees a missing or mistyped field. Unknown types, malformed or oversized frames
// are typed errors; the peer answers with an error message and closes the connection.
#include "common/Expected.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>

#include <optional>

namespace cocoon::net {

inline constexpr int kProtocolMin = 1;
inline constexpr int kProtocolMax = 1;
/// The largest frame either side accepts (a job's sealed input or output travels in one frame).
inline constexpr qsizetype kMaxFrameBytes = 48 * 1024 * 1024;

enum class NetErrc {
    Malformed, ///< not canonical CBOR, not a map, a field missing or of the wrong type
    Oversized, ///< a frame larger than kMaxFrameBytes
    UnknownType, ///< a message type this version does not know
    Version, ///< no protocol version in common
    Unauthorized, ///< a signature or role check failed
    Refused, ///< the peer refused (wrong pin, no eligible node, tier too low, ...)
    Tls, ///< the TLS handshake failed
    Timeout, ///< the peer went silent
    Closed, ///< the connection closed
    Storage, ///< the coordinator's or node's database failed
    Cancelled, ///< the job's owner cancelled it
};
using NetError = Error<NetErrc>;

inline NetError netError(NetErrc code, QString message)
{
    return NetError {code, std::move(message)};
}
QString netErrcName(NetErrc code);

struct Message
{
    QString type;
    QCborMap body;

    QByteArray bytes(const char* key) const { return body.value(QLatin1String(key)).toByteArray(); }
    QString text(const char* key) const { return body.value(QLatin1String(key)).toString(); }
    std::uint64_t uint(const char* key) const { return std::uint64_t(body.value(QLatin1String(key)).toInteger()); }
    bool has(const char* key) const { return body.contains(QLatin1String(key)); }
};

/// The frame for `type` with `fields` (the "t" key is added).
QByteArray encodeMessage(const QString& type, QCborMap fields = {});
/// Decodes and checks a frame against its type's schema.
Expected<Message, NetError> decodeMessage(QByteArrayView frame);
/// An "error" frame: {t: "error", code, message}.
QByteArray encodeError(const NetError& error);

/// A job id in messages: 16 bytes.
inline constexpr qsizetype kJobIdBytes = 16;

} // namespace cocoon::net
