#pragma once
// The earnings forecast people ask for before they leave a machine on (Cocoon issue #52): what
// this machine should earn a day, from its measured speed (the enrolment benchmark), the
// coordinator's price and the hours the owner's schedule allows — and, once it has run, how far
// that was from what it actually earned. The error is shown, not hidden: the forecast assumes
// work is always there, which a young network cannot promise.
#include "ledger/Ledger.h"

#include <QJsonObject>

#include <optional>

namespace cocoon {
class Settings;
}

namespace cocoon::node {

/// What the demo network's coordinator pays per unit of work, in test nanoTON (ContributorNode
/// starts it with this price).
inline constexpr std::uint64_t kDemoPriceNanoPerUnit = 1;

struct ForecastInputs
{
    double unitsPerSecond = 0; ///< measured: the benchmark's probe throughput
    double priceNanoPerUnit = 0; ///< the coordinator's price per unit (bench.probe, else "*")
    double hoursPerWeek = 0; ///< allowed by sched.schedule
    double duty = 1; ///< sched.dutyWhileIdle as a fraction: the share of allowed time spent working
};

struct EarningsForecast
{
    std::int64_t nanoPerDay = 0;
    std::optional<std::int64_t> actualNanoPerDay; ///< over the last `windowDays` (none before an hour of data)
    double daysMeasured = 0;
    std::optional<double> errorPercent; ///< (actual - forecast) / forecast, in percent
};

/// The forecast alone (no ledger), and checked against the ledger's receipts of the last
/// `windowDays` days (or since the first receipt, if later), when one is given.
EarningsForecast forecastEarnings(
    const ForecastInputs& in, ledger::Ledger* ledger, std::int64_t nowMs, int windowDays = 7);

/// The inputs from the settings (schedule, duty), a benchmark report (its `score`, millions of
/// probe units per second) and a price; nullopt when there is no benchmark score.
std::optional<ForecastInputs> forecastInputs(
    const Settings& settings, const QJsonObject& benchmark, double priceNanoPerUnit);

} // namespace cocoon::node
