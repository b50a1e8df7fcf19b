#pragma once
// tests/ton-emulator/server.mjs as a child process: a real TON virtual machine (@ton/sandbox)
// behind toncenter v2 endpoints on loopback, with /control/* calls to move money and to make the
// API misbehave (errors, lost answers, a lagging replica). Used by the wallet and payout tests.
#include "TestSupport.h"
#include "wallet/Address.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>

namespace cocoon::test {

class TonEmulator
{
public:
    /// Why the emulator cannot run here (no Node.js, packages not installed); empty when it can.
    static QString unavailable()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) {
            return QStringLiteral("Node.js is not installed (make deps installs it)");
        }
        if (!QFile::exists(QDir(dir()).filePath(QStringLiteral("node_modules/@ton/sandbox")))) {
            return QStringLiteral("@ton/sandbox is not installed: run 'make deps' (npm ci in tests/ton-emulator)");
        }
        return {};
    }
    static QString dir() { return qEnvironmentVariable("COCOON_TON_EMULATOR_DIR"); }

    /// Starts a fresh chain (on `port`, or any free one).
    bool start(int port = 0, const QStringList& extraArgs = {})
    {
        QByteArray line;
        QString why;
        QStringList args {QDir(dir()).filePath(QStringLiteral("server.mjs"))};
        if (port) {
            args << QStringLiteral("--port") << QString::number(port);
        }
        args << extraArgs;
        m_process = startService(QStandardPaths::findExecutable(QStringLiteral("node")), args, &line, &why);
        if (!m_process) {
            qWarning() << why;
            return false;
        }
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        m_port = o[QStringLiteral("port")].toInt();
        m_coordinator = wallet::Address::parse(o[QStringLiteral("coordinator")].toString())->address;
        return m_port > 0;
    }
    void stop() { m_process.reset(); }
    int port() const { return m_port; }
    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1/api/v2/").arg(m_port); }
    /// The emulator's own paying wallet (what /control/payout sends from).
    wallet::Address coordinator() const { return m_coordinator; }

    std::optional<QJsonObject> control(const QString& call, const QJsonObject& body)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/control/%2").arg(m_port).arg(call)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        req.setTransferTimeout(60000);
        QNetworkReply* reply = m_network.post(req, QJsonDocument(body).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) {
            done.wait(60000);
        }
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            qWarning() << reply->errorString() << reply->readAll();
            return std::nullopt;
        }
        return QJsonDocument::fromJson(reply->readAll()).object();
    }
    /// nanoTON sent from `from` to `to` on this chain (and in how many transfers).
    std::pair<std::int64_t, int> received(const wallet::Address& from, const wallet::Address& to)
    {
        auto r = control(QStringLiteral("received"), {{"from", from.toRaw()}, {"to", to.toRaw()}});
        if (!r) {
            return {-1, -1};
        }
        return {(*r)[QStringLiteral("nano")].toString().toLongLong(), (*r)[QStringLiteral("count")].toInt()};
    }

private:
    QNetworkAccessManager m_network;
    ServiceProcess m_process;
    int m_port = 0;
    wallet::Address m_coordinator;
};

} // namespace cocoon::test
