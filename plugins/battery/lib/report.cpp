#include "report.hpp"

#include "curves.hpp"

#include <cmath>

namespace dtop::battery {

namespace {

// The first cycle from row `from` on where `capacity(row)` falls below the threshold.
template <class F>
std::optional<double> first_below(const ForecastRows& rows, std::size_t from, double threshold, F capacity) {
    for (std::size_t i = from; i < rows.size(); ++i)
        if (capacity(i) < threshold) return rows.cycle[i];
    return std::nullopt;
}

// The row of the last training cycle: the predicted end of life is searched from there (a twin
// already below the threshold then reads RUL 0). Earlier rows are fits, not predictions; a
// forecast's band there mixes curves that only agree after the window (a held last value).
std::size_t now_row(const ForecastRows& rows) {
    std::size_t i = 0;
    while (i + 1 < rows.size() && rows.split[i + 1] == Split::training) ++i;
    return i;
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
    const std::size_t now = now_row(rows);
    e.cycle = first_below(rows, now, threshold_ah, [&](std::size_t i) { return r.twin[i]; });
    e.earliest = first_below(rows, now, threshold_ah, [&](std::size_t i) { return r.band_low[i]; });
    e.latest = first_below(rows, now, threshold_ah, [&](std::size_t i) { return r.band_high[i]; });
    e.measured_cycle = first_below(rows, 0, threshold_ah, [&](std::size_t i) {
        return std::isnan(rows.measured_ah[i]) ? threshold_ah : rows.measured_ah[i];
    });
    return r;
}

}  // namespace dtop::battery
