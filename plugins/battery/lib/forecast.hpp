// The cycles a twin predicts and the operating inputs (T_i, t_i) it predicts them with. Measured
// capacities after the training window are carried only to score the prediction; nothing here
// passes them to the model.
#pragma once

#include "cycles.hpp"
#include "window.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace dtop::battery {

enum class Split : int {
    training = 0,     // in the training window
    scored = 1,       // predicted, measured, within the horizon: the metrics are computed here
    unscored = 2,     // predicted and measured, beyond the horizon
    beyond_data = 3,  // predicted, not measured
};

// Where T_i and t_i of the predicted cycles come from.
enum class OperatingInputs {
    measured,  // measured cycles use their own T_i, t_i (physics.md's protocol); later ones the assumption
    assumed,   // every cycle after the window uses the assumption: a forecast from the window alone
};

struct ForecastSettings {
    int64_t horizon = 0;             // cycles after the window to score; 0 = every measured one
    int64_t future_cycles = 200;     // cycles predicted beyond the last measured one
    OperatingInputs inputs = OperatingInputs::measured;
    int64_t assumption_cycles = 10;  // the assumption: mean T_i and t_i of this many cycles
};

struct ForecastRows {
    std::vector<double> cycle, temperature_c, discharge_time_s;
    std::vector<double> measured_ah;  // NaN where not measured
    std::vector<Split> split;
    OperatingInputs inputs = OperatingInputs::measured;
    double last_training_cycle = 0;  // predictions are h = cycle - last_training_cycle ahead
    double assumed_temperature_c = 0, assumed_discharge_time_s = 0;
    std::string assumption;  // in words, for the results

    std::size_t size() const { return cycle.size(); }
};

// Every cycle from the window's first to `future_cycles` beyond the last measured one.
ForecastRows forecast_rows(const Cycles& c, const Window& w, const ForecastSettings& f);

}  // namespace dtop::battery
