#include "baselines.hpp"

#include <algorithm>
#include <cmath>

namespace dtop::battery {

double last_value(const Cycles& c, const Window& w) { return c.capacity_ah[w.last]; }

Line linear_trend(const Cycles& c, const Window& w) {
    const std::size_t n = std::min(kTrendCycles, w.size());
    // Centred sums: the cycle numbers are large next to their spread.
    double mx = 0, my = 0;
    for (std::size_t i = w.last + 1 - n; i <= w.last; ++i) mx += c.cycle[i], my += c.capacity_ah[i];
    mx /= static_cast<double>(n), my /= static_cast<double>(n);
    double sxy = 0, sxx = 0;
    for (std::size_t i = w.last + 1 - n; i <= w.last; ++i) {
        sxy += (c.cycle[i] - mx) * (c.capacity_ah[i] - my);
        sxx += (c.cycle[i] - mx) * (c.cycle[i] - mx);
    }
    const double slope = sxy / sxx;
    return Line{my - slope * mx, slope};
}

Errors errors(const std::vector<double>& predicted, const std::vector<double>& measured, const std::vector<bool>& use) {
    Errors e;
    double sq = 0, abs = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        if (!use[i]) continue;
        const double d = predicted[i] - measured[i];
        sq += d * d;
        abs += std::abs(d);
        ++e.cycles;
    }
    if (e.cycles > 0) {
        e.rmse = std::sqrt(sq / static_cast<double>(e.cycles));
        e.mae = abs / static_cast<double>(e.cycles);
    }
    return e;
}

}  // namespace dtop::battery
