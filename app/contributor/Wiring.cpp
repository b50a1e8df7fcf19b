#include "Wiring.h"

#include "ProcessSetup.h"
#include "Tray.h"
#include "WalletPage.h"
#include "common/Autostart.h"
#include "common/Logging.h"
#include "common/SingleInstance.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "ledger/Ledger.h"
#include "sched/Governor.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStatusBar>

namespace cocoon::app {

Machine probeMachine(const Ed25519PublicKey& identity, const X25519PublicKey& session)
{
    auto log = log::get("core");
    alignCudaDeviceOrder();
    Machine m {gpu::Discovery::run(nvmlLibraryOverride()), {}, false};
    const gpu::Discovery& found = m.found;
    if (!found.cudaReason.empty()) {
        log->info("no CUDA device: {}", found.cudaReason);
    }
    for (const auto& d : found.devices) {
        log->info("device: {} [{}]{}", d.name, d.backend, d.usable ? "" : " not usable: " + d.reason);
    }
    if (found.nvml) {
        log->info("NVIDIA driver {}: {} GPU(s); confidential computing: {}", found.nvml->driverVersion().toStdString(),
            found.gpus.size(), found.cc.enabled ? "on" : found.cc.reason.toStdString());
    } else {
        log->info("no GPU telemetry: {}", found.nvmlReason.toStdString());
    }
    m.offersGpu = std::any_of(
        found.devices.begin(), found.devices.end(), [](const auto& d) { return d.usable && d.backend != "cpu"; });
    m.evidence = collectEvidence(m, identity, session);
    log->info("privacy tier: {}{}", m.confidential() ? "confidential" : "sealed",
        m.confidential() ? "" : " (" + m.evidence.tierReasons.join(QStringLiteral("; ")).toStdString() + ")");
    return m;
}

attest::LocalEvidence collectEvidence(
    const Machine& m, const Ed25519PublicKey& identity, const X25519PublicKey& session)
{
    const gpu::Discovery& found = m.found;
    auto evidence = attest::collectLocalEvidence(
        {}, attest::bindingReportData(identity, session), found.nvml ? &found.cc : nullptr, m.offersGpu);
    if (found.nvml && found.cc.enabled) {
        // The GPUs' own signed reports, bound to the same keys and verified here.
        attest::addGpuEvidence(evidence, *found.nvml, int(found.gpus.size()), m.offersGpu);
    }
    return evidence;
}

QList<MainWindow::DeviceLine> deviceLines(const gpu::Discovery& found)
{
    QList<MainWindow::DeviceLine> lines;
    for (const auto& d : found.devices) {
        QString name = QString::fromStdString(d.name);
        if (const auto* g = found.gpuFor(d); g && g->vramTotalBytes) {
            name += QCoreApplication::translate("Contributor", " (%1 GiB, compute %2.%3)")
                        .arg(double(*g->vramTotalBytes) / double(1ull << 30), 0, 'f', 0)
                        .arg(g->computeMajor.value_or(0))
                        .arg(g->computeMinor.value_or(0));
        }
        lines.append({name, d.usable, QString::fromStdString(d.reason), sched::Governor::deviceKey(d)});
    }
    if (!found.cudaReason.empty()) {
        lines.append({QCoreApplication::translate("Contributor", "NVIDIA GPU"), false,
            QString::fromStdString(found.cudaReason)});
    }
    return lines;
}

QJsonArray deviceLinesJson(const QList<MainWindow::DeviceLine>& lines)
{
    QJsonArray a;
    for (const auto& l : lines) {
        a.append(QJsonObject {{QStringLiteral("name"), l.name}, {QStringLiteral("usable"), l.usable},
            {QStringLiteral("reason"), l.reason}, {QStringLiteral("key"), l.key}});
    }
    return a;
}

QList<MainWindow::DeviceLine> deviceLinesFromJson(const QJsonArray& lines)
{
    QList<MainWindow::DeviceLine> out;
    for (const QJsonValue& v : lines) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("name")).isString())
            out.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("usable")).toBool(),
                o.value(QStringLiteral("reason")).toString(), o.value(QStringLiteral("key")).toString()});
    }
    return out;
}

ui::DeviceReading Readings::read(const QString& device)
{
    ui::DeviceReading r;
    if (const auto index = gpu::gpuIndex(device)) {
        if (const auto t = m_telemetry.telemetry(*index)) {
            r = {t->ownUtilizationPercent, t->otherUtilizationPercent, t->temperatureC, t->powerW, t->vramUsedBytes,
                t->vramTotalBytes};
        }
    } else if (device == u"cpu") {
        const auto c = m_cpu.sample();
        r.oursPercent = c.ownPercent;
        if (c.loadPercent && c.ownPercent)
            r.othersPercent = *c.loadPercent - *c.ownPercent;
        r.temperatureC = c.temperatureC;
    }
    return r;
}

QJsonObject Readings::json(const QStringList& devices)
{
    const auto put = [](QJsonObject& o, const char* key, const auto& value) {
        if (value)
            o.insert(QLatin1String(key), qint64(*value));
    };
    QJsonObject all;
    for (const QString& d : devices) {
        const ui::DeviceReading r = read(d);
        QJsonObject o;
        put(o, "ours", r.oursPercent);
        put(o, "others", r.othersPercent);
        put(o, "temperatureC", r.temperatureC);
        put(o, "powerW", r.powerW);
        put(o, "vramUsed", r.vramUsedBytes);
        put(o, "vramTotal", r.vramTotalBytes);
        all.insert(d, o);
    }
    return all;
}

ui::DeviceReading readingFromJson(const QJsonObject& o)
{
    const auto percent = [&](const char* key) -> std::optional<int> {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isDouble() ? std::optional(int(std::clamp<qint64>(v.toInteger(), -1000, 100000))) : std::nullopt;
    };
    const auto bytes = [&](const char* key) -> std::optional<std::uint64_t> {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isDouble() && v.toInteger() >= 0 ? std::optional(std::uint64_t(v.toInteger())) : std::nullopt;
    };
    return {percent("ours"), percent("others"), percent("temperatureC"), percent("powerW"), bytes("vramUsed"),
        bytes("vramTotal")};
}

std::unique_ptr<WalletWatch> watchWallet(const Settings& settings, const Clock& clock, ledger::Ledger* ledger)
{
    const auto address = wallet::Address::parse(settings.stringValue(QString::fromLatin1(keys::walletAddress)));
    if (!address)
        return nullptr;
    wallet::TonCenterClient::Options options;
    options.endpoint = QUrl(settings.stringValue(QString::fromLatin1(keys::walletToncenterUrl)));
    options.apiKey = settings.stringValue(QString::fromLatin1(keys::walletToncenterApiKey));
    std::optional<wallet::Address> source;
    if (auto s = wallet::Address::parse(settings.stringValue(QString::fromLatin1(keys::walletPayoutSource))))
        source = s->address;
    auto w = std::make_unique<WalletWatch>();
    w->client = std::make_unique<wallet::TonCenterClient>(options, w->network);
    w->monitor = std::make_unique<wallet::WalletMonitor>(clock, *w->client, ledger, address->address, source);
    QObject::connect(&w->refresh, &QTimer::timeout, w->monitor.get(), &wallet::WalletMonitor::refresh);
    w->refresh.start(std::chrono::seconds(settings.intValue(QString::fromLatin1(keys::walletRefreshSeconds))));
    return w;
}

void showWallet(WalletWatch* wallet, MainWindow& window, ui::Tray& tray)
{
    if (!wallet)
        return;
    QObject::connect(
        wallet->monitor.get(), &wallet::WalletMonitor::updated, window.walletPage(), &ui::WalletPage::showStatus);
    QObject::connect(
        wallet->monitor.get(), &wallet::WalletMonitor::updated, &tray, [&tray](const wallet::WalletStatus& s) {
            if (s.known && !s.cached && s.newPayouts > 0)
                tray.notifyPayout(ledger::formatTon(s.balanceNano), false);
        });
}

void wireDesktop(MainWindow& window, ui::Tray& tray, Settings& settings, SingleInstance* instance)
{
    tray.setNotificationsEnabled(settings.boolValue(QString::fromLatin1(keys::uiNotifications)));
    tray.show();
    window.setTray(&tray, settings.boolValue(QString::fromLatin1(keys::uiCloseToTray)));
    QObject::connect(&tray, &ui::Tray::quitRequested, qApp, &QCoreApplication::quit);
    QObject::connect(&settings, &Settings::changed, &window, [&](const QString& key, const QVariant& v) {
        if (key == QLatin1String(keys::uiNotifications))
            tray.setNotificationsEnabled(v.toBool());
        else if (key == QLatin1String(keys::uiCloseToTray))
            window.setTray(&tray, v.toBool());
    });
    if (instance) {
        QObject::connect(instance, &SingleInstance::activationRequested, &window, [&] {
            window.show();
            window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
            window.raise();
            window.activateWindow();
        });
    }
    window.setAutostart(autostart::isEnabled());
    QObject::connect(&window, &MainWindow::autostartToggled, &window, [&](bool on) {
        auto ok = autostart::setEnabled(on, QCoreApplication::applicationFilePath());
        window.setAutostart(ok ? on : !on);
        window.statusBar()->showMessage(!ok
                ? QCoreApplication::translate("Contributor", "Start at login could not be changed: %1").arg(ok.error())
                : on ? QCoreApplication::translate("Contributor", "Cocoon Contributor will start when you log in (%1).")
                           .arg(autostart::location())
                     : QCoreApplication::translate("Contributor", "Cocoon Contributor will no longer start at login."),
            10000);
    });
    window.setLanguage(settings.stringValue(QString::fromLatin1(keys::uiLanguage)));
    QObject::connect(&window, &MainWindow::languageChosen, &window, [&](const QString& code) {
        if (auto ok = settings.set(QString::fromLatin1(keys::uiLanguage), code); !ok)
            window.statusBar()->showMessage(ok.error().message, 10000);
    });
}

} // namespace cocoon::app
