#include "node/Forecast.h"

#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "sched/Schedule.h"

#include <cmath>

namespace cocoon::node {

namespace {
constexpr std::int64_t kDayMs = 24 * 3600 * 1000;
constexpr std::int64_t kHourMs = 3600 * 1000;
} // namespace

EarningsForecast forecastEarnings(const ForecastInputs& in, ledger::Ledger* ledger, std::int64_t nowMs, int windowDays)
{
    EarningsForecast f;
    const double perDay = std::max(0.0, in.unitsPerSecond) * std::max(0.0, in.priceNanoPerUnit)
        * std::clamp(in.hoursPerWeek, 0.0, 168.0) / 7.0 * 3600.0 * std::clamp(in.duty, 0.0, 1.0);
    f.nanoPerDay = perDay >= 9.0e18 ? INT64_MAX : std::int64_t(std::llround(perDay));
    if (!ledger) {
        return f;
    }
    // What was earned since the window's start, or since the first receipt if that is later.
    const std::int64_t from = nowMs - std::int64_t(windowDays) * kDayMs;
    auto receipts = ledger->receipts(from, nowMs + 1, 100000);
    if (!receipts || receipts->empty()) {
        return f;
    }
    std::int64_t earned = 0, first = nowMs;
    for (const ledger::ReceiptRow& r : *receipts) {
        if (r.refused.isEmpty()) {
            earned += r.priceNano;
        }
        first = std::min(first, r.startMs);
    }
    const std::int64_t span = nowMs - std::max(from, first);
    if (span < kHourMs) {
        return f; // too little to say anything
    }
    f.daysMeasured = double(span) / double(kDayMs);
    f.actualNanoPerDay = std::int64_t(std::llround(double(earned) / f.daysMeasured));
    if (f.nanoPerDay > 0) {
        f.errorPercent = (double(*f.actualNanoPerDay) - double(f.nanoPerDay)) / double(f.nanoPerDay) * 100.0;
    }
    return f;
}

std::optional<ForecastInputs> forecastInputs(
    const Settings& settings, const QJsonObject& benchmark, double priceNanoPerUnit)
{
    const double score = benchmark.value(QStringLiteral("score")).toDouble(0);
    if (score <= 0) {
        return std::nullopt;
    }
    ForecastInputs in;
    in.unitsPerSecond = score * 1e6;
    in.priceNanoPerUnit = priceNanoPerUnit;
    const auto schedule = sched::WeeklySchedule::parse(settings.stringValue(QString::fromLatin1(keys::schedSchedule)));
    const sched::WeeklySchedule grid = schedule ? *schedule : sched::WeeklySchedule::always();
    int hours = 0;
    for (int day = 1; day <= 7; ++day) {
        for (int hour = 0; hour < 24; ++hour) {
            hours += grid.allows(day, hour) ? 1 : 0;
        }
    }
    in.hoursPerWeek = hours;
    in.duty = settings.intValue(QString::fromLatin1(keys::schedDutyIdle)) / 100.0;
    return in;
}

} // namespace cocoon::node
