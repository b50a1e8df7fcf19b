#pragma once
// The demo network's TON chain: tests/ton-emulator/server.mjs (a real TON virtual machine,
// @ton/sandbox, behind toncenter v2 on loopback) as a child process, so the demo coordinator can
// pay test TON and the app can show payouts arriving with nothing on the internet. It needs
// Node.js and the emulator's npm packages (make deps); without them the demo runs unpaid and says
// why.
#include <QNetworkAccessManager>
#include <QObject>
#include <QProcess>

namespace cocoon::node {

class DemoChain : public QObject
{
    Q_OBJECT
public:
    /// Why the chain cannot run from `script` (empty when it can).
    static QString unavailable(const QString& script);

    explicit DemoChain(QString script, QObject* parent = nullptr);
    ~DemoChain() override;
    void start();
    /// The toncenter v2 endpoint (valid after ready()).
    QString endpoint() const;
    /// The emulator's faucet sends `nano` test nanoTON to `address` (raw or friendly).
    void fund(const QString& address, std::int64_t nano);

signals:
    void ready(const QString& endpoint);
    void failed(const QString& why);

private:
    QString m_script;
    QProcess m_process;
    QNetworkAccessManager m_network;
    int m_port = 0;
};

} // namespace cocoon::node
