// Prognostic metrics of Saxena et al. (NASA PCoE, 2008, "Metrics for evaluating performance of
// prognostic techniques"): end of life predicted from a series of prediction times, scored against
// the measured end of life.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dtop::battery {

inline constexpr double kDefaultAlpha = 0.2, kDefaultLambda = 0.5;

// One prediction of end of life, made at cycle `now` from the cycles up to it.
struct RulPrediction {
    double now = 0;
    std::optional<double> rul, rul_low, rul_high;  // empty: not reached within the predicted cycles
};

struct PrognosticScore {
    std::optional<double> true_eol;  // the first measured cycle below the threshold; empty: beyond the data
    // Per prediction time (the same order): predicted minus true RUL; empty when either is unknown.
    std::vector<std::optional<double>> rul_error;
    // alpha-lambda accuracy: at t_lambda = t_first + lambda (EOL - t_first), is the prediction made
    // then (the first prediction time at or after t_lambda) within (1 +- alpha) of the true RUL?
    std::optional<double> t_lambda, alpha_lambda_at;
    std::optional<bool> alpha_lambda_pass;
    // Prognostic horizon: EOL minus the first prediction time from which every prediction before
    // EOL lies within the true RUL +- alpha EOL; empty when none does (or EOL is beyond the data).
    std::optional<double> horizon;
    // Share of prediction times before EOL whose RUL band holds the true RUL.
    std::optional<double> band_coverage;
    std::size_t scored = 0;  // prediction times before EOL
};

// Only prediction times before the true end of life are scored.
PrognosticScore score_predictions(const std::vector<RulPrediction>& p, std::optional<double> true_eol, double alpha, double lambda);

}  // namespace dtop::battery
