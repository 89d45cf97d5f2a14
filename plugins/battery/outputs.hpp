// Between the twin's own types and the values dtop carries: the `cycles` table in, the results out.
#pragma once

#include "cycles.hpp"
#include "forecast.hpp"
#include "report.hpp"
#include "twin.hpp"

#include <dtop/values.hpp>

#include <string>

namespace dtop::battery {

// The `cycles` input: columns found by name; a unit, where the source gives one, must be the
// expected one (the cycle column's is not checked: a file reader may call it a time).
Cycles cycles_from_table(const dtop::Table& t);

// cycle -> measured, physics, twin, lower, upper (Ah) and split (0 training, 1 scored, 2 predicted
// beyond the horizon, 3 beyond the data).
dtop::Series predictions_series(const ForecastRows& rows, const Report& r);

// [{"method", "rmse_ah", "mae_ah", "cycles", "band_coverage"}], twin first.
std::string metrics_json(const Report& r);

// End of life and remaining useful life, with the band and the assumption behind them.
std::string end_of_life_json(const Report& r, const ForecastRows& rows);

// The twin itself: physics constant, window, training fingerprint, error model, settings.
std::string model_json(const TwinInfo& info, double training_seconds, const std::string& loaded_from, const std::string& saved_to);

}  // namespace dtop::battery
