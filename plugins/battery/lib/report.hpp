// From the twin's predictions to what an engineer reads: the twin (the ensemble mean), its 5-95 %
// band, errors against the baselines on the scored cycles, and end of life with its band.
#pragma once

#include "baselines.hpp"
#include "cycles.hpp"
#include "forecast.hpp"
#include "window.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dtop::battery {

inline constexpr double kDefaultEndOfLifeAh = 1.38;  // about 70 % of the 2 Ah rating
inline constexpr double kBandZ = 1.6448536269514722;  // the 5 % and 95 % points of a normal distribution

// What the twin predicts for a set of rows.
struct MemberPredictions {
    std::vector<double> physics;   // per row
    std::vector<double> values;    // member m, row i at [m * rows + i]
    std::vector<double> error_sd;  // per row: the twin's own error model at that horizon (ErrorModel)
    std::vector<double> weights;   // per member, adding up to 1; empty: all members weigh the same
    std::size_t members = 0;
    std::size_t rows() const { return physics.size(); }
    double at(std::size_t member, std::size_t row) const { return values[member * rows() + row]; }
    double weight(std::size_t member) const { return weights.empty() ? 1.0 / static_cast<double>(members) : weights[member]; }
    // The twin: the members' (weighted) mean.
    double mean(std::size_t row) const {
        double sum = 0;
        if (!weights.empty()) {
            for (std::size_t m = 0; m < members; ++m) sum += weights[m] * at(m, row);
            return sum;
        }
        for (std::size_t m = 0; m < members; ++m) sum += at(m, row);
        return sum / static_cast<double>(members);
    }
};

struct MethodErrors {
    std::string method;
    Errors errors;
    std::optional<double> band_coverage;  // the twin's: share of scored cycles inside its band
};

struct EndOfLife {
    double threshold_ah = kDefaultEndOfLifeAh;
    double now_cycle = 0;             // the last training cycle: RUL counts from here
    double last_predicted_cycle = 0;
    std::optional<double> cycle;      // the twin's first cycle below the threshold (empty: not reached)
    std::optional<double> earliest, latest;  // the band's: where its low and its high edge cross
    std::optional<double> measured_cycle;    // the first measured cycle below it
    // Remaining useful life: cycles from now to `at`, 0 when that is already past.
    static std::optional<double> rul(const std::optional<double>& at, double now) {
        return at ? std::optional<double>(*at > now ? *at - now : 0.0) : std::nullopt;
    }
};

struct Report {
    std::vector<double> twin, band_low, band_high, physics;  // per row of the ForecastRows
    std::vector<MethodErrors> errors;  // twin, physics, then the baselines (kBaselines)
    EndOfLife end_of_life;
};

// The baselines scored beside the twin, each fitted on the window's capacities alone (curves.hpp).
inline constexpr const char* kBaselines[] = {"last-value", "linear-trend", "linear-fit", "exponential", "double-exponential"};

// The band is twin +- kBandZ * sqrt(variance across members + error_sd^2); with weights, the
// variance is the weighted one (a mixture's), without, the sample variance of equal members.
Report make_report(const Cycles& c, const Window& w, const ForecastRows& rows, const MemberPredictions& p,
                   double threshold_ah);

}  // namespace dtop::battery
