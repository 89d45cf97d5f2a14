// The baselines a twin must beat, from the training window's capacities alone.
#pragma once

#include "cycles.hpp"
#include "window.hpp"

#include <vector>

namespace dtop::battery {

inline constexpr std::size_t kTrendCycles = 20;

// The last training capacity, held.
double last_value(const Cycles& c, const Window& w);

// The least-squares line through the last kTrendCycles training cycles (all of them when the window
// is shorter): capacity = intercept + slope * cycle.
struct Line {
    double intercept = 0, slope = 0;
    double at(double cycle) const { return intercept + slope * cycle; }
};
Line linear_trend(const Cycles& c, const Window& w);

struct Errors {
    double rmse = 0, mae = 0;
    std::size_t cycles = 0;
};
// Over the entries where `use` is true.
Errors errors(const std::vector<double>& predicted, const std::vector<double>& measured, const std::vector<bool>& use);

}  // namespace dtop::battery
