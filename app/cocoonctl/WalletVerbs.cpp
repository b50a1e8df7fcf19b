// cocoonctl wallet new | from-mnemonic | address | check | status
#include "VerbSupport.h"
#include "config/SettingsTable.h"
#include "ledger/Ledger.h"
#include "wallet/Mnemonic.h"
#include "wallet/WalletContract.h"
#include "wallet/WalletMonitor.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon::wallet;

namespace {

QJsonObject forms(const Address& a, bool testnet)
{
    return QJsonObject {{"raw", a.toRaw()}, {"bounceable", a.toFriendly({true, testnet, true})},
        {"nonBounceable", a.toFriendly({false, testnet, true})}};
}

/// Both wallet versions' addresses for a key, as JSON.
QJsonObject walletsFor(const cocoon::Ed25519PublicKey& key, bool testnet)
{
    QJsonObject o;
    for (WalletVersion v : {WalletVersion::V4R2, WalletVersion::V5R1}) {
        o.insert(walletVersionName(v), forms(walletAddress({v, 0, testnet}, key), testnet));
    }
    return o;
}

void printForms(QTextStream& out, const QString& title, const QJsonObject& f)
{
    out << title << "\n  raw:            " << f["raw"].toString()
        << "\n  bounceable:     " << f["bounceable"].toString()
        << "\n  non-bounceable: " << f["nonBounceable"].toString() << "  (use this one to receive payouts)\n";
}

QString keyHex(const cocoon::Ed25519PublicKey& k)
{
    return QString::fromLatin1(cocoon::toByteArray(k).toHex());
}

int printKeyAndWallets(const cocoon::Ed25519PublicKey& key, bool testnet, bool json, const QJsonObject& extra = {})
{
    QTextStream out(stdout);
    const QJsonObject wallets = walletsFor(key, testnet);
    if (json) {
        QJsonObject o = extra;
        o.insert("publicKey", keyHex(key));
        o.insert("testnet", testnet);
        for (auto it = wallets.begin(); it != wallets.end(); ++it) {
            o.insert(it.key(), it.value());
        }
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return kOk;
    }
    out << "public key: " << keyHex(key) << "\n";
    printForms(out, QStringLiteral("wallet v4r2%1:").arg(testnet ? " (testnet)" : ""), wallets["v4r2"].toObject());
    printForms(out, QStringLiteral("wallet v5r1%1:").arg(testnet ? " (testnet)" : ""), wallets["v5r1"].toObject());
    return kOk;
}

int walletNew(VerbRun& run)
{
    const bool json = run.parser().isSet(QStringLiteral("json"));
    const bool testnet = run.parser().isSet(QStringLiteral("testnet"));
    auto phrase = Mnemonic::generate();
    if (!phrase)
        return fail(phrase.error().message);
    auto keys = Mnemonic::toKeys(*phrase);
    if (!keys)
        return fail(keys.error().message);
    QTextStream(stderr) << "Write these 24 words down, in order, and keep them offline. They are the only way to "
                           "spend what this wallet receives; Cocoon does not store them and cannot recover them.\n";
    QTextStream out(stdout);
    if (json) {
        return printKeyAndWallets(
            keys->publicKey, testnet, true, QJsonObject {{"mnemonic", QString::fromLatin1(phrase->toByteArray())}});
    }
    out << "recovery phrase:\n";
    for (int i = 0; i < Mnemonic::kWords; ++i) {
        out << QStringLiteral("%1. %2").arg(i + 1, 2).arg(Mnemonic::word(*phrase, i), -10)
            << ((i % 6 == 5) ? "\n" : "  ");
    }
    return printKeyAndWallets(keys->publicKey, testnet, false);
}

int walletFromMnemonic(VerbRun& run)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read standard input"));
    QByteArray text = in.read(16 * 1024);
    auto phrase = Mnemonic::normalize(QString::fromUtf8(text));
    text.fill('\0');
    if (!phrase)
        return fail(phrase.error().message);
    auto keys = Mnemonic::toKeys(*phrase);
    if (!keys)
        return fail(keys.error().message);
    return printKeyAndWallets(
        keys->publicKey, run.parser().isSet(QStringLiteral("testnet")), run.parser().isSet(QStringLiteral("json")));
}

int walletAddressOf(VerbRun& run)
{
    auto hex = run.required(QStringLiteral("pubkey"));
    if (!hex)
        return kUsage;
    const QByteArray bytes = QByteArray::fromHex(hex->toLatin1());
    if (hex->size() != 64 || bytes.size() != 32 || bytes.toHex() != hex->toLower().toLatin1())
        return fail(QStringLiteral("--pubkey must be an Ed25519 public key in 64 hex characters"), kUsage);
    cocoon::Ed25519PublicKey key {};
    std::copy(bytes.begin(), bytes.end(), key.begin());
    const bool testnet = run.parser().isSet(QStringLiteral("testnet"));
    const bool json = run.parser().isSet(QStringLiteral("json"));
    if (!run.parser().isSet(QStringLiteral("version")))
        return printKeyAndWallets(key, testnet, json);
    const auto version = walletVersionFromName(run.parser().value(QStringLiteral("version")));
    if (!version)
        return fail(QStringLiteral("--version must be v4r2 or v5r1"), kUsage);
    const QJsonObject f = forms(walletAddress({*version, 0, testnet}, key), testnet);
    QTextStream out(stdout);
    if (json)
        out << QJsonDocument(f).toJson(QJsonDocument::Indented);
    else
        printForms(
            out, QStringLiteral("wallet %1%2:").arg(walletVersionName(*version), testnet ? " (testnet)" : ""), f);
    return kOk;
}

int walletCheck(const QString& text)
{
    QTextStream out(stdout);
    auto p = Address::parse(text);
    if (!p) {
        out << QJsonDocument(QJsonObject {{"valid", false}, {"input", text}, {"reason", p.error().message}})
                   .toJson(QJsonDocument::Indented);
        return kFailed;
    }
    QJsonObject o {{"valid", true}, {"raw", p->address.toRaw()},
        {"bounceable", p->address.toFriendly({true, p->testnet, true})},
        {"nonBounceable", p->address.toFriendly({false, p->testnet, true})}, {"testnet", p->testnet},
        {"workchain", int(p->address.workchain)}, {"form", p->friendly ? "user-friendly" : "raw"}};
    if (p->friendly)
        o.insert("givenBounceable", p->bounceable);
    out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    return kOk;
}

} // namespace

int walletStatus(VerbRun& run, const QString& address);

int wallet(const QStringList& args)
{
    VerbRun run(QStringLiteral("TON wallets: create one, derive addresses, check an address, show a wallet's "
                               "balance and payouts."),
        QStringLiteral("new | from-mnemonic | address --pubkey HEX | check ADDRESS | status ADDRESS"),
        /*versionOption=*/false);
    QCommandLineParser& p = run.parser();
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    p.addOption({QStringLiteral("testnet"), QStringLiteral("Addresses for the TON testnet.")});
    p.addOption(
        {QStringLiteral("pubkey"), QStringLiteral("Ed25519 public key (64 hex characters)."), QStringLiteral("HEX")});
    p.addOption({QStringLiteral("version"), QStringLiteral("Wallet contract: v4r2 or v5r1 (default: both)."),
        QStringLiteral("VERSION")});
    p.addOption({QStringLiteral("endpoint"),
        QStringLiteral("toncenter API v2 base URL (default: the wallet.toncenterUrl setting)."),
        QStringLiteral("URL")});
    p.addOption(
        {QStringLiteral("refresh"), QStringLiteral("status: read the chain again even if the cache is fresh.")});
    if (auto rc = run.start(args))
        return *rc;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    if (action == u"new" && pos.size() == 1)
        return walletNew(run);
    if (action == u"from-mnemonic" && pos.size() == 1)
        return walletFromMnemonic(run);
    if (action == u"address" && pos.size() == 1)
        return walletAddressOf(run);
    if (action == u"check" && pos.size() == 2)
        return walletCheck(pos[1]);
    if (action == u"status" && pos.size() == 2)
        return walletStatus(run, pos[1]);
    return fail(QStringLiteral("usage: cocoonctl wallet new | from-mnemonic | address --pubkey HEX | check ADDRESS | "
                               "status ADDRESS"),
        kUsage);
}

} // namespace cocoonctl
namespace cocoonctl {

int walletStatus(VerbRun& run, const QString& text)
{
    auto parsed = Address::parse(text);
    if (!parsed)
        return fail(parsed.error().message, kUsage);
    cocoon::Settings& settings = *run.runtime().settings;
    TonCenterClient::Options options;
    options.endpoint = QUrl(run.parser().isSet(QStringLiteral("endpoint"))
            ? run.parser().value(QStringLiteral("endpoint"))
            : settings.value(QString::fromLatin1(cocoon::keys::walletToncenterUrl)).toString());
    options.apiKey = settings.value(QString::fromLatin1(cocoon::keys::walletToncenterApiKey)).toString();
    if (!options.endpoint.isValid() || options.endpoint.host().isEmpty())
        return fail(QStringLiteral("--endpoint must be a URL such as https://toncenter.com/api/v2/"), kUsage);
    std::optional<Address> source;
    if (auto s = Address::parse(settings.value(QString::fromLatin1(cocoon::keys::walletPayoutSource)).toString()))
        source = s->address;
    cocoon::SystemClock clock;
    auto ledger = cocoon::ledger::Ledger::open(run.runtime().paths.ledgerFile(), clock);
    if (!ledger)
        QTextStream(stderr) << "cocoonctl: no cache: " << ledger.error().message << "\n";
    QNetworkAccessManager network;
    TonCenterClient client(options, network);
    WalletMonitor monitor(clock, client, ledger ? &*ledger : nullptr, parsed->address, source);
    WalletStatus status;
    QEventLoop loop;
    QObject::connect(&monitor, &WalletMonitor::updated, &loop, [&](const WalletStatus& s) {
        status = s;
        loop.quit();
    });
    monitor.refresh();
    loop.exec();

    QTextStream out(stdout);
    if (run.parser().isSet(QStringLiteral("json"))) {
        QJsonObject o = status.toJson();
        o.insert("bounceable", parsed->address.toFriendly({true, parsed->testnet, true}));
        o.insert("nonBounceable", parsed->address.toFriendly({false, parsed->testnet, true}));
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return status.cached || !status.known ? kFailed : kOk;
    }
    out << "address:  " << parsed->address.toFriendly({false, parsed->testnet, true}) << "\n";
    if (!status.known) {
        out << "status:   unknown: " << status.error << "\n";
        return kFailed;
    }
    if (status.cached) {
        out << "OFFLINE:  showing what was read " << (status.ageMs / 60000) << " min ago (" << status.error << ")\n";
    }
    out << "state:    " << status.state
        << (status.version.isEmpty() ? QString() : QStringLiteral(" (wallet %1)").arg(status.version))
        << (status.seqno ? QStringLiteral(", seqno %1").arg(*status.seqno) : QString()) << "\n";
    out << "balance:  " << cocoon::ledger::formatTon(status.balanceNano) << " TON\n";
    for (const TonTransaction& t : status.transactions) {
        const bool payout = source && t.source && *t.source == *source && t.valueNano > 0;
        out << QDateTime::fromSecsSinceEpoch(t.utime).toString(Qt::ISODate) << "  " << (t.valueNano > 0 ? "+" : " ")
            << cocoon::ledger::formatTon(t.valueNano - t.outValueNano) << " TON" << (payout ? "  payout" : "")
            << (t.comment.isEmpty() ? QString() : QStringLiteral("  \"%1\"").arg(t.comment)) << "\n";
    }
    return status.cached ? kFailed : kOk;
}

} // namespace cocoonctl
