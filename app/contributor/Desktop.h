#pragma once
// Desktop-only wiring of cocoon-contributor: the enrolment wizard's inputs from what the app found
// (devices, evidence, a quick real benchmark), applying its choices, and the benchmark report kept
// in <data>/benchmark.json for the Dashboard's stop latency.
#include "attest/LocalEvidence.h"
#include "common/Clock.h"
#include "gpu/Discovery.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

class QWidget;

namespace cocoon {
class Settings;
}

namespace cocoon::app {

struct BenchmarkRecord
{
    QJsonObject report;
    QDateTime atUtc;
};

/// Shows the wizard (modal). On Finish writes the choices to `settings` and the benchmark (if one
/// ran) to `dataDir`; returns false when the owner cancelled. `why` receives a failure to apply.
bool runEnrolment(QWidget* parent, const gpu::Discovery& found, const attest::LocalEvidence& evidence, bool offersGpu,
    Settings& settings, const QString& dataDir, const Clock& clock, QString* why,
    std::optional<BenchmarkRecord>* benchmark);

std::optional<BenchmarkRecord> loadBenchmark(const QString& dataDir);

} // namespace cocoon::app
