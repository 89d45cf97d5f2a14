// A Kalman filter of a local linear trend over the window's capacities: the state is the
// capacity's level and its fade per cycle, both drifting as random walks; the data are the level
// plus measurement noise. The noises' ratios are estimated by maximum likelihood over the window
// (a fixed grid, no test cycle involved), so the filter decides itself how much of the window's
// history the slope should remember: a whole-window line when the fade is steady, the recent
// cycles when it changes. Its forecast is a line from the filtered state at the last cycle.
#pragma once

#include <vector>

namespace dtop::battery {

struct TrendState {
    double level = 0, slope = 0;   // at the last cycle: Ah, Ah per cycle
    double level_noise = 0;        // the chosen ratios: level and slope drift per cycle against
    double slope_noise = 0;        // the measurement noise's variance
    double log_likelihood = 0;     // of the window, at the chosen ratios (concentrated)
};

// At least 3 cycles, increasing.
TrendState filter_trend(const std::vector<double>& cycle, const std::vector<double>& capacity_ah);

}  // namespace dtop::battery
