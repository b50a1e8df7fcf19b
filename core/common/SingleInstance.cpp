#include "common/SingleInstance.h"

#include "common/LocalPeer.h"
#include "common/Logging.h"
#include "common/Paths.h"

#include <QLocalSocket>

namespace cocoon {
namespace {
constexpr QByteArrayView kActivate = "activate\n";
}

SingleInstance::SingleInstance(QString name, QObject* parent)
    : QObject(parent)
    , m_name(std::move(name))
{
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* s = m_server.nextPendingConnection()) {
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QLocalSocket::readyRead, this, [this, s] {
                if (s->canReadLine() && s->readLine() == kActivate.toByteArray())
                    emit activationRequested();
                s->disconnectFromServer();
            });
        }
    });
}

QString SingleInstance::defaultName(const QString& dataDir)
{
    return Paths::localSocketName(QStringLiteral("cocoon-contributor"), dataDir);
}

bool SingleInstance::acquire()
{
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (probe.waitForConnected(500) && localpeer::checkSameUser(probe.socketDescriptor()).isEmpty()) {
        probe.write(kActivate.data(), kActivate.size());
        probe.waitForBytesWritten(500);
        probe.disconnectFromServer();
        return false;
    }
    // Nobody answers: a socket file left by a crashed instance is stale.
    QLocalServer::removeServer(m_name);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(m_name)) {
        // The app still runs; only "a second launch raises this one" is lost.
        log::get("core")->warn(
            "single-instance socket {}: {}", m_name.toStdString(), m_server.errorString().toStdString());
    }
    return true;
}

} // namespace cocoon
