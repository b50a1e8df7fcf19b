// cocoonctl sched: what the scheduler sees and decides on this machine, right now or as it changes.
#include "ProcessSetup.h"
#include "QuitOnSignal.h"
#include "VerbSupport.h"
#include "config/SettingsTable.h"
#include "gpu/Discovery.h"
#include "gpu/Telemetry.h"
#include "sched/Governor.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace cocoonctl {

using namespace cocoon;

namespace {

void printHuman(const QJsonObject& status)
{
    QTextStream out(stdout);
    const QJsonObject src = status[QStringLiteral("sources")].toObject();
    const QJsonObject snap = status[QStringLiteral("snapshot")].toObject();
    const QJsonValue idle = snap[QStringLiteral("idle_seconds")];
    out << "Idle time:   " << (idle.isNull() ? QStringLiteral("unknown") : QStringLiteral("%1 s").arg(idle.toInteger()))
        << "  [" << src[QStringLiteral("idle")].toString() << "]\n";
    out << "Locked:      " << (snap[QStringLiteral("locked")].toBool() ? "yes" : "no") << "  ["
        << src[QStringLiteral("locked")].toString() << "]\n";
    const QJsonValue fs = snap[QStringLiteral("fullscreen_app")];
    out << "Full screen: " << (fs.isNull() ? QStringLiteral("none") : fs.toString()) << "  ["
        << src[QStringLiteral("fullscreen")].toString() << "]\n";
    const QJsonValue battery = snap[QStringLiteral("on_battery")];
    out << "Power:       "
        << (battery.isNull()          ? QStringLiteral("unknown")
                   : battery.toBool() ? QStringLiteral("on battery")
                                      : QStringLiteral("on mains"))
        << "  [" << src[QStringLiteral("power")].toString() << "]\n";
    out << "Processes:   " << snap[QStringLiteral("processes")].toInt() << "  ["
        << src[QStringLiteral("processes")].toString() << "]\n";
    for (const QJsonValue& v : status[QStringLiteral("devices")].toArray()) {
        const QJsonObject d = v.toObject();
        out << d[QStringLiteral("device")].toString() << ": ";
        if (d[QStringLiteral("run")].toBool())
            out << "works at " << d[QStringLiteral("duty_percent")].toInt() << "%\n";
        else
            out << "paused: " << d[QStringLiteral("explanations")].toVariant().toStringList().join(QStringLiteral("; "))
                << "\n";
    }
}

} // namespace

int sched(const QStringList& args)
{
    VerbRun run(QStringLiteral("Show what the scheduler sees and decides: sched status [--json] | sched watch "
                               "(one JSON line per change of state, until Ctrl+C)."),
        QStringLiteral("status|watch"));
    run.parser().addOption({QStringLiteral("json"), QStringLiteral("status: print JSON.")});
    if (auto rc = run.start(args))
        return *rc;
    const QStringList pos = run.parser().positionalArguments();
    if (pos.size() != 1 || (pos[0] != u"status" && pos[0] != u"watch"))
        return fail(QStringLiteral("usage: cocoonctl sched status [--json] | cocoonctl sched watch"), kUsage);

    SystemClock clock;
    alignCudaDeviceOrder();
    const auto found = gpu::Discovery::run(nvmlLibraryOverride());
    auto probe = sched::makeSystemProbe(clock);
    sched::Governor governor(clock, *probe, *run.runtime().settings);
    gpu::TelemetrySampler telemetry(clock, found.nvml.get(),
        std::chrono::milliseconds(run.runtime().settings->intValue(keys::gpuTelemetryMs)),
        {std::uint32_t(QCoreApplication::applicationPid())});
    governor.setDeviceSampler(&telemetry);
    found.governWith(governor);

    if (pos[0] == u"status") {
        governor.tick();
        const QJsonObject status = governor.statusJson();
        if (run.parser().isSet(QStringLiteral("json")))
            QTextStream(stdout) << QJsonDocument(status).toJson(QJsonDocument::Indented);
        else
            printHuman(status);
        return kOk;
    }

    // watch: the first line per device is its state now; then one line per change.
    QObject::connect(&governor, &sched::Governor::stateChanged, [](const sched::StateChange& c) {
        QTextStream(stdout) << QJsonDocument(sched::toJson(c)).toJson(QJsonDocument::Compact) << Qt::endl;
    });
    quitOnTerminationSignals(*QCoreApplication::instance());
    governor.start();
    return QCoreApplication::exec();
}

} // namespace cocoonctl
