#include "ChatClient.h"

#include "jobs/Catalogue.h"

#include <QJsonArray>
#include <QStringDecoder>

#include <cmath>

namespace cocoonctl {

using namespace cocoon;

namespace {

constexpr qint64 kModelsCacheMs = 10'000;

std::optional<std::uint32_t> milli(const QJsonValue& v, double max)
{
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > max)
        return std::numeric_limits<std::uint32_t>::max();
    return std::uint32_t(std::lround(d * 1000));
}

/// The model a client named: its full hex SHA-256, a prefix of it (8+ digits), or its name.
std::optional<net::ModelOffer> findModel(const QList<net::ModelOffer>& models, const QString& wanted)
{
    const QString w = wanted.trimmed().toLower();
    for (const net::ModelOffer& m : models) {
        const QString hex = QString::fromLatin1(m.sha256.toHex());
        if (hex == w || (w.size() >= 8 && hex.startsWith(w)) || m.name.toLower() == w)
            return m;
    }
    return std::nullopt;
}

/// Streamed bytes as text that ends up exactly QString::fromUtf8(all bytes): a model may emit a
/// character's bytes in separate tokens (or bytes that are no UTF-8 at all), so a tail that could
/// still become a character waits, and each piece is what decoding everything so far adds.
class Utf8Stream
{
public:
    QString add(const QByteArray& bytes)
    {
        m_bytes += bytes;
        qsizetype safe = m_bytes.size();
        // Back over an incomplete sequence at the end (a lead byte and too few continuations).
        for (qsizetype back = 1; back <= 3 && back <= m_bytes.size(); ++back) {
            const auto b = std::uint8_t(m_bytes[m_bytes.size() - back]);
            if ((b & 0xC0) == 0x80)
                continue; // a continuation byte: look further back
            const qsizetype need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            if (need > back)
                safe = m_bytes.size() - back;
            break;
        }
        const QString text = QString::fromUtf8(m_bytes.left(safe));
        const QString added = text.mid(m_emitted);
        m_emitted = text.size();
        return added;
    }

private:
    QByteArray m_bytes;
    qsizetype m_emitted = 0;
};

} // namespace

Expected<ChatCompletionRequest, QString> parseChatCompletion(const QJsonObject& body)
{
    ChatCompletionRequest r;
    r.model = body.value(QStringLiteral("model")).toString();
    if (r.model.isEmpty())
        return unexpected(QStringLiteral("'model' is required: a model's SHA-256 (see GET /v1/models) or its name"));
    const QJsonValue messages = body.value(QStringLiteral("messages"));
    if (!messages.isArray() || messages.toArray().isEmpty() || messages.toArray().size() > 1024)
        return unexpected(QStringLiteral("'messages' must be a list of 1 to 1024 messages"));
    for (const QJsonValue& v : messages.toArray()) {
        const QJsonObject m = v.toObject();
        const QString role = m.value(QStringLiteral("role")).toString();
        kernels::ChatMessage msg;
        if (role == u"system" || role == u"developer")
            msg.role = kernels::ChatRole::System;
        else if (role == u"user")
            msg.role = kernels::ChatRole::User;
        else if (role == u"assistant")
            msg.role = kernels::ChatRole::Assistant;
        else
            return unexpected(QStringLiteral("message role '%1' is not supported (system, user, assistant)").arg(role));
        const QJsonValue content = m.value(QStringLiteral("content"));
        QString text;
        if (content.isString()) {
            text = content.toString();
        } else if (content.isArray()) { // [{type: "text", text: ...}, ...]
            for (const QJsonValue& part : content.toArray()) {
                if (part.toObject().value(QStringLiteral("type")).toString() != u"text")
                    return unexpected(QStringLiteral("only text content is supported"));
                text += part.toObject().value(QStringLiteral("text")).toString();
            }
        } else if (!content.isNull()) {
            return unexpected(QStringLiteral("a message's 'content' must be text"));
        }
        msg.content = text.toStdString();
        r.messages.push_back(std::move(msg));
    }
    QJsonValue max = body.value(QStringLiteral("max_completion_tokens"));
    if (max.isUndefined() || max.isNull())
        max = body.value(QStringLiteral("max_tokens"));
    if (!max.isUndefined() && !max.isNull()) {
        const double d = max.toDouble(-1);
        if (d < 1 || d > 32768 || d != std::floor(d))
            return unexpected(QStringLiteral("'max_tokens' must be a whole number from 1 to 32768"));
        r.maxTokens = std::uint32_t(d);
    }
    if (const auto t = milli(body.value(QStringLiteral("temperature")), 2.0)) {
        if (*t > 2000)
            return unexpected(QStringLiteral("'temperature' must be from 0 to 2"));
        r.temperatureMilli = *t;
    }
    if (const auto p = milli(body.value(QStringLiteral("top_p")), 1.0)) {
        if (*p > 1000 || *p == 0)
            return unexpected(QStringLiteral("'top_p' must be above 0 and at most 1"));
        r.topPMilli = *p;
    }
    const QJsonValue seed = body.value(QStringLiteral("seed"));
    if (seed.isDouble())
        r.seed = std::uint64_t(std::max<qint64>(0, seed.toInteger()));
    const QJsonValue stop = body.value(QStringLiteral("stop"));
    if (stop.isString())
        r.stop << stop.toString();
    else if (stop.isArray())
        for (const QJsonValue& s : stop.toArray())
            r.stop << s.toString();
    if (r.stop.size() > 4)
        return unexpected(QStringLiteral("'stop' takes at most 4 strings"));
    r.stream = body.value(QStringLiteral("stream")).toBool(false);
    const QJsonValue n = body.value(QStringLiteral("n"));
    if (!n.isUndefined() && !n.isNull() && n.toInt(1) != 1)
        return unexpected(QStringLiteral("'n' other than 1 is not supported"));
    return r;
}

ChatClient::ChatClient(const Clock& clock, ChatSettings settings, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_settings(std::move(settings))
{ }

ChatClient::~ChatClient() = default;

net::OwnerClient* ChatClient::takeClient()
{
    if (!m_idle.empty()) {
        net::OwnerClient* c = m_idle.back();
        m_idle.pop_back();
        return c;
    }
    m_clients.push_back(std::make_unique<net::OwnerClient>(m_clock, m_settings.coordinator, m_settings.pin));
    return m_clients.back().get();
}

void ChatClient::giveBack(net::OwnerClient* client)
{
    client->disconnect(this);
    m_idle.push_back(client);
}

void ChatClient::models(ModelsDone done)
{
    const qint64 now
        = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.monotonic().time_since_epoch()).count();
    if (m_modelsAtMs >= 0 && now - m_modelsAtMs < kModelsCacheMs)
        return done(m_models);
    net::OwnerRequest list;
    list.kernel = QStringLiteral("ai.generate");
    list.minTier = m_settings.minTier;
    list.backend = m_settings.backend;
    list.listLimit = 64;
    list.listModelsOnly = true;
    net::OwnerClient* client = takeClient();
    client->run(list, [this, client, done, now](Expected<net::OwnerOutcome, net::NetError> o) {
        giveBack(client); // its request is over (OwnerClient lets go of a callback before calling it)
        if (!o)
            return done(unexpected(o.error().message));
        m_models = o->models;
        m_modelsAtMs = now;
        done(m_models);
    });
}

void ChatClient::complete(const ChatCompletionRequest& request, Piece piece, Done done)
{
    models([this, request, piece, done](Expected<QList<net::ModelOffer>, QString> found) {
        if (!found)
            return done(unexpected(found.error()));
        const auto model = findModel(*found, request.model);
        if (!model) {
            return done(
                unexpected(QStringLiteral("no node with verified evidence serves the model '%1'").arg(request.model)));
        }
        const auto chat = kernels::encodeChat(request.messages);
        net::OwnerRequest r;
        r.kernel = QStringLiteral("ai.generate");
        r.input = QByteArray(reinterpret_cast<const char*>(chat.data()), qsizetype(chat.size()));
        const std::uint64_t context = std::min<std::uint64_t>(kernels::kMaxContextTokens,
            std::max<std::uint64_t>(
                2048, std::uint64_t(request.maxTokens) + chat.size() + kernels::kChatTemplateTokens));
        QCborArray stop;
        for (const QString& s : request.stop)
            stop.append(s);
        r.params = QCborMap {{"model", QString::fromLatin1(model->sha256.toHex())},
            {"model_bytes", qint64(model->bytes)}, {"input_bytes", qint64(chat.size())}, {"context", qint64(context)},
            {"max_tokens", request.maxTokens}, {"temperature_milli", request.temperatureMilli},
            {"top_p_milli", request.topPMilli}, {"seed", qint64(request.seed & (UINT64_MAX >> 1))}};
        if (!stop.isEmpty())
            r.params.insert(QStringLiteral("stop"), stop);
        if (auto check = jobs::parseParams(r.kernel, r.params); !check)
            return done(unexpected(check.error().message));
        r.minTier = m_settings.minTier;
        r.backend = m_settings.backend;
        net::OwnerClient* client = takeClient();
        auto stream = std::make_shared<Utf8Stream>();
        connect(client, &net::OwnerClient::streamed, this, [stream, piece](const QByteArray& bytes) {
            const QString text = stream->add(bytes);
            if (!text.isEmpty() && piece)
                piece(text);
        });
        client->run(r, [this, client, done](Expected<net::OwnerOutcome, net::NetError> o) {
            giveBack(client);
            if (!o)
                return done(unexpected(o.error().message));
            const auto out = kernels::generateOutput(o->output.span());
            if (!out)
                return done(unexpected(QStringLiteral("the node's result is not a chat completion")));
            ChatAnswer a;
            a.text = QString::fromUtf8(out->text.data(), qsizetype(out->text.size()));
            a.finish = out->finish;
            a.promptTokens = out->promptTokens;
            a.completionTokens = out->completionTokens;
            a.outcome = std::move(*o);
            done(std::move(a));
        });
    });
}

} // namespace cocoonctl
