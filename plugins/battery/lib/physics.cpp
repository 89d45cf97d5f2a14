#include "physics.hpp"

#include <cmath>

namespace dtop::battery {

double Physics::capacity(double cycle, double temperature_c, double discharge_time_s) const {
    return c0_ah * std::exp(-k * temperature_c * age(cycle) / discharge_time_s);
}

Physics physics_for(const Cycles& c, const Window& w, double k) {
    return Physics{c.capacity_ah[w.first], k, c.cycle[w.first]};
}

double calibrate_fade_constant(const Cycles& c, const Window& w) {
    Physics p = physics_for(c, w, 0.0);
    auto sse = [&](double k) {
        p.k = k;
        double s = 0;
        for (std::size_t i = w.first; i <= w.last; ++i) {
            const double e = c.capacity_ah[i] - p.capacity(c.cycle[i], c.temperature_c[i], c.discharge_time_s[i]);
            s += e * e;
        }
        return s;
    };
    // The error is unimodal in k over any physical range (C_sim is monotone in k): golden section
    // on [0, 5] to 1e-9, far below what the data can tell apart.
    const double g = (std::sqrt(5.0) - 1) / 2;
    double lo = 0, hi = 5;
    double a = hi - g * (hi - lo), b = lo + g * (hi - lo), fa = sse(a), fb = sse(b);
    while (hi - lo > 1e-9) {
        if (fa < fb) {
            hi = b, b = a, fb = fa;
            a = hi - g * (hi - lo), fa = sse(a);
        } else {
            lo = a, a = b, fa = fb;
            b = lo + g * (hi - lo), fb = sse(b);
        }
    }
    return (lo + hi) / 2;
}

}  // namespace dtop::battery
