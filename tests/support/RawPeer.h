#pragma once
// A worker-protocol peer played by hand over a real WebSocket, for tests that must send what the
// real clients never would (forged results, spoofed progress, someone else's job ids) or read what
// the coordinator sends word for word. It answers the coordinator's challenge like the real
// clients: an owner's hello signed by its key, a node's hello signed by its identity.
#include "NetworkHarness.h"
#include "common/Bytes.h"
#include "jobs/Catalogue.h"
#include "net/Handshake.h"
#include "net/OwnerClient.h"
#include "net/Protocol.h"
#include "net/Tls.h"

#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

namespace cocoon::test {

struct RawPeer
{
    QWebSocket ws;
    QByteArray nonce;
    QList<net::Message> received; ///< every frame since opening, decoded
    bool closed = false;

    /// Connects and waits for the challenge.
    bool connectTo(const QUrl& url, const QString& pin)
    {
        net::acceptPinnedCertificate(ws, pin);
        QObject::connect(&ws, &QWebSocket::binaryMessageReceived, &ws, [this](const QByteArray& f) {
            if (auto m = net::decodeMessage(f)) {
                received.append(*m);
            }
        });
        QObject::connect(&ws, &QWebSocket::disconnected, &ws, [this] { closed = true; });
        ws.open(QNetworkRequest(url));
        if (!QTest::qWaitFor([&] { return !received.isEmpty() || closed; }, 10000) || received.isEmpty()
            || received.first().type != u"challenge") {
            return false;
        }
        nonce = received.first().bytes("nonce");
        return true;
    }
    QByteArray pin() { return net::presentedPin(ws); }

    /// The first frame of `type` received after `from` (waits up to 10 s).
    std::optional<net::Message> waitFor(const QString& type, qsizetype from = 0)
    {
        std::optional<net::Message> found;
        (void)QTest::qWaitFor(
            [&] {
                for (qsizetype i = from; i < received.size(); ++i) {
                    if (received[i].type == type) {
                        found = received[i];
                        return true;
                    }
                }
                return closed;
            },
            10000);
        return found;
    }
    void send(const QString& type, const QCborMap& fields) { ws.sendBinaryMessage(net::encodeMessage(type, fields)); }

    /// Connects as the owner holding `key`; true once welcomed.
    bool openOwner(const QUrl& url, const QString& pinHex, const Ed25519PrivateKey& key)
    {
        if (!connectTo(url, pinHex)) {
            return false;
        }
        net::OwnerHello hello;
        hello.sign(key, pin(), nonce);
        send(QStringLiteral("hello"),
            QCborMap {{QStringLiteral("min"), net::kProtocolMin}, {QStringLiteral("max"), net::kProtocolMax},
                {QStringLiteral("role"), QStringLiteral("owner")}, {QStringLiteral("owner"), hello.toCbor()}});
        return waitFor(QStringLiteral("welcome")).has_value();
    }

    /// Connects as a node with these keys (an honest sealed-tier bundle); true once welcomed.
    bool openNode(const QUrl& url, const QString& pinHex, const Clock& clock, const Ed25519PrivateKey& identity,
        const X25519PrivateKey& session, int slotCount = 1)
    {
        if (!connectTo(url, pinHex)) {
            return false;
        }
        net::NodeHello hello;
        hello.session = session.publicKey();
        hello.evidence = sealedTierEvidence(clock, identity.publicKey(), session.publicKey());
        hello.devices = {net::NodeDevice::cpu(jobs::catalogueKernels(), slotCount)};
        hello.sign(identity, pin(), nonce);
        send(QStringLiteral("hello"),
            QCborMap {{QStringLiteral("min"), net::kProtocolMin}, {QStringLiteral("max"), net::kProtocolMax},
                {QStringLiteral("role"), QStringLiteral("node")}, {QStringLiteral("node"), hello.toCbor()}});
        return waitFor(QStringLiteral("welcome")).has_value();
    }
};

/// True once `n` is connected to its coordinator (at most 15 s).
inline bool waitConnected(SimNode& n)
{
    if (n.client->isConnected()) {
        return true;
    }
    QSignalSpy spy(n.client.get(), &net::NodeClient::connected);
    return spy.wait(15000);
}

/// A small job every node runs: bench.probe, 256 lanes × 4 rounds = 1024 units.
inline net::OwnerRequest probeRequest()
{
    net::OwnerRequest r;
    r.kernel = QStringLiteral("bench.probe");
    r.params = QCborMap {{QStringLiteral("lanes"), 256}, {QStringLiteral("rounds"), 4}};
    return r;
}

/// Runs `r` on `owner` and waits (at most 30 s) for its outcome.
inline Expected<net::OwnerOutcome, net::NetError> runOwner(net::OwnerClient& owner, const net::OwnerRequest& r)
{
    std::optional<Expected<net::OwnerOutcome, net::NetError>> outcome;
    owner.run(r, [&](Expected<net::OwnerOutcome, net::NetError> o) { outcome.emplace(std::move(o)); });
    (void)QTest::qWaitFor([&] { return outcome.has_value(); }, 30000);
    if (!outcome) {
        return unexpected(net::netError(net::NetErrc::Timeout, QStringLiteral("the owner got no answer in 30 s")));
    }
    return std::move(*outcome);
}

} // namespace cocoon::test
