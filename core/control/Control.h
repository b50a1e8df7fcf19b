#pragma once
// The local control channel of a running cocoon-contributor (desktop or --headless): cocoonctl's
// status, pause, resume, snooze, limits, jobs and earnings talk to it. A QLocalServer — a Unix
// domain socket (or named pipe) that only this user may open, never a network port — named after
// the user and the data directory, so each instance has its own.
//
// Wire format (docs/protocol.md#control-channel): one JSON object per line each way.
//   request:  {"v": 1, "cmd": "snooze", "args": {"minutes": 15}}
//   reply:    {"ok": true, "result": ...}  or  {"ok": false, "code": "bad-argument", "error": "..."}
// A request line is at most 64 KiB; a connection may send several requests in turn.
#include "common/Expected.h"

#include <QJsonObject>
#include <QLocalServer>
#include <QObject>

#include <chrono>

namespace cocoon::control {

inline constexpr int kVersion = 1;
inline constexpr qsizetype kMaxLine = 64 * 1024;

enum class ControlErrc {
    NotRunning, ///< no instance answers on this data directory's socket
    Malformed, ///< not a JSON object line, wrong version, wrong field types, too long
    UnknownCommand,
    BadArgument, ///< a missing or invalid argument (the message says which and why)
    Unavailable, ///< the instance cannot do it now (e.g. its ledger could not be opened)
    Timeout,
    Io,
    WrongOwner, ///< the socket or its directory belongs to another user: nothing is sent or served
};
using ControlError = Error<ControlErrc>;
QString codeName(ControlErrc code);

struct Request
{
    QString command;
    QJsonObject args;
};

/// "cocoon-control-<user>-<first 12 hex of SHA-256(data dir)>".
QString socketName(const QString& dataDir);

/// Checks one request line (without its newline).
Expected<Request, ControlError> parseRequest(QByteArrayView line);
QByteArray encodeRequest(const Request& request);
QByteArray encodeReply(const Expected<QJsonValue, ControlError>& reply);
/// Reads a reply line back into the result or the error it carries.
Expected<QJsonValue, ControlError> parseReply(QByteArrayView line);

/// What the socket serves; the app implements it over its governor, settings and ledger.
class Handler
{
public:
    virtual ~Handler() = default;
    virtual Expected<QJsonValue, ControlError> handle(const Request& request) = 0;
};

class Server : public QObject
{
    Q_OBJECT
public:
    Server(QString name, Handler& handler, QObject* parent = nullptr);
    ~Server() override;
    /// Starts listening (user-only). A socket left by a crashed instance is replaced; one that
    /// answers belongs to a running instance and is an error.
    Expected<void, ControlError> listen();
    QString fullServerName() const { return m_server.fullServerName(); }

private:
    QString m_name;
    Handler& m_handler;
    QLocalServer m_server;
};

/// One request to the instance serving `name`, waiting at most `timeout` (cocoonctl, the GUI).
Expected<QJsonValue, ControlError> call(
    const QString& name, const Request& request, std::chrono::milliseconds timeout = std::chrono::seconds(5));

} // namespace cocoon::control
