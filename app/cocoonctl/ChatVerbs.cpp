// cocoonctl chat and cocoonctl serve: private AI queries for job owners. chat talks on the
// terminal (streaming); serve offers the OpenAI API (POST /v1/chat/completions with and without
// streaming, GET /v1/models) on a local port so the clients people already use work unchanged.
// Every request verifies a node's evidence, seals the chat to it and checks the receipt covers
// every streamed piece (ChatClient, net::OwnerClient).
#include "ChatClient.h"
#include "QuitOnSignal.h"
#include "VerbSupport.h"
#include "net/Protocol.h"
#include "net/Tls.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTextStream>

#include <cstdio>
#include <iostream>

namespace cocoonctl {

using namespace cocoon;

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 16 * 1024 * 1024;

void addNetworkOptions(QCommandLineParser& p)
{
    p.addOption({QStringLiteral("coordinator"), QStringLiteral("wss://HOST:PORT"), QStringLiteral("url")});
    p.addOption(
        {QStringLiteral("pin"), QStringLiteral("The coordinator's key pin (64 hex digits)."), QStringLiteral("hex")});
    p.addOption({QStringLiteral("min-tier"), QStringLiteral("sealed (default) or confidential."),
        QStringLiteral("tier"), QStringLiteral("sealed")});
    p.addOption({QStringLiteral("backend"), QStringLiteral("cuda, cpu, or any (default)."), QStringLiteral("name"),
        QStringLiteral("any")});
}

/// Parses the arguments (after the verb declared its options) and reads the network options;
/// nullopt with `rc` the exit code when the verb ends here (--help, or a usage error).
std::optional<ChatSettings> startNetworkVerb(VerbRun& run, const QStringList& args, int& rc)
{
    if (auto done = run.start(args)) {
        rc = *done;
        return std::nullopt;
    }
    rc = kUsage;
    const auto url = run.required(QStringLiteral("coordinator"));
    const auto pin = url ? run.required(QStringLiteral("pin")) : std::nullopt;
    if (!pin)
        return std::nullopt;
    ChatSettings s;
    s.coordinator = QUrl(*url);
    s.pin = *pin;
    if (!net::isPin(s.pin)) {
        rc = fail(QStringLiteral("--pin must be 64 hex digits"), kUsage);
        return std::nullopt;
    }
    if (s.coordinator.scheme() != u"wss" || s.coordinator.host().isEmpty()) {
        rc = fail(QStringLiteral("--coordinator must be wss://HOST:PORT"), kUsage);
        return std::nullopt;
    }
    const QString tier = run.parser().value(QStringLiteral("min-tier"));
    if (tier != u"sealed" && tier != u"confidential") {
        rc = fail(QStringLiteral("--min-tier must be sealed or confidential"), kUsage);
        return std::nullopt;
    }
    s.minTier = tier == u"confidential" ? jobs::Tier::Confidential : jobs::Tier::Sealed;
    s.backend = run.parser().value(QStringLiteral("backend"));
    if (!net::isBackendName(s.backend)) {
        rc = fail(QStringLiteral("--backend must be cuda, cpu or any"), kUsage);
        return std::nullopt;
    }
    return s;
}

const char* finishName(kernels::FinishReason f)
{
    return f == kernels::FinishReason::Length ? "length" : "stop";
}

// ---- serve: a small HTTP/1.1 server (one request per connection) --------------------------------
// Qt 6.4 has no HTTP server module in Debian 12; this reads one request (request line, headers,
// Content-Length body, all bounded) and answers with Connection: close.
class OpenAiServer : public QObject
{
public:
    OpenAiServer(ChatClient& chat, QString apiKey)
        : m_chat(chat)
        , m_apiKey(std::move(apiKey))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection())
                accept(s);
        });
    }
    bool listen(const QHostAddress& host, quint16 port) { return m_server.listen(host, port); }
    quint16 port() const { return m_server.serverPort(); }
    QString error() const { return m_server.errorString(); }

private:
    struct Request
    {
        QByteArray method, path;
        QMap<QByteArray, QByteArray> headers; ///< lower-case names
        QByteArray body;
    };

    void accept(QTcpSocket* s)
    {
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(s, &QTcpSocket::readyRead, this, [this, s, buffer] {
            *buffer += s->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0) {
                if (buffer->size() > kMaxHeaderBytes)
                    reply(s, 431, error("the request's headers are too large"));
                return;
            }
            Request r;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            if (first.size() != 3 || !first[2].startsWith("HTTP/1."))
                return reply(s, 400, error("not an HTTP/1.1 request"));
            r.method = first[0];
            r.path = first[1];
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    r.headers[lines[i].left(colon).trimmed().toLower()] = lines[i].mid(colon + 1).trimmed();
            }
            bool ok = true;
            const qsizetype length = r.headers.value("content-length", "0").toLongLong(&ok);
            if (!ok || length < 0 || length > kMaxBodyBytes)
                return reply(s, 413, error("the request body is missing its length or larger than 16 MiB"));
            if (buffer->size() < end + 4 + length)
                return; // more to come
            r.body = buffer->mid(end + 4, length);
            s->disconnect(this); // one request per connection
            handle(s, r);
        });
    }

    static QByteArray error(const QString& message, const char* type = "invalid_request_error")
    {
        return QJsonDocument(
            QJsonObject {{"error",
                QJsonObject {{"message", message}, {"type", QLatin1String(type)}, {"code", QJsonValue::Null}}}})
            .toJson(QJsonDocument::Compact);
    }

    static void reply(QTcpSocket* s, int status, const QByteArray& json)
    {
        static const QMap<int, QByteArray> reasons {{200, "OK"}, {400, "Bad Request"}, {401, "Unauthorized"},
            {404, "Not Found"}, {405, "Method Not Allowed"}, {413, "Payload Too Large"},
            {431, "Request Header Fields Too Large"}, {502, "Bad Gateway"}};
        s->write("HTTP/1.1 " + QByteArray::number(status) + " " + reasons.value(status, "Error")
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size())
            + "\r\nConnection: close\r\n\r\n" + json);
        s->disconnectFromHost();
    }

    void handle(QTcpSocket* s, const Request& r)
    {
        if (!m_apiKey.isEmpty() && r.headers.value("authorization") != "Bearer " + m_apiKey.toUtf8())
            return reply(s, 401, error(QStringLiteral("a valid API key is required (Authorization: Bearer ...)")));
        QByteArray path = r.path;
        if (const qsizetype q = path.indexOf('?'); q >= 0)
            path.truncate(q);
        if (path == "/v1/models") {
            if (r.method != "GET")
                return reply(s, 405, error(QStringLiteral("use GET")));
            QPointer<QTcpSocket> socket(s);
            return m_chat.models([socket](Expected<QList<net::ModelOffer>, QString> models) {
                if (!socket)
                    return;
                if (!models)
                    return reply(socket, 502, error(models.error(), "api_error"));
                QJsonArray data;
                for (const net::ModelOffer& m : *models) {
                    data.append(QJsonObject {{"id", QString::fromLatin1(m.sha256.toHex())}, {"object", "model"},
                        {"created", 0}, {"owned_by", "cocoon"}, {"name", m.name}, {"bytes", qint64(m.bytes)}});
                }
                reply(socket, 200,
                    QJsonDocument(QJsonObject {{"object", "list"}, {"data", data}}).toJson(QJsonDocument::Compact));
            });
        }
        if (path != "/v1/chat/completions")
            return reply(s, 404, error(QStringLiteral("no such endpoint: %1").arg(QString::fromLatin1(path))));
        if (r.method != "POST")
            return reply(s, 405, error(QStringLiteral("use POST")));
        QJsonParseError pe {};
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return reply(s, 400, error(QStringLiteral("the body is not a JSON object")));
        const auto request = parseChatCompletion(doc.object());
        if (!request)
            return reply(s, 400, error(request.error()));
        complete(s, *request);
    }

    void complete(QTcpSocket* s, const ChatCompletionRequest& request)
    {
        QPointer<QTcpSocket> socket(s);
        const QString id = QStringLiteral("chatcmpl-%1").arg(++m_counter);
        const qint64 created = QDateTime::currentSecsSinceEpoch();
        const auto chunk = [=](const QJsonObject& delta, const QJsonValue& finish) {
            return "data: "
                + QJsonDocument(
                    QJsonObject {{"id", id}, {"object", "chat.completion.chunk"}, {"created", created},
                        {"model", request.model},
                        {"choices",
                            QJsonArray {QJsonObject {{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}})
                      .toJson(QJsonDocument::Compact)
                + "\n\n";
        };
        auto started = std::make_shared<bool>(false);
        const auto startStream = [socket, started, chunk] {
            if (*started || !socket)
                return;
            *started = true;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                          "Connection: close\r\n\r\n");
            socket->write(chunk(QJsonObject {{"role", "assistant"}, {"content", ""}}, QJsonValue::Null));
            socket->flush();
        };
        ChatClient::Piece piece;
        if (request.stream) {
            piece = [socket, startStream, chunk](const QString& text) {
                startStream();
                if (socket) {
                    socket->write(chunk(QJsonObject {{"content", text}}, QJsonValue::Null));
                    socket->flush();
                }
            };
        }
        m_chat.complete(request, piece, [=](Expected<ChatAnswer, QString> answer) {
            if (!socket)
                return;
            if (!answer) {
                if (!*started) {
                    const bool unknownModel = answer.error().contains(QStringLiteral("serves the model"));
                    return reply(socket, unknownModel ? 404 : 502, error(answer.error(), "api_error"));
                }
                // Mid-stream: an error event, then the end (the text so far was not confirmed).
                socket->write("data: " + error(answer.error(), "api_error") + "\n\n");
                socket->write("data: [DONE]\n\n");
                return socket->disconnectFromHost();
            }
            const QJsonObject usage {{"prompt_tokens", int(answer->promptTokens)},
                {"completion_tokens", int(answer->completionTokens)},
                {"total_tokens", int(answer->promptTokens + answer->completionTokens)}};
            if (request.stream) {
                startStream();
                QJsonObject last
                    = QJsonDocument::fromJson(chunk({}, QLatin1String(finishName(answer->finish))).mid(6)).object();
                last.insert(QStringLiteral("usage"), usage);
                socket->write("data: " + QJsonDocument(last).toJson(QJsonDocument::Compact) + "\n\n");
                socket->write("data: [DONE]\n\n");
                return socket->disconnectFromHost();
            }
            reply(socket, 200,
                QJsonDocument(QJsonObject {{"id", id}, {"object", "chat.completion"}, {"created", created},
                                  {"model", request.model},
                                  {"choices",
                                      QJsonArray {QJsonObject {{"index", 0},
                                          {"message", QJsonObject {{"role", "assistant"}, {"content", answer->text}}},
                                          {"finish_reason", QLatin1String(finishName(answer->finish))}}}},
                                  {"usage", usage},
                                  {"system_fingerprint",
                                      QStringLiteral("cocoon node %1, %2")
                                          .arg(QString::fromLatin1(answer->outcome.nodeIdentity.toHex().left(16)),
                                              answer->outcome.nodeTier)}})
                    .toJson(QJsonDocument::Compact));
        });
    }

    ChatClient& m_chat;
    QString m_apiKey;
    QTcpServer m_server;
    quint64 m_counter = 0;
};

} // namespace

int chat(const QStringList& args)
{
    VerbRun run(QStringLiteral("Chat with a language model on the network: each turn is sealed to a node whose "
                               "evidence verified, and its answer streams back sealed, checked against the "
                               "node's signed receipt. Reads your messages from the terminal (or --prompt)."));
    QCommandLineParser& p = run.parser();
    addNetworkOptions(p);
    p.addOption({QStringLiteral("model"), QStringLiteral("The model: its SHA-256 (or 8+ hex digits of it) or name."),
        QStringLiteral("model")});
    p.addOption({QStringLiteral("system"), QStringLiteral("A system message."), QStringLiteral("text")});
    p.addOption({QStringLiteral("prompt"), QStringLiteral("Ask this once and exit."), QStringLiteral("text")});
    p.addOption({QStringLiteral("max-tokens"), QStringLiteral("Longest answer (default 256)."), QStringLiteral("n"),
        QStringLiteral("256")});
    p.addOption({QStringLiteral("temperature"), QStringLiteral("0 (always the likeliest token) to 2 (default 0.7)."),
        QStringLiteral("t"), QStringLiteral("0.7")});
    p.addOption({QStringLiteral("seed"), QStringLiteral("Sampling seed."), QStringLiteral("n"), QStringLiteral("0")});
    int rc = kUsage;
    const auto settings = startNetworkVerb(run, args, rc);
    if (!settings)
        return rc;
    const auto model = run.required(QStringLiteral("model"));
    if (!model)
        return kUsage;
    QJsonObject base {{"model", *model}, {"max_tokens", p.value(QStringLiteral("max-tokens")).toInt()},
        {"temperature", p.value(QStringLiteral("temperature")).toDouble()},
        {"seed", p.value(QStringLiteral("seed")).toLongLong()}};
    QJsonArray history;
    if (p.isSet(QStringLiteral("system")))
        history.append(QJsonObject {{"role", "system"}, {"content", p.value(QStringLiteral("system"))}});

    SystemClock clock;
    ChatClient client(clock, *settings);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const bool once = p.isSet(QStringLiteral("prompt"));
    const bool interactive = !once && isatty(fileno(stdin));
    for (;;) {
        QString line;
        if (once) {
            line = p.value(QStringLiteral("prompt"));
        } else {
            if (interactive)
                err << "> " << Qt::flush;
            std::string in;
            if (!std::getline(std::cin, in))
                return kOk;
            line = QString::fromStdString(in);
            if (line.trimmed().isEmpty())
                continue;
        }
        history.append(QJsonObject {{"role", "user"}, {"content", line}});
        QJsonObject body = base;
        body.insert(QStringLiteral("messages"), history);
        const auto request = parseChatCompletion(body);
        if (!request)
            return fail(request.error(), kUsage);
        std::optional<Expected<ChatAnswer, QString>> answer;
        QEventLoop loop;
        client.complete(
            *request, [&](const QString& text) { out << text << Qt::flush; },
            [&](Expected<ChatAnswer, QString> a) {
                answer.emplace(std::move(a));
                loop.quit();
            });
        loop.exec();
        out << "\n" << Qt::flush;
        if (!answer || !*answer)
            return fail(answer ? answer->error() : QStringLiteral("interrupted"));
        const ChatAnswer& a = **answer;
        err << "[node " << a.outcome.nodeIdentity.toHex().left(16) << " (" << a.outcome.nodeTier << ", "
            << a.outcome.receipt.device << "): " << a.promptTokens << " prompt + " << a.completionTokens
            << " completion tokens, " << finishName(a.finish) << "; receipt verified, covering " << a.outcome.chunks
            << " streamed chunks]\n"
            << Qt::flush;
        history.append(QJsonObject {{"role", "assistant"}, {"content", a.text}});
        if (once)
            return kOk;
    }
}

int serve(const QStringList& args)
{
    VerbRun run(QStringLiteral("Offer the OpenAI chat API on a local port for the network's language models: "
                               "POST /v1/chat/completions (streaming or not) and GET /v1/models. Each request "
                               "verifies a node's evidence, seals to it and checks its receipt."));
    QCommandLineParser& p = run.parser();
    addNetworkOptions(p);
    p.addOption({QStringLiteral("listen"), QStringLiteral("Address and port (default 127.0.0.1:8080; port 0: any)."),
        QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8080")});
    p.addOption({QStringLiteral("api-key"),
        QStringLiteral("Require 'Authorization: Bearer KEY' (needed to listen beyond this computer)."),
        QStringLiteral("key")});
    int rc = kUsage;
    const auto settings = startNetworkVerb(run, args, rc);
    if (!settings)
        return rc;
    const QString listen = p.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    const QHostAddress host(listen.left(colon));
    if (colon <= 0 || !portOk || port < 0 || port > 65535 || host.isNull())
        return fail(QStringLiteral("--listen must be HOST:PORT, e.g. 127.0.0.1:8080"), kUsage);
    const QString apiKey = p.value(QStringLiteral("api-key"));
    if (!host.isLoopback() && apiKey.isEmpty())
        return fail(QStringLiteral("listening beyond this computer needs --api-key"), kUsage);
    SystemClock clock;
    ChatClient client(clock, *settings);
    OpenAiServer server(client, apiKey);
    if (!server.listen(host, quint16(port)))
        return fail(QStringLiteral("cannot listen on %1: %2").arg(listen, server.error()));
    QTextStream(stdout) << "serving the OpenAI API on http://" << host.toString() << ":" << server.port() << "/v1\n"
                        << Qt::flush;
    quitOnTerminationSignals(*QCoreApplication::instance(), [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    return kOk;
}

} // namespace cocoonctl
