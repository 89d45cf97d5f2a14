#include "report.hpp"

#include "curves.hpp"

#include <cmath>

namespace dtop::battery {

namespace {

// The first cycle where `capacity(row)` falls below the threshold (in the window too: a cell may
// have reached its end of life before the twin's now).
template <class F>
std::optional<double> first_below(const ForecastRows& rows, double threshold, F capacity) {
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (capacity(i) < threshold) return rows.cycle[i];
    return std::nullopt;
}

}  // namespace

Report make_report(const Cycles& c, const Window& w, const ForecastRows& rows, const MemberPredictions& p,
                   double threshold_ah) {
    const std::size_t n = rows.size();
    const auto members = static_cast<double>(p.members);
    Report r;
    r.physics = p.physics;
    r.twin.resize(n);
    r.band_low.resize(n);
    r.band_high.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double mean = p.mean(i);
        double sq = 0;
        for (std::size_t m = 0; m < p.members; ++m) sq += (p.weights.empty() ? 1.0 : p.weights[m]) * (p.at(m, i) - mean) * (p.at(m, i) - mean);
        const double spread = !p.weights.empty() ? sq : p.members > 1 ? sq / (members - 1) : 0.0;
        const double half = kBandZ * std::sqrt(spread + p.error_sd[i] * p.error_sd[i]);
        r.twin[i] = mean;
        r.band_low[i] = mean - half;
        r.band_high[i] = mean + half;
    }

    std::vector<bool> scored(n);
    for (std::size_t i = 0; i < n; ++i) scored[i] = rows.split[i] == Split::scored;
    FadeData window;
    for (std::size_t i = w.first; i <= w.last; ++i) {
        window.cycle.push_back(c.cycle[i]);
        window.capacity_ah.push_back(c.capacity_ah[i]);
        window.ratio.push_back(c.temperature_c[i] / c.discharge_time_s[i]);
    }

    MethodErrors twin{"twin", errors(r.twin, rows.measured_ah, scored), std::nullopt};
    if (twin.errors.cycles > 0) {
        std::size_t inside = 0;
        for (std::size_t i = 0; i < n; ++i)
            inside += scored[i] && rows.measured_ah[i] >= r.band_low[i] && rows.measured_ah[i] <= r.band_high[i];
        twin.band_coverage = static_cast<double>(inside) / static_cast<double>(twin.errors.cycles);
    }
    r.errors = {twin, {"physics", errors(r.physics, rows.measured_ah, scored), std::nullopt}};
    for (const char* name : kBaselines) {
        const Curve curve = fit_curve(curve_kind(name), window);
        std::vector<double> predicted(n);
        for (std::size_t i = 0; i < n; ++i) predicted[i] = curve.at(rows.cycle[i]);
        r.errors.push_back({name, errors(predicted, rows.measured_ah, scored), std::nullopt});
    }

    EndOfLife& e = r.end_of_life;
    e.threshold_ah = threshold_ah;
    e.now_cycle = c.cycle[w.last];
    e.last_predicted_cycle = rows.cycle.back();
    e.cycle = first_below(rows, threshold_ah, [&](std::size_t i) { return r.twin[i]; });
    e.earliest = first_below(rows, threshold_ah, [&](std::size_t i) { return r.band_low[i]; });
    e.latest = first_below(rows, threshold_ah, [&](std::size_t i) { return r.band_high[i]; });
    e.measured_cycle = first_below(rows, threshold_ah, [&](std::size_t i) {
        return std::isnan(rows.measured_ah[i]) ? threshold_ah : rows.measured_ah[i];
    });
    return r;
}

}  // namespace dtop::battery
