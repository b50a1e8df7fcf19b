#include "node/DemoChain.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QStandardPaths>

namespace cocoon::node {

QString DemoChain::unavailable(const QString& script)
{
    if (script.isEmpty() || !QFileInfo::exists(script)) {
        return QCoreApplication::translate(
            "Contributor", "the emulated TON chain is not part of this installation (it comes with the source tree)");
    }
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) {
        return QCoreApplication::translate("Contributor", "Node.js is not installed (make deps installs it)");
    }
    if (!QFileInfo::exists(QFileInfo(script).dir().filePath(QStringLiteral("node_modules/@ton/sandbox")))) {
        return QCoreApplication::translate(
            "Contributor", "the emulated TON chain's packages are not installed (make deps installs them)");
    }
    return {};
}

DemoChain::DemoChain(QString script, QObject* parent)
    : QObject(parent)
    , m_script(std::move(script))
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        if (m_port != 0 || !m_process.canReadLine()) {
            return;
        }
        m_port = QJsonDocument::fromJson(m_process.readLine()).object().value(QStringLiteral("port")).toInt();
        if (m_port <= 0) {
            emit failed(QCoreApplication::translate("Contributor", "the emulated TON chain did not start"));
            return;
        }
        emit ready(endpoint());
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        if (m_port == 0) {
            emit failed(QCoreApplication::translate("Contributor", "the emulated TON chain did not start: %1")
                            .arg(m_process.errorString()));
        }
    });
}

DemoChain::~DemoChain()
{
    // Nothing is reported while going away: killing the child would otherwise emit failed() into an
    // owner that is being destroyed.
    m_process.disconnect(this);
    m_process.kill();
    m_process.waitForFinished(5000);
}

void DemoChain::start()
{
    m_process.start(QStandardPaths::findExecutable(QStringLiteral("node")),
        {m_script, QStringLiteral("--port"), QStringLiteral("0")});
}

QString DemoChain::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1/api/v2/").arg(m_port);
}

void DemoChain::fund(const QString& address, std::int64_t nano)
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/control/fund").arg(m_port)));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = m_network.post(req,
        QJsonDocument(
            QJsonObject {{QStringLiteral("to"), address}, {QStringLiteral("amountNano"), QString::number(nano)}})
            .toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

} // namespace cocoon::node
