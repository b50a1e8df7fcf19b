#pragma once
// The asking side of the control channel (control/Control.h) for a program with an event loop: a
// window attached to a headless instance. One connection, kept open and re-opened on the next
// request after the instance went away; requests are answered in the order they were sent.
#include "control/Control.h"

#include <QLocalSocket>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>

namespace cocoon::control {

class Client : public QObject
{
    Q_OBJECT
public:
    using Reply = Expected<QJsonValue, ControlError>;
    using Done = std::function<void(const Reply&)>;

    explicit Client(QString name, QObject* parent = nullptr);
    ~Client() override;

    /// Sends `request`; `done` runs exactly once, with the reply or with why there is none
    /// (NotRunning, Io when the connection broke, Timeout after `timeout`). A timeout closes the
    /// connection (later replies could no longer be matched) and fails what was waiting behind it.
    void send(const Request& request, Done done, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// send() and wait for the reply in a local event loop (a settings change the caller must
    /// know the outcome of). Events, the instance's replies included, keep being delivered.
    Reply sendAndWait(const Request& request, std::chrono::milliseconds timeout = std::chrono::seconds(5));

    bool isConnected() const { return m_socket.state() == QLocalSocket::ConnectedState; }
    QString name() const { return m_name; }

signals:
    void connectedChanged(bool connected);

private:
    struct Pending
    {
        QByteArray line;
        Done done;
        std::chrono::milliseconds timeout;
        bool written = false;
    };
    void connectIfNeeded();
    void writePending();
    void readReplies();
    void failAll(ControlErrc code, const QString& message);
    void armTimer();

    QString m_name;
    QLocalSocket m_socket;
    std::deque<Pending> m_pending;
    QTimer m_timer; ///< the oldest request's deadline
    bool m_connected = false;
};

} // namespace cocoon::control
