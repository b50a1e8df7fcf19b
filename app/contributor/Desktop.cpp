#include "Desktop.h"

#include "EnrolWizard.h"
#include "attest/Preflight.h"
#include "common/AtomicFile.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "sched/Governor.h"
#include "sched/PreemptBench.h"

#include <QFile>
#include <QJsonDocument>

namespace cocoon::app {
namespace {

QString benchmarkFile(const QString& dataDir)
{
    return dataDir + QStringLiteral("/benchmark.json");
}

} // namespace

std::optional<BenchmarkRecord> loadBenchmark(const QString& dataDir)
{
    QFile f(benchmarkFile(dataDir));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.read(1 << 20)).object();
    const QDateTime at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    if (!at.isValid() || !o.value(QStringLiteral("report")).isObject())
        return std::nullopt; // an unreadable file just means "not measured yet"
    return BenchmarkRecord {o.value(QStringLiteral("report")).toObject(), at};
}

bool runEnrolment(QWidget* parent, const gpu::Discovery& found, const attest::LocalEvidence& evidence, bool offersGpu,
    Settings& settings, const QString& dataDir, const Clock& clock, QString* why,
    std::optional<BenchmarkRecord>* benchmark)
{
    ui::EnrolWizard::Inputs in;
    bool cudaUsable = false;
    for (const auto& d : found.devices) {
        QString name = QString::fromStdString(d.name);
        if (const auto* g = found.gpuFor(d); g && g->vramTotalBytes)
            name += QStringLiteral(" (%1 GiB)").arg(double(*g->vramTotalBytes) / double(1ull << 30), 0, 'f', 0);
        in.devices.append({sched::Governor::deviceKey(d), name, d.usable, QString::fromStdString(d.reason)});
        cudaUsable = cudaUsable || (d.usable && d.backend == "cuda");
    }
    in.preflight = attest::preflightChecks(evidence, offersGpu);
    in.benchmark = [&clock, cudaUsable]() -> Expected<QJsonObject, QString> {
        sched::PreemptOptions o;
        o.backend = cudaUsable ? kernels::Backend::Cuda : kernels::Backend::Cpu;
        o.runs = 8;
        o.measureDuty = false;
        auto r = sched::runPreemptBench(o, clock);
        if (!r)
            return unexpected(r.error().message);
        return *r;
    };
    in.walletAddress = settings.stringValue(QString::fromLatin1(keys::walletAddress));
    in.coordinator = settings.stringValue(QString::fromLatin1(keys::netCoordinator));
    in.pin = settings.stringValue(QString::fromLatin1(keys::netPin));
    ui::EnrolWizard wizard(std::move(in), parent);
    if (wizard.exec() != QDialog::Accepted)
        return false;
    const ui::EnrolChoices choices = wizard.choices();
    if (auto ok = ui::applyEnrolment(choices, settings); !ok) {
        *why = ok.error();
        return false;
    }
    if (choices.benchmark) {
        BenchmarkRecord record {*choices.benchmark, clock.nowUtc()};
        const QJsonObject o {{QStringLiteral("at"), record.atUtc.toString(Qt::ISODateWithMs)},
            {QStringLiteral("report"), record.report}};
        if (auto w = writeFileAtomically(benchmarkFile(dataDir), QJsonDocument(o).toJson()); !w)
            *why = w.error(); // the enrolment itself stands
        *benchmark = record;
    }
    return true;
}

} // namespace cocoon::app
