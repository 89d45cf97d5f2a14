#include "prognostics.hpp"

#include <cmath>

namespace dtop::battery {

PrognosticScore score_predictions(const std::vector<RulPrediction>& p, std::optional<double> true_eol, double alpha, double lambda) {
    PrognosticScore s;
    s.true_eol = true_eol;
    for (const auto& q : p)
        s.rul_error.push_back(true_eol && q.rul ? std::optional<double>(*q.rul - (*true_eol - q.now)) : std::nullopt);
    if (!true_eol) return s;
    const double eol = *true_eol;

    std::vector<std::size_t> before;  // prediction times before EOL
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i].now < eol) before.push_back(i);
    s.scored = before.size();
    if (before.empty()) return s;

    auto within = [](const std::optional<double>& v, double lo, double hi) { return v && *v >= lo && *v <= hi; };
    std::size_t covered = 0;
    for (std::size_t i : before) {
        const double truth = eol - p[i].now;
        // A band without an upper edge (the high edge never crosses) reaches to infinity.
        const bool low_ok = p[i].rul_low && *p[i].rul_low <= truth;
        const bool high_ok = !p[i].rul_high || *p[i].rul_high >= truth;
        covered += low_ok && high_ok;
    }
    s.band_coverage = static_cast<double>(covered) / static_cast<double>(before.size());

    const double first = p[before.front()].now;
    s.t_lambda = first + lambda * (eol - first);
    for (std::size_t i : before)
        if (p[i].now >= *s.t_lambda - 1e-9) {
            const double truth = eol - p[i].now;
            s.alpha_lambda_at = p[i].now;
            s.alpha_lambda_pass = within(p[i].rul, (1 - alpha) * truth, (1 + alpha) * truth);
            break;
        }

    // The prognostic horizon: scan back from the last prediction before EOL while predictions stay
    // inside the constant-width bounds.
    std::optional<double> start;
    for (auto it = before.rbegin(); it != before.rend(); ++it) {
        const double truth = eol - p[*it].now;
        if (!within(p[*it].rul, truth - alpha * eol, truth + alpha * eol)) break;
        start = p[*it].now;
    }
    if (start) s.horizon = eol - *start;
    return s;
}

}  // namespace dtop::battery
