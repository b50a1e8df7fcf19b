#include "control/Control.h"

#include "common/LocalPeer.h"
#include "common/Logging.h"
#include "common/Paths.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocalSocket>

namespace cocoon::control {
namespace {

ControlError err(ControlErrc code, QString message)
{
    return {code, std::move(message)};
}

} // namespace

QString codeName(ControlErrc code)
{
    static const char* names[] = {
        "not-running", "malformed", "unknown-command", "bad-argument", "unavailable", "timeout", "io", "wrong-owner"};
    return QString::fromLatin1(names[int(code)]);
}

QString socketName(const QString& dataDir)
{
    return Paths::localSocketName(QStringLiteral("cocoon-control"), dataDir);
}

Expected<Request, ControlError> parseRequest(QByteArrayView line)
{
    if (line.size() > kMaxLine)
        return unexpected(err(ControlErrc::Malformed, QStringLiteral("request longer than %1 bytes").arg(kMaxLine)));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return unexpected(err(ControlErrc::Malformed, QStringLiteral("a request is one JSON object per line")));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("v")).toInt(-1) != kVersion)
        return unexpected(err(ControlErrc::Malformed,
            QStringLiteral("control protocol version %1 is not supported (this app speaks %2)")
                .arg(o.value(QStringLiteral("v")).toVariant().toString())
                .arg(kVersion)));
    const QJsonValue cmd = o.value(QStringLiteral("cmd"));
    if (!cmd.isString() || cmd.toString().isEmpty() || cmd.toString().size() > 64)
        return unexpected(err(ControlErrc::Malformed, QStringLiteral("\"cmd\" must be a command name")));
    const QJsonValue args = o.value(QStringLiteral("args"));
    if (!args.isUndefined() && !args.isObject())
        return unexpected(err(ControlErrc::Malformed, QStringLiteral("\"args\" must be an object")));
    return Request {cmd.toString(), args.toObject()};
}

QByteArray encodeRequest(const Request& r)
{
    QJsonObject o {{QStringLiteral("v"), kVersion}, {QStringLiteral("cmd"), r.command}};
    if (!r.args.isEmpty())
        o[QStringLiteral("args")] = r.args;
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray encodeReply(const Expected<QJsonValue, ControlError>& reply)
{
    QJsonObject o;
    if (reply) {
        o = {{QStringLiteral("ok"), true}, {QStringLiteral("result"), *reply}};
    } else {
        o = {{QStringLiteral("ok"), false}, {QStringLiteral("code"), codeName(reply.error().code)},
            {QStringLiteral("error"), reply.error().message}};
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

Expected<QJsonValue, ControlError> parseReply(QByteArrayView line)
{
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray());
    if (!doc.isObject())
        return unexpected(
            err(ControlErrc::Malformed, QStringLiteral("the instance sent something that is not a reply")));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("ok")).toBool())
        return o.value(QStringLiteral("result"));
    const QString code = o.value(QStringLiteral("code")).toString();
    ControlErrc c = ControlErrc::Io;
    for (int i = 0; i <= int(ControlErrc::Io); ++i) {
        if (codeName(ControlErrc(i)) == code)
            c = ControlErrc(i);
    }
    return unexpected(err(c, o.value(QStringLiteral("error")).toString()));
}

Server::Server(QString name, Handler& handler, QObject* parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_handler(handler)
{
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* s = m_server.nextPendingConnection()) {
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QLocalSocket::readyRead, s, [this, s] {
                while (s->canReadLine()) {
                    QByteArray line = s->readLine(kMaxLine + 2);
                    if (line.endsWith('\n'))
                        line.chop(1);
                    auto request = parseRequest(line);
                    if (request) {
                        log::get("core")->debug("control: {}", request->command.toStdString());
                    }
                    s->write(encodeReply(request ? m_handler.handle(*request)
                                                 : Expected<QJsonValue, ControlError>(unexpected(request.error()))));
                }
                if (s->bytesAvailable() > kMaxLine) { // a line that never ends
                    s->write(encodeReply(unexpected(err(ControlErrc::Malformed, QStringLiteral("request too long")))));
                    s->disconnectFromServer();
                }
            });
        }
    });
}

Server::~Server()
{
    m_server.close();
}

Expected<void, ControlError> Server::listen()
{
    // The socket's directory must be this user's alone, or another user could take its place.
    if (const QFileInfo where(m_name); where.isAbsolute()) {
        if (const QString why = localpeer::checkPrivateDir(where.path()); !why.isEmpty())
            return unexpected(err(ControlErrc::WrongOwner, QStringLiteral("cannot open the control socket: ") + why));
    }
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (probe.waitForConnected(200)) {
        probe.disconnectFromServer();
        return unexpected(err(ControlErrc::Io,
            QStringLiteral("another Cocoon Contributor already serves this data directory (%1)").arg(m_name)));
    }
    QLocalServer::removeServer(m_name); // left by a crashed instance
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(m_name))
        return unexpected(err(ControlErrc::Io,
            QStringLiteral("cannot open the control socket %1: %2").arg(m_name, m_server.errorString())));
    return {};
}

Expected<QJsonValue, ControlError> call(const QString& name, const Request& request, std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    QLocalSocket s;
    s.connectToServer(name);
    if (!s.waitForConnected(int(std::max<qint64>(1, deadline.remainingTime()))))
        return unexpected(err(ControlErrc::NotRunning,
            QStringLiteral("Cocoon Contributor is not running for this data directory (start it with "
                           "'cocoon-contributor --headless', or 'systemctl --user start cocoon-contributor')")));
    // Nothing is sent to a socket another user serves (it could be waiting for our commands).
    if (const QString why = localpeer::checkSameUser(s.socketDescriptor()); !why.isEmpty())
        return unexpected(err(ControlErrc::WrongOwner, why));
    s.write(encodeRequest(request));
    while (!s.canReadLine()) {
        if (deadline.hasExpired() || !s.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            return unexpected(err(s.state() == QLocalSocket::ConnectedState ? ControlErrc::Timeout : ControlErrc::Io,
                s.state() == QLocalSocket::ConnectedState
                    ? QStringLiteral("the running instance did not answer within %1 ms").arg(timeout.count())
                    : QStringLiteral("the running instance closed the connection")));
        }
    }
    QByteArray line = s.readLine(kMaxLine * 64);
    line.chop(1);
    return parseReply(line);
}

} // namespace cocoon::control
