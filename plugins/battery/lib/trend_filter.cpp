#include "trend_filter.hpp"

#include <cmath>
#include <limits>

namespace dtop::battery {

namespace {

// The grid of noise ratios (per cycle, relative to the measurement variance): from a fixed line
// (0, 0) to a level that follows every point. Fixed before any measurement: decades.
constexpr double kLevelRatios[] = {0, 1e-3, 1e-2, 1e-1, 1};
constexpr double kSlopeRatios[] = {0, 1e-6, 1e-5, 1e-4, 1e-3};
constexpr double kDiffuse = 1e6;  // the initial state's variance (in measurement variances): unknown

// One pass of the filter with measurement variance 1; the likelihood is concentrated over the
// measurement variance (which scales all variances alike), leaving out the first two innovations
// that the diffuse start needs.
TrendState run(const std::vector<double>& k, const std::vector<double>& y, double ql, double qs) {
    double level = y[0], slope = 0;
    double p00 = kDiffuse, p01 = 0, p11 = kDiffuse;
    double sum_log_f = 0, sum_scaled = 0;
    std::size_t counted = 0;
    for (std::size_t t = 1; t < y.size(); ++t) {
        const double dt = k[t] - k[t - 1];
        // Predict: x = F x, P = F P F' + Q.
        level += slope * dt;
        const double n00 = p00 + 2 * dt * p01 + dt * dt * p11 + ql * dt, n01 = p01 + dt * p11, n11 = p11 + qs * dt;
        p00 = n00, p01 = n01, p11 = n11;
        // Update with y[t].
        const double v = y[t] - level, f = p00 + 1;
        const double g0 = p00 / f, g1 = p01 / f;
        level += g0 * v, slope += g1 * v;
        const double u00 = p00 - g0 * p00, u01 = p01 - g0 * p01, u11 = p11 - g1 * p01;
        p00 = u00, p01 = u01, p11 = u11;
        if (t >= 2) sum_log_f += std::log(f), sum_scaled += v * v / f, ++counted;
    }
    TrendState s{level, slope, ql, qs, -std::numeric_limits<double>::infinity()};
    if (counted > 0 && sum_scaled > 0) {
        const double n = static_cast<double>(counted);
        s.log_likelihood = -0.5 * sum_log_f - 0.5 * n * std::log(sum_scaled / n);
    }
    return s;
}

}  // namespace

TrendState filter_trend(const std::vector<double>& cycle, const std::vector<double>& capacity_ah) {
    TrendState best = run(cycle, capacity_ah, 0, 0);
    for (double ql : kLevelRatios)
        for (double qs : kSlopeRatios) {
            const TrendState s = run(cycle, capacity_ah, ql, qs);
            if (s.log_likelihood > best.log_likelihood) best = s;
        }
    return best;
}

}  // namespace dtop::battery
