// End of life predicted again and again as a cell ages: from every `every`-th cycle, the forecast
// twin is trained on the cycles up to it and predicts when the capacity falls below the threshold.
// Each prediction sees only the cycles up to its own time.
#pragma once

#include "cycles.hpp"
#include "forecast_twin.hpp"
#include "prognostics.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace dtop::battery {

struct RulSweepSettings {
    int64_t train_from = 1;         // first cycle of every window
    int64_t first_prediction = 20;  // the first prediction time (cycle)
    int64_t every = 10;             // cycles between prediction times
    int64_t future_cycles = 200;    // cycles predicted beyond the data
    double threshold_ah = 1.38;
    ForecastTwinSettings twin;
};

// The first measured cycle below the threshold, from cycle `from` on; empty: beyond the data.
std::optional<double> measured_end_of_life(const Cycles& c, double threshold_ah, int64_t from);

// Prediction times first_prediction, +every, ... up to the last measured cycle, stopping at the
// measured end of life (later predictions have nothing left to predict). Throws SettingError naming
// first_prediction when the first window is too short or beyond the data.
std::vector<RulPrediction> rul_sweep(const Cycles& c, const RulSweepSettings& s);

}  // namespace dtop::battery
