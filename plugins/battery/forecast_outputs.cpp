#include "forecast_outputs.hpp"

#include "outputs.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace dtop::battery {

using ordered = nlohmann::ordered_json;

namespace {

ordered maybe(const std::optional<double>& v) { return v ? ordered(*v) : ordered(nullptr); }

}  // namespace

std::string forecast_end_of_life_json(const Report& r, const ForecastRows& rows, const ForecastTwinInfo& info) {
    ordered j = ordered::parse(end_of_life_json(r, rows));
    j.erase("operating_inputs");
    j.erase("assumed_temperature_c");
    j.erase("assumed_discharge_time_s");
    j["mode"] = "forecast";
    j["band"] = "5-95 %: the curves' weighted spread (the physics drawn over the operating conditions' uncertainty) and the "
                "backtest's error growth";
    j["assumption"] = "T_i / t_i of every cycle after the training window: the mean of its last " + std::to_string(info.operating.cycles) +
                      " cycles, with their standard deviation as uncertainty";
    j["assumed_ratio_degc_per_s"] = info.operating.ratio_mean;
    j["assumed_ratio_sd_degc_per_s"] = info.operating.ratio_sd;
    return j.dump();
}

std::string forecast_model_json(const ForecastTwinInfo& info, double training_seconds, const std::string& loaded_from,
                                const std::string& saved_to) {
    ordered curves = ordered::array();
    for (const auto& m : info.members)
        curves.push_back({{"curve", curve_name(m.curve.kind)},
                          {"parameters", m.curve.p},
                          {"weight", m.weight},
                          {"backtest_rmse_ah", m.backtest_rmse_ah}});
    ordered j{{"mode", "forecast"},
              {"training_first_cycle", info.first_cycle},
              {"training_last_cycle", info.last_cycle},
              {"training_cycles", info.training_cycles},
              {"training_sha256", info.fingerprint},
              {"curves", curves},
              {"operating_conditions", {{"ratio_mean_degc_per_s", info.operating.ratio_mean},
                                        {"ratio_sd_degc_per_s", info.operating.ratio_sd},
                                        {"cycles", info.operating.cycles},
                                        {"samples", info.operating.samples.size()}}},
              {"error_model", {{"sigma0_ah", info.errors.sigma0_ah},
                               {"growth", info.errors.growth},
                               {"grows_with", info.errors.grows_with_fade ? "fade" : "cycles"}}},
              {"settings", {{"assumption_cycles", info.settings.assumption_cycles},
                            {"physics_samples", info.settings.physics_samples},
                            {"backtest_share", info.settings.backtest_share},
                            {"backtest_weights", info.settings.backtest_weights},
                            {"backtest_origins", info.settings.backtest_origins},
                            {"error_grows_with", info.settings.error_grows_with_fade ? "fade" : "cycles"},
                            {"seed", info.settings.seed}}},
              {"training_seconds", loaded_from.empty() ? ordered(training_seconds) : ordered(nullptr)},
              {"loaded_from", loaded_from.empty() ? ordered(nullptr) : ordered(loaded_from)},
              {"saved_to", saved_to.empty() ? ordered(nullptr) : ordered(saved_to)}};
    return j.dump();
}

dtop::Series rul_series(const std::vector<RulPrediction>& p, const PrognosticScore& s) {
    const auto n = static_cast<Eigen::Index>(p.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Eigen::VectorXd now(n), rul(n), low(n), high(n), truth(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& q = p[static_cast<std::size_t>(i)];
        now[i] = q.now;
        rul[i] = q.rul.value_or(nan);
        low[i] = q.rul_low.value_or(nan);
        high[i] = q.rul_high.value_or(nan);
        truth[i] = s.true_eol ? std::max(*s.true_eol - q.now, 0.0) : nan;
    }
    dtop::Series out;
    out.x_name = "cycle";
    out.x_unit = "";
    out.x = now;
    out.add("rul", "", rul);
    out.add("rul_low", "", low);
    out.add("rul_high", "", high);
    out.add("true_rul", "", truth);
    return out;
}

std::string prognostics_json(const std::vector<RulPrediction>& p, const PrognosticScore& s, double alpha, double lambda,
                             double threshold_ah) {
    ordered per_time = ordered::array();
    for (std::size_t i = 0; i < p.size(); ++i)
        per_time.push_back({{"cycle", p[i].now},
                            {"rul_cycles", maybe(p[i].rul)},
                            {"rul_low", maybe(p[i].rul_low)},
                            {"rul_high", maybe(p[i].rul_high)},
                            {"true_rul_cycles", s.true_eol ? ordered(std::max(*s.true_eol - p[i].now, 0.0)) : ordered("beyond the data")},
                            {"rul_error_cycles", maybe(s.rul_error[i])}});
    ordered j{{"threshold_ah", threshold_ah},
              {"alpha", alpha},
              {"lambda", lambda},
              {"true_eol_cycle", s.true_eol ? ordered(*s.true_eol) : ordered("beyond the data")},
              {"predictions", per_time}};
    if (s.true_eol) {
        double sq = 0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (p[i].now < *s.true_eol && s.rul_error[i]) sq += *s.rul_error[i] * *s.rul_error[i], ++n;
        j["scored_prediction_times"] = s.scored;
        j["rul_rmse_cycles"] = n ? ordered(std::sqrt(sq / static_cast<double>(n))) : ordered(nullptr);
        j["t_lambda_cycle"] = maybe(s.t_lambda);
        j["alpha_lambda_at_cycle"] = maybe(s.alpha_lambda_at);
        j["alpha_lambda_pass"] = s.alpha_lambda_pass ? ordered(*s.alpha_lambda_pass) : ordered(nullptr);
        j["prognostic_horizon_cycles"] = maybe(s.horizon);
        j["rul_band_coverage"] = maybe(s.band_coverage);
    } else {
        j["note"] = "the cell stays above the threshold in all its data: its RUL is beyond the data, and no metric can be scored";
    }
    return j.dump();
}

}  // namespace dtop::battery
