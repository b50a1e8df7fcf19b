#include "wallet/TonCenter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

namespace cocoon::wallet {

namespace {

WalletError badResponse(const QString& what)
{
    return walletError(
        WalletErrc::BadResponse, QStringLiteral("the TON API answered something unexpected: %1").arg(what));
}

/// toncenter sends 64-bit numbers as decimal strings.
std::optional<std::int64_t> number(const QJsonValue& v)
{
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok ? std::optional<std::int64_t>(n) : std::nullopt;
    }
    if (v.isDouble()) {
        return std::int64_t(v.toDouble());
    }
    return std::nullopt;
}

} // namespace

TonCenterClient::TonCenterClient(Options options, QNetworkAccessManager& network, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_network(network)
{
    if (!m_options.endpoint.path().endsWith(u'/')) {
        m_options.endpoint.setPath(m_options.endpoint.path() + u'/');
    }
}

void TonCenterClient::call(
    const QString& method, const QUrlQuery& query, Done<QJsonValue> done, int attempt, const QByteArray& post)
{
    QUrl url = m_options.endpoint.resolved(QUrl(method));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_options.timeout.count()));
    request.setRawHeader("Accept", "application/json");
    if (!m_options.apiKey.isEmpty()) {
        request.setRawHeader("X-API-Key", m_options.apiKey.toUtf8());
    }
    QNetworkReply* reply = nullptr;
    if (post.isEmpty()) {
        reply = m_network.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        reply = m_network.post(request, post);
    }
    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->read(8 * 1024 * 1024);
        const bool transient
            = reply->error() != QNetworkReply::NoError && status == 0 ? true : status == 429 || status >= 500;
        if (transient && attempt < m_options.maxAttempts) {
            // Exponential backoff with up to 25 % jitter, so many rigs do not retry in step.
            const auto base = m_options.firstBackoff.count() << (attempt - 1);
            const auto delay = base + qint64(QRandomGenerator::global()->bounded(double(base) / 4 + 1));
            ++m_retries;
            QTimer::singleShot(
                std::chrono::milliseconds(delay), this, [=, this] { call(method, query, done, attempt + 1, post); });
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        const QJsonObject o = doc.object();
        if (status == 200 && o.value(QStringLiteral("ok")).toBool()) {
            done(o.value(QStringLiteral("result")));
            return;
        }
        QString why;
        if (status == 0) {
            why = QStringLiteral("cannot reach %1 (%2); check the network or the wallet.toncenterUrl setting")
                      .arg(m_options.endpoint.host(), reply->errorString());
        } else if (status == 401 || status == 403) {
            why = QStringLiteral("%1 refused the API key (HTTP %2); check wallet.toncenterApiKey")
                      .arg(m_options.endpoint.host())
                      .arg(status);
        } else if (status == 429) {
            why = QStringLiteral("%1 keeps answering 'too many requests'; set wallet.toncenterApiKey or refresh less "
                                 "often")
                      .arg(m_options.endpoint.host());
        } else {
            why = QStringLiteral("%1 answered HTTP %2: %3")
                      .arg(m_options.endpoint.host())
                      .arg(status)
                      .arg(o.value(QStringLiteral("error")).toString(QStringLiteral("no details")).left(200));
        }
        done(unexpected(walletError(WalletErrc::Network, why)));
    });
}

void TonCenterClient::addressInformation(const Address& address, Done<AccountInfo> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("address"), address.toRaw());
    call(QStringLiteral("getAddressInformation"), q, [done](Expected<QJsonValue, WalletError> r) {
        if (!r) {
            return done(unexpected(r.error()));
        }
        const QJsonObject o = r->toObject();
        const auto balance = number(o.value(QStringLiteral("balance")));
        const QJsonObject last = o.value(QStringLiteral("last_transaction_id")).toObject();
        if (!balance || !o.value(QStringLiteral("state")).isString()) {
            return done(unexpected(badResponse(QStringLiteral("getAddressInformation without balance or state"))));
        }
        AccountInfo a;
        a.balanceNano = *balance;
        a.state = o.value(QStringLiteral("state")).toString();
        a.code = QByteArray::fromBase64(o.value(QStringLiteral("code")).toString().toLatin1());
        a.data = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
        a.lastLt = number(last.value(QStringLiteral("lt"))).value_or(0);
        a.lastHash = last.value(QStringLiteral("hash")).toString();
        done(a);
    });
}

void TonCenterClient::addressBalance(const Address& address, Done<std::int64_t> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("address"), address.toRaw());
    call(QStringLiteral("getAddressBalance"), q, [done](Expected<QJsonValue, WalletError> r) {
        if (!r) {
            return done(unexpected(r.error()));
        }
        const auto balance = number(*r);
        if (!balance) {
            return done(unexpected(badResponse(QStringLiteral("getAddressBalance did not return a number"))));
        }
        done(*balance);
    });
}

void TonCenterClient::walletInformation(const Address& address, Done<WalletInfo> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("address"), address.toRaw());
    call(QStringLiteral("getWalletInformation"), q, [done](Expected<QJsonValue, WalletError> r) {
        if (!r) {
            return done(unexpected(r.error()));
        }
        const QJsonObject o = r->toObject();
        WalletInfo w;
        w.recognised = o.value(QStringLiteral("wallet")).toBool();
        w.walletType = o.value(QStringLiteral("wallet_type")).toString();
        if (const auto s = number(o.value(QStringLiteral("seqno")))) {
            w.seqno = std::uint32_t(*s);
        }
        done(w);
    });
}

void TonCenterClient::transactions(const Address& address, int limit,
    std::optional<std::pair<std::int64_t, QString>> from, Done<std::vector<TonTransaction>> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("address"), address.toRaw());
    q.addQueryItem(QStringLiteral("limit"), QString::number(std::clamp(limit, 1, 100)));
    if (from) {
        q.addQueryItem(QStringLiteral("lt"), QString::number(from->first));
        q.addQueryItem(QStringLiteral("hash"), QString::fromLatin1(QUrl::toPercentEncoding(from->second)));
    }
    q.addQueryItem(QStringLiteral("archival"), QStringLiteral("true"));
    call(QStringLiteral("getTransactions"), q, [done](Expected<QJsonValue, WalletError> r) {
        if (!r) {
            return done(unexpected(r.error()));
        }
        if (!r->isArray()) {
            return done(unexpected(badResponse(QStringLiteral("getTransactions did not return a list"))));
        }
        std::vector<TonTransaction> out;
        for (const QJsonValue& v : r->toArray()) {
            const QJsonObject o = v.toObject();
            const QJsonObject id = o.value(QStringLiteral("transaction_id")).toObject();
            const auto lt = number(id.value(QStringLiteral("lt")));
            if (!lt || !id.value(QStringLiteral("hash")).isString()) {
                return done(unexpected(badResponse(QStringLiteral("a transaction without lt or hash"))));
            }
            TonTransaction t;
            t.lt = *lt;
            t.hash = id.value(QStringLiteral("hash")).toString();
            t.utime = number(o.value(QStringLiteral("utime"))).value_or(0);
            t.feeNano = number(o.value(QStringLiteral("fee"))).value_or(0);
            const QJsonObject in = o.value(QStringLiteral("in_msg")).toObject();
            if (const QString src = in.value(QStringLiteral("source")).toString(); !src.isEmpty()) {
                if (auto a = Address::parse(src)) {
                    t.source = a->address;
                }
            }
            t.valueNano = number(in.value(QStringLiteral("value"))).value_or(0);
            t.comment = in.value(QStringLiteral("message")).toString().left(512);
            t.inBodyHash = in.value(QStringLiteral("body_hash")).toString().left(64);
            for (const QJsonValue& m : o.value(QStringLiteral("out_msgs")).toArray()) {
                const QJsonObject mo = m.toObject();
                const std::int64_t value = number(mo.value(QStringLiteral("value"))).value_or(0);
                ++t.outMessages;
                t.outValueNano += value;
                if (t.outs.size() < 255) {
                    TonMessage msg;
                    if (auto a = Address::parse(mo.value(QStringLiteral("destination")).toString())) {
                        msg.destination = a->address;
                    }
                    msg.valueNano = value;
                    msg.comment = mo.value(QStringLiteral("message")).toString().left(512);
                    t.outs.push_back(std::move(msg));
                }
            }
            out.push_back(std::move(t));
        }
        done(std::move(out));
    });
}

void TonCenterClient::sendBoc(const QByteArray& boc, Done<void> done)
{
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("boc"), QString::fromLatin1(boc.toBase64())}})
                                .toJson(QJsonDocument::Compact);
    call(
        QStringLiteral("sendBoc"), {},
        [done](Expected<QJsonValue, WalletError> r) {
            if (!r) {
                return done(unexpected(r.error()));
            }
            done({});
        },
        1, body);
}

} // namespace cocoon::wallet
