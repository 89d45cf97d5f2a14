#include "rul_sweep.hpp"

#include "report.hpp"

namespace dtop::battery {

std::optional<double> measured_end_of_life(const Cycles& c, double threshold_ah, int64_t from) {
    for (std::size_t i = 0; i < c.size(); ++i)
        if (c.cycle[i] >= static_cast<double>(from) && c.capacity_ah[i] < threshold_ah) return c.cycle[i];
    return std::nullopt;
}

std::vector<RulPrediction> rul_sweep(const Cycles& c, const RulSweepSettings& s) {
    if (s.every < 1) throw SettingError("every", "must be at least 1");
    const std::optional<double> eol = measured_end_of_life(c, s.threshold_ah, s.train_from);
    const double last = eol ? *eol - 1 : c.cycle.back();
    if (static_cast<double>(s.first_prediction) > last)
        throw SettingError("first_prediction", "cycle " + std::to_string(s.first_prediction) + " is not before the " +
                                                   (eol ? "measured end of life (cycle " + std::to_string(static_cast<long long>(*eol)) + ")"
                                                        : "last measured cycle"));
    std::vector<RulPrediction> out;
    ForecastSettings f;
    f.future_cycles = s.future_cycles;
    f.inputs = OperatingInputs::assumed;
    f.assumption_cycles = s.twin.assumption_cycles;
    for (int64_t now = s.first_prediction; static_cast<double>(now) <= last; now += s.every) {
        Window w;
        try {
            w = resolve_window(c, s.train_from, now, 0);
        } catch (const SettingError& e) {
            throw SettingError("first_prediction", "the window up to cycle " + std::to_string(now) + ": " + e.what());
        }
        const ForecastTwin twin = ForecastTwin::train(c, w, s.twin);
        const ForecastRows rows = forecast_rows(c, w, f);
        const EndOfLife e = make_report(c, w, rows, twin.predict(rows), s.threshold_ah).end_of_life;
        out.push_back({e.now_cycle, EndOfLife::rul(e.cycle, e.now_cycle), EndOfLife::rul(e.earliest, e.now_cycle),
                       EndOfLife::rul(e.latest, e.now_cycle)});
    }
    return out;
}

}  // namespace dtop::battery
