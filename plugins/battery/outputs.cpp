#include "outputs.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>

namespace dtop::battery {

using ordered = nlohmann::ordered_json;  // the columns in the order written

namespace {

ordered maybe(const std::optional<double>& v) { return v ? ordered(*v) : ordered(nullptr); }

}  // namespace

Cycles cycles_from_table(const dtop::Table& t) {
    std::vector<double>* columns[4];
    Cycles c;
    columns[0] = &c.cycle, columns[1] = &c.capacity_ah, columns[2] = &c.discharge_time_s, columns[3] = &c.temperature_c;
    for (std::size_t k = 0; k < 4; ++k) {
        const Eigen::Index i = t.find(kCycleColumns[k]);
        if (i < 0)
            throw std::runtime_error(std::string("the cycles input has no column '") + kCycleColumns[k] +
                                     "' (it needs cycle, capacity_ah, discharge_time_s, max_temperature_c)");
        const std::string& unit = t.units[static_cast<std::size_t>(i)];
        if (k > 0 && !unit.empty() && unit != kCycleUnits[k])
            throw std::runtime_error(std::string("the cycles input's column '") + kCycleColumns[k] + "' is in '" + unit +
                                     "'; expected " + kCycleUnits[k]);
        columns[k]->assign(t.data.col(i).data(), t.data.col(i).data() + t.rows());
    }
    try {
        check_cycles(c);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("the cycles input: ") + e.what());
    }
    return c;
}

dtop::Series predictions_series(const ForecastRows& rows, const Report& r) {
    auto vec = [](const std::vector<double>& v) { return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())); };
    dtop::Series s;
    s.x_name = "cycle";
    s.x_unit = "";
    s.x = vec(rows.cycle);
    s.add("measured", "Ah", vec(rows.measured_ah));
    s.add("physics", "Ah", vec(r.physics));
    s.add("twin", "Ah", vec(r.twin));
    s.add("lower", "Ah", vec(r.band_low));
    s.add("upper", "Ah", vec(r.band_high));
    Eigen::VectorXd split(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) split[static_cast<Eigen::Index>(i)] = static_cast<double>(rows.split[i]);
    s.add("split", "", split);
    return s;
}

std::string metrics_json(const Report& r) {
    ordered rows = ordered::array();
    for (const auto& m : r.errors) {
        ordered row{{"method", m.method}};
        if (m.errors.cycles > 0) {
            row["rmse_ah"] = m.errors.rmse;
            row["mae_ah"] = m.errors.mae;
        } else {
            row["rmse_ah"] = nullptr;  // nothing measured after the window: nothing to score
            row["mae_ah"] = nullptr;
        }
        row["cycles"] = m.errors.cycles;
        if (m.band_coverage) row["band_coverage"] = *m.band_coverage;
        rows.push_back(row);
    }
    return rows.dump();
}

std::string end_of_life_json(const Report& r, const ForecastRows& rows) {
    const EndOfLife& e = r.end_of_life;
    ordered j{{"threshold_ah", e.threshold_ah},
              {"now_cycle", e.now_cycle},
              {"eol_cycle", maybe(e.cycle)},
              {"eol_earliest", maybe(e.earliest)},
              {"eol_latest", maybe(e.latest)},
              {"rul_cycles", maybe(EndOfLife::rul(e.cycle, e.now_cycle))},
              {"rul_low", maybe(EndOfLife::rul(e.earliest, e.now_cycle))},
              {"rul_high", maybe(EndOfLife::rul(e.latest, e.now_cycle))},
              {"measured_eol_cycle", maybe(e.measured_cycle)},
              {"measured_rul_cycles", maybe(EndOfLife::rul(e.measured_cycle, e.now_cycle))},
              {"predicted_to_cycle", e.last_predicted_cycle},
              {"band", "5-95 %: ensemble spread and the backtest's error growth"},
              {"operating_inputs", rows.inputs == OperatingInputs::measured ? "measured" : "assumed"},
              {"assumption", rows.assumption},
              {"assumed_temperature_c", rows.assumed_temperature_c},
              {"assumed_discharge_time_s", rows.assumed_discharge_time_s}};
    if (!e.cycle)
        j["note"] = "the twin stays above the threshold up to cycle " + std::to_string(std::llround(e.last_predicted_cycle)) +
                    " (raise future_cycles to look further)";
    else if (*e.cycle <= e.now_cycle)
        j["note"] = "the twin is below the threshold already within its training window";
    if (e.cycle && !e.latest)
        j["note_band"] = "the band's upper edge stays above the threshold up to cycle " + std::to_string(std::llround(e.last_predicted_cycle));
    return j.dump();
}

std::string model_json(const TwinInfo& info, double training_seconds, const std::string& loaded_from, const std::string& saved_to) {
    nlohmann::json settings = info.settings;
    ordered j{{"k", info.physics.k},
              {"k_calibrated", info.settings.calibrate_k},
              {"c0_ah", info.physics.c0_ah},
              {"training_first_cycle", info.first_cycle},
              {"training_last_cycle", info.last_cycle},
              {"training_cycles", info.training_cycles},
              {"training_sha256", info.fingerprint},
              {"error_model", {{"sigma0_ah", info.errors.sigma0_ah},
                               {"growth_measured_ah_per_cycle", info.errors.growth_measured},
                               {"growth_assumed_ah_per_cycle", info.errors.growth_assumed}}},
              {"settings", ordered::parse(settings.dump())},
              {"training_seconds", loaded_from.empty() ? ordered(training_seconds) : ordered(nullptr)},
              {"loaded_from", loaded_from.empty() ? ordered(nullptr) : ordered(loaded_from)},
              {"saved_to", saved_to.empty() ? ordered(nullptr) : ordered(saved_to)}};
    return j.dump();
}

}  // namespace dtop::battery
