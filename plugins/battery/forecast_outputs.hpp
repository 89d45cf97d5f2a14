// The forecast mode's results: its end of life and its model, and the RUL sweep's (battery-rul).
#pragma once

#include "forecast.hpp"
#include "forecast_twin.hpp"
#include "prognostics.hpp"
#include "report.hpp"

#include <dtop/values.hpp>

#include <string>
#include <vector>

namespace dtop::battery {

// end_of_life_json (outputs.hpp) with the forecast's band and operating conditions.
std::string forecast_end_of_life_json(const Report& r, const ForecastRows& rows, const ForecastTwinInfo& info);

// The stack: its curves with their parameters, weights and backtest errors, the operating model,
// the error model, the window and its fingerprint.
std::string forecast_model_json(const ForecastTwinInfo& info, double training_seconds, const std::string& loaded_from,
                                const std::string& saved_to);

// cycle (the prediction time) -> rul, rul_low, rul_high, true_rul (NaN where unknown).
dtop::Series rul_series(const std::vector<RulPrediction>& p, const PrognosticScore& s);

// The Saxena metrics, per prediction time and overall; "beyond the data" when the cell never reaches
// the threshold in the data.
std::string prognostics_json(const std::vector<RulPrediction>& p, const PrognosticScore& s, double alpha, double lambda,
                             double threshold_ah);

}  // namespace dtop::battery
