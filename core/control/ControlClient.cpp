#include "control/ControlClient.h"

#include "common/LocalPeer.h"

#include <QEventLoop>

namespace cocoon::control {

Client::Client(QString name, QObject* parent)
    : QObject(parent)
    , m_name(std::move(name))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        // Later replies could no longer be matched to their requests: start a new connection.
        std::deque<Pending> waiting;
        waiting.swap(m_pending);
        m_socket.abort();
        const QString why = QStringLiteral("the running instance did not answer within %1 ms")
                                .arg(waiting.empty() ? 0 : waiting.front().timeout.count());
        for (Pending& p : waiting)
            p.done(unexpected(ControlError {ControlErrc::Timeout, why}));
    });
    connect(&m_socket, &QLocalSocket::connected, this, [this] {
        // A window never attaches to a socket another user serves.
        if (const QString why = localpeer::checkSameUser(m_socket.socketDescriptor()); !why.isEmpty()) {
            failAll(ControlErrc::WrongOwner, why); // before the abort, which reports a plain close
            m_socket.abort();
            return;
        }
        m_connected = true;
        emit connectedChanged(true);
        writePending();
    });
    connect(&m_socket, &QLocalSocket::readyRead, this, &Client::readReplies);
    connect(&m_socket, &QLocalSocket::disconnected, this, [this] {
        failAll(ControlErrc::Io, QStringLiteral("the running instance closed the connection"));
        if (m_connected) {
            m_connected = false;
            emit connectedChanged(false);
        }
    });
    connect(&m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError e) {
        if (m_socket.state() == QLocalSocket::ConnectedState)
            return; // a broken connection also disconnects; handled there
        const bool absent = e == QLocalSocket::ServerNotFoundError || e == QLocalSocket::ConnectionRefusedError;
        failAll(absent ? ControlErrc::NotRunning : ControlErrc::Io,
            absent ? QStringLiteral("no Cocoon Contributor is running for this data directory")
                   : QStringLiteral("the control channel failed: %1").arg(m_socket.errorString()));
        if (m_connected) {
            m_connected = false;
            emit connectedChanged(false);
        }
    });
}

Client::~Client()
{
    m_timer.stop();
    m_pending.clear(); // nobody is left to tell
    m_socket.abort();
}

void Client::send(const Request& request, Done done, std::chrono::milliseconds timeout)
{
    m_pending.push_back({encodeRequest(request), std::move(done), timeout});
    if (m_pending.size() == 1)
        armTimer();
    connectIfNeeded();
    writePending();
}

Client::Reply Client::sendAndWait(const Request& request, std::chrono::milliseconds timeout)
{
    std::optional<Reply> reply;
    QEventLoop loop;
    send(
        request,
        [&](const Reply& r) {
            reply = r;
            loop.quit();
        },
        timeout);
    if (!reply)
        loop.exec();
    return *reply;
}

void Client::connectIfNeeded()
{
    if (m_socket.state() == QLocalSocket::UnconnectedState)
        m_socket.connectToServer(m_name);
}

void Client::writePending()
{
    if (m_socket.state() != QLocalSocket::ConnectedState)
        return;
    for (Pending& p : m_pending) {
        if (!p.written) {
            m_socket.write(p.line);
            p.written = true;
        }
    }
}

void Client::readReplies()
{
    while (m_socket.canReadLine()) {
        QByteArray line = m_socket.readLine();
        line.chop(1);
        if (m_pending.empty())
            continue; // an answer nobody asked for: ignored
        Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        armTimer();
        p.done(parseReply(line));
    }
    if (m_socket.bytesAvailable() > kMaxLine * 64) { // a reply that never ends
        failAll(ControlErrc::Malformed, QStringLiteral("the running instance sent a reply that is too long"));
        m_socket.abort();
    }
}

void Client::failAll(ControlErrc code, const QString& message)
{
    m_timer.stop();
    std::deque<Pending> failed;
    failed.swap(m_pending);
    for (Pending& p : failed)
        p.done(unexpected(ControlError {code, message}));
}

void Client::armTimer()
{
    if (m_pending.empty())
        m_timer.stop();
    else
        m_timer.start(m_pending.front().timeout);
}

} // namespace cocoon::control
