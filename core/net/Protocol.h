#pragma once
// The worker protocol v2 (docs/protocol.md, "Worker protocol v2"): one canonical-CBOR map per
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

// Version 2: the coordinator speaks first (a `challenge` nonce every hello signs), owners sign
// their hello, nodes renew their evidence in place, and an `ack` can refuse a result.
inline constexpr int kProtocolMin = 2;
inline constexpr int kProtocolMax = 2;
/// The largest frame either side accepts (a job's sealed input or output travels in one frame).
inline constexpr qsizetype kMaxFrameBytes = 48 * 1024 * 1024;
/// The largest frame a peer may send before its hello is accepted (a hello carries an evidence
/// bundle of at most 256 KiB).
inline constexpr qsizetype kMaxHelloFrameBytes = 320 * 1024;
/// The largest sealed output a job may declare: its `result` frame (output, receipt and the
/// frame's own fields) must fit in kMaxFrameBytes, so the coordinator refuses larger jobs at
/// `submit` and a node never produces a frame its coordinator would have to refuse.
inline constexpr qsizetype kMaxSealedOutputBytes = kMaxFrameBytes - 64 * 1024;
/// The largest plaintext output a node accepts a job for (its sealed form, 54 + 16 bytes per MiB
/// more, stays within kMaxSealedOutputBytes).
inline constexpr std::uint64_t kMaxOutputPlaintextBytes = std::uint64_t(kMaxSealedOutputBytes) - 4096;
/// The largest sealed piece of a streamed result (`chunk`, `job_chunk`).
inline constexpr qsizetype kMaxChunkBytes = 1024 * 1024;
/// Bytes of the nonce in `challenge`.
inline constexpr qsizetype kNonceBytes = 32;

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

/// Text a peer sent (a reason, an error message) made safe to log and show: at most `maxChars`
/// characters (an ellipsis marks a cut), control and format characters escaped as \u{XXXX}, so a
/// peer can neither flood a log line nor forge one, nor hide text in a tooltip.
QString printable(QStringView text, qsizetype maxChars = 300);

/// A kernel's price per unit in a welcome's `prices` table: its own entry, else "*"; nothing when
/// the table has neither (or a negative one).
std::optional<std::uint64_t> priceInTable(const QCborMap& prices, const QString& kernel);

/// A job id in messages: 16 bytes.
inline constexpr qsizetype kJobIdBytes = 16;

} // namespace cocoon::net
