#pragma once
// A toncenter HTTP API v2 client (QNetworkAccessManager) for what the app reads from the chain:
// account state and balance, wallet information and transactions with lt/hash paging. Transient
// failures (network errors, timeouts, HTTP 429 and 5xx) are retried with exponential backoff and
// jitter; everything else fails at once with a reason a person can act on.
#include "wallet/Address.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

namespace cocoon::wallet {

struct AccountInfo
{
    std::int64_t balanceNano = 0;
    QString state; ///< "active", "uninitialized", "frozen"
    QByteArray code; ///< BOC, empty unless active
    QByteArray data;
    std::int64_t lastLt = 0;
    QString lastHash;
};

struct WalletInfo
{
    bool recognised = false; ///< toncenter knows the contract (v5r1 often comes back unrecognised)
    QString walletType;
    std::optional<std::uint32_t> seqno;
};

struct TonMessage
{
    std::optional<Address> destination;
    std::int64_t valueNano = 0;
    QString comment;
};

struct TonTransaction
{
    std::int64_t lt = 0;
    QString hash; ///< base64
    std::int64_t utime = 0;
    std::int64_t feeNano = 0;
    std::optional<Address> source; ///< of the incoming internal message
    std::int64_t valueNano = 0; ///< incoming value
    QString comment;
    /// Base64 SHA-256 of the incoming message's body cell (an external request is found by it).
    QString inBodyHash;
    int outMessages = 0;
    std::int64_t outValueNano = 0;
    std::vector<TonMessage> outs; ///< the first 255 outgoing messages
};

class TonCenterClient : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl endpoint {QStringLiteral("https://toncenter.com/api/v2/")};
        QString apiKey;
        int maxAttempts = 4;
        std::chrono::milliseconds firstBackoff {500};
        std::chrono::milliseconds timeout {10000};
    };
    template <typename T>
    using Done = std::function<void(Expected<T, WalletError>)>;

    TonCenterClient(Options options, QNetworkAccessManager& network, QObject* parent = nullptr);

    void addressInformation(const Address& address, Done<AccountInfo> done);
    void walletInformation(const Address& address, Done<WalletInfo> done);
    /// Only the balance in nanoTON (the cheapest call; used to notice that something changed).
    void addressBalance(const Address& address, Done<std::int64_t> done);
    /// Newest first, at most `limit` (toncenter allows 100), starting at `from` (lt, hash) inclusive.
    void transactions(const Address& address, int limit, std::optional<std::pair<std::int64_t, QString>> from,
        Done<std::vector<TonTransaction>> done);
    /// Submits an external message (a bag of cells) to the chain. Success means the API took it,
    /// not that the chain applied it: confirm by the wallet's seqno and its transactions.
    void sendBoc(const QByteArray& boc, Done<void> done);
    /// How many requests were retried (tests, diagnostics).
    int retries() const { return m_retries; }

private:
    /// GET with `query`, or POST `body` (JSON) when it is not empty.
    void call(const QString& method, const QUrlQuery& query, Done<QJsonValue> done, int attempt = 1,
        const QByteArray& body = {});

    Options m_options;
    QNetworkAccessManager& m_network;
    int m_retries = 0;
};

} // namespace cocoon::wallet
