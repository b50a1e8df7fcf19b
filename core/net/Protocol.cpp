#include "net/Protocol.h"

#include "jobs/Cbor.h"

#include <QCborArray>

#include <map>

namespace cocoon::net {

namespace {

// Field kinds a schema can demand.
enum class Kind { Uint, Text, Bytes, Bytes16, Bytes32, Map, Array, Bool };

struct Field
{
    const char* name;
    Kind kind;
    bool optional = false;
};

// Every message of protocol v1 and its fields (docs/protocol.md keeps the same table).
const std::map<QString, std::vector<Field>>& schemas()
{
    static const std::map<QString, std::vector<Field>> s = {
        // coordinator -> both, first on every connection
        {"challenge", {{"nonce", Kind::Bytes32}}},
        // both roles -> coordinator
        {"hello",
            {{"min", Kind::Uint}, {"max", Kind::Uint}, {"role", Kind::Text}, {"node", Kind::Map, true},
                {"owner", Kind::Map, true}}},
        // coordinator -> both
        {"welcome",
            {{"version", Kind::Uint}, {"session", Kind::Bytes16}, {"heartbeat_ms", Kind::Uint},
                {"timeout_ms", Kind::Uint}, {"coordinator", Kind::Bytes32}, {"prices", Kind::Map},
                {"statement", Kind::Bytes, true}}},
        {"error", {{"code", Kind::Text}, {"message", Kind::Text}}},
        // node -> coordinator
        {"heartbeat",
            {{"state", Kind::Text}, {"free", Kind::Uint}, {"reason", Kind::Text, true},
                {"devices", Kind::Array, true}}},
        {"accept", {{"job", Kind::Bytes16}}},
        {"reject", {{"job", Kind::Bytes16}, {"reason", Kind::Text}}},
        {"progress", {{"job", Kind::Bytes16}, {"step", Kind::Uint}, {"steps", Kind::Uint}}},
        {"result", {{"job", Kind::Bytes16}, {"output", Kind::Bytes}, {"receipt", Kind::Bytes}}},
        {"chunk", {{"job", Kind::Bytes16}, {"index", Kind::Uint}, {"data", Kind::Bytes}}},
        {"failed", {{"job", Kind::Bytes16}, {"reason", Kind::Text}}},
        {"evidence", {{"evidence", Kind::Bytes}, {"sig", Kind::Bytes}}},
        // coordinator -> node
        {"offer",
            {{"job", Kind::Bytes16}, {"manifest", Kind::Bytes}, {"input", Kind::Bytes}, {"device", Kind::Text},
                {"lease_ms", Kind::Uint}}},
        {"ack", {{"job", Kind::Bytes16}, {"statement", Kind::Bytes}, {"refused", Kind::Text, true}}},
        {"cancel", {{"job", Kind::Bytes16}, {"reason", Kind::Text}}}, // also owner -> coordinator
        {"statement", {{"statement", Kind::Bytes}}}, // a new statement outside an ack (a payout)
        {"drain", {{"reason", Kind::Text}}},
        // owner -> coordinator
        {"nodes",
            {{"kernel", Kind::Text}, {"min_tier", Kind::Text}, {"limit", Kind::Uint, true},
                {"backend", Kind::Text, true}}},
        {"submit",
            {{"node", Kind::Bytes32}, {"manifest", Kind::Bytes}, {"input", Kind::Bytes},
                {"backend", Kind::Text, true}}},
        {"fetch", {{"job", Kind::Bytes16}}},
        // coordinator -> owner
        {"node_list", {{"nodes", Kind::Array}}},
        {"submitted", {{"job", Kind::Bytes16}}},
        {"job_progress", {{"job", Kind::Bytes16}, {"state", Kind::Text}, {"step", Kind::Uint}, {"steps", Kind::Uint}}},
        {"job_result", {{"job", Kind::Bytes16}, {"output", Kind::Bytes}, {"receipt", Kind::Bytes}}},
        {"job_chunk", {{"job", Kind::Bytes16}, {"index", Kind::Uint}, {"data", Kind::Bytes}}},
        {"job_failed", {{"job", Kind::Bytes16}, {"reason", Kind::Text}}},
    };
    return s;
}

bool matches(const QCborValue& v, Kind k)
{
    switch (k) {
    case Kind::Uint:
        return v.isInteger() && v.toInteger() >= 0;
    case Kind::Text:
        return v.isString();
    case Kind::Bytes:
        return v.isByteArray();
    case Kind::Bytes16:
        return v.isByteArray() && v.toByteArray().size() == 16;
    case Kind::Bytes32:
        return v.isByteArray() && v.toByteArray().size() == 32;
    case Kind::Map:
        return v.isMap();
    case Kind::Array:
        return v.isArray();
    case Kind::Bool:
        return v.isBool();
    }
    return false;
}

} // namespace

QString netErrcName(NetErrc code)
{
    static const char* names[] = {"malformed", "oversized", "unknown-type", "version", "unauthorized", "refused", "tls",
        "timeout", "closed", "storage", "cancelled"};
    return QString::fromLatin1(names[int(code)]);
}

QString printable(QStringView text, qsizetype maxChars)
{
    QString out;
    qsizetype chars = 0;
    for (const char32_t c : text.toUcs4()) {
        if (chars == maxChars) {
            out += QChar(0x2026); // …
            break;
        }
        ++chars;
        const QChar::Category cat = QChar::category(c);
        if (cat == QChar::Other_Control || cat == QChar::Other_Format || cat == QChar::Other_Surrogate
            || cat == QChar::Other_NotAssigned || cat == QChar::Separator_Line || cat == QChar::Separator_Paragraph) {
            out += QStringLiteral("\\u{%1}").arg(quint32(c), 4, 16, QChar(u'0'));
        } else {
            out += QString::fromUcs4(&c, 1);
        }
    }
    return out;
}

std::optional<std::uint64_t> priceInTable(const QCborMap& prices, const QString& kernel)
{
    const QCborValue own = prices.value(kernel);
    const QCborValue price = own.isInteger() ? own : prices.value(QStringLiteral("*"));
    if (!price.isInteger() || price.toInteger() < 0) {
        return std::nullopt;
    }
    return std::uint64_t(price.toInteger());
}

QByteArray encodeMessage(const QString& type, QCborMap fields)
{
    fields.insert(QStringLiteral("t"), type);
    return cbor::encode(fields);
}

QByteArray encodeError(const NetError& error)
{
    QCborMap m;
    m.insert(QStringLiteral("code"), netErrcName(error.code));
    m.insert(QStringLiteral("message"), error.message.left(1000));
    return encodeMessage(QStringLiteral("error"), m);
}

Expected<Message, NetError> decodeMessage(QByteArrayView frame)
{
    if (frame.size() > kMaxFrameBytes) {
        return unexpected(netError(NetErrc::Oversized,
            QStringLiteral("a frame of %1 bytes is over the %2-byte limit").arg(frame.size()).arg(kMaxFrameBytes)));
    }
    auto v = cbor::decodeCanonical(frame, kMaxFrameBytes);
    if (!v) {
        return unexpected(netError(NetErrc::Malformed, v.error()));
    }
    if (!v->isMap() || !v->toMap().value(QStringLiteral("t")).isString()) {
        return unexpected(netError(NetErrc::Malformed, QStringLiteral("a message is a CBOR map with a text 't'")));
    }
    Message m;
    m.body = v->toMap();
    m.type = m.body.value(QStringLiteral("t")).toString();
    const auto it = schemas().find(m.type);
    if (it == schemas().end()) {
        return unexpected(
            netError(NetErrc::UnknownType, QStringLiteral("unknown message type '%1'").arg(m.type.left(40))));
    }
    qsizetype known = 1;
    for (const Field& f : it->second) {
        const QCborValue value = m.body.value(QLatin1String(f.name));
        if (value.isUndefined()) {
            if (!f.optional) {
                return unexpected(netError(NetErrc::Malformed,
                    QStringLiteral("'%1' lacks its field '%2'").arg(m.type, QLatin1String(f.name))));
            }
            continue;
        }
        ++known;
        if (!matches(value, f.kind)) {
            return unexpected(netError(NetErrc::Malformed,
                QStringLiteral("'%1' has field '%2' of the wrong type").arg(m.type, QLatin1String(f.name))));
        }
    }
    if (known != m.body.size()) {
        return unexpected(
            netError(NetErrc::Malformed, QStringLiteral("'%1' has fields this version does not know").arg(m.type)));
    }
    return m;
}

} // namespace cocoon::net
