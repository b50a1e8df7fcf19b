#pragma once
// TLS identities for the coordinator, and the key pin nodes and owners check: the hex SHA-256 of
// the certificate's SubjectPublicKeyInfo (like HPKP), so a self-signed coordinator is as safe to
// reach as a CA-signed one, as long as the pin came from a trusted place.
#include "common/Clock.h"
#include "common/Expected.h"

#include <QSslCertificate>
#include <QSslKey>

class QWebSocket;

namespace cocoon::net {

struct TlsIdentity
{
    QSslCertificate certificate;
    QSslKey key;
    QString pin; ///< hex SHA-256 of the SubjectPublicKeyInfo
};

/// The pin of a certificate (empty when it cannot be read).
QString pinOf(const QSslCertificate& certificate);
/// A new P-256 key and a self-signed certificate for localhost and 127.0.0.1, valid 10 years.
Expected<TlsIdentity, QString> makeSelfSigned(const QString& commonName, const Clock& clock);
/// A certificate and key from PEM files.
Expected<TlsIdentity, QString> loadTlsIdentity(const QString& certFile, const QString& keyFile);
/// `dir`/tls-cert.pem and tls-key.pem (0600), created on first use, so the pin survives restarts.
Expected<TlsIdentity, QString> loadOrCreateSelfSigned(const QString& dir, const Clock& clock);
/// Checks a pin's syntax: 64 hex digits.
bool isPin(const QString& text);

/// Client side, before open(): with a pin, the certificate need not chain to a CA (TLS errors are
/// ignored), because pinMismatch() is checked on connect before anything is sent; without a pin
/// the system's CAs decide, plus `extraCas` (a private network's CA; tests).
void acceptPinnedCertificate(QWebSocket& socket, const QString& pin, const QList<QSslCertificate>& extraCas = {});
/// On connect: the raw 32-byte pin of the key the coordinator presented (what hellos sign, so a
/// hello is bound to this coordinator with or without a configured pin).
QByteArray presentedPin(QWebSocket& socket);
/// On connect: why the peer's key does not match `pin` (empty when it does, or when no pin).
QString pinMismatch(QWebSocket& socket, const QString& pin);
/// On connect: sends each frame at once (TCP_NODELAY). The protocol's exchanges are runs of small
/// frames; with Nagle's algorithm and delayed ACKs each run waited ~40 ms for the peer.
void sendWithoutDelay(QWebSocket& socket);

} // namespace cocoon::net
