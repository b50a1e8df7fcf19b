#pragma once
// One desktop app per user: the first instance listens on a local socket (QLocalServer, a Unix
// domain socket or named pipe readable only by this user; no network port); a later launch finds it,
// asks it to show its window, and exits.
#include <QLocalServer>
#include <QObject>

namespace cocoon {

class SingleInstance : public QObject
{
    Q_OBJECT
public:
    /// `name`: the socket's name; defaultName() for the app, a private one for tests.
    explicit SingleInstance(QString name, QObject* parent = nullptr);

    /// "cocoon-contributor-<user>-<hash of dataDir>": one instance per user and data directory
    /// (a second data directory, as tests and multi-rig users have, is a separate instance).
    static QString defaultName(const QString& dataDir);

    /// True when this is the first instance (it now listens). False when another one answered and
    /// was asked to show itself. A socket left by a crashed instance is removed and taken over.
    bool acquire();

signals:
    /// A later launch asked this instance to show its window.
    void activationRequested();

private:
    QString m_name;
    QLocalServer m_server;
};

} // namespace cocoon
