// The physics ("virtual world") of the twin, physics.md section 6 after Xu et al. 2016: a linearised
// degradation rate f_d = k T_i i / t_i and capacity C_sim(i) = C0 exp(-f_d), with C0 the first
// measured capacity of the training window and i counted from that cycle (i = 1 there).
#pragma once

#include "cycles.hpp"
#include "window.hpp"

namespace dtop::battery {

// physics.md's constant; it does not transfer between cells (0.025 Ah RMSE on B0007, 0.23 on B0006).
inline constexpr double kDefaultFadeConstant = 0.13;

struct Physics {
    double c0_ah = 0;        // capacity of the window's first cycle
    double k = kDefaultFadeConstant;
    double first_cycle = 1;  // the cycle where i = 1

    double age(double cycle) const { return cycle - first_cycle + 1; }
    double capacity(double cycle, double temperature_c, double discharge_time_s) const;
};

Physics physics_for(const Cycles& c, const Window& w, double k);

// The k that minimises the squared error of C_sim over the window's cycles (C0 fixed): only
// training cycles take part.
double calibrate_fade_constant(const Cycles& c, const Window& w);

}  // namespace dtop::battery
