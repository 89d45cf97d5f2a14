#include "forecast.hpp"

#include <algorithm>
#include <limits>

namespace dtop::battery {

ForecastRows forecast_rows(const Cycles& c, const Window& w, const ForecastSettings& f) {
    ForecastRows r;
    r.inputs = f.inputs;
    r.last_training_cycle = c.cycle[w.last];
    const bool measured = f.inputs == OperatingInputs::measured;
    // The assumption averages the last cycles it may see: the measured ones, or only the window's.
    const std::size_t seen_end = measured ? c.size() : w.last + 1;
    const auto wanted = static_cast<std::size_t>(std::max<int64_t>(f.assumption_cycles, 1));
    const std::size_t n = std::min(wanted, seen_end - w.first);
    double T = 0, t = 0;
    for (std::size_t i = seen_end - n; i < seen_end; ++i) T += c.temperature_c[i], t += c.discharge_time_s[i];
    r.assumed_temperature_c = T / static_cast<double>(n);
    r.assumed_discharge_time_s = t / static_cast<double>(n);
    r.assumption = std::string("T_i and t_i of every cycle after the ") + (measured ? "data" : "training window") +
                   ": the mean of the last " + std::to_string(n) + (measured ? " measured" : " training") + " cycles";

    const std::size_t scored_end = f.horizon > 0 ? std::min(c.size(), w.last + 1 + static_cast<std::size_t>(f.horizon)) : c.size();
    auto add = [&](double cycle, double temperature, double time, double capacity, Split s) {
        r.cycle.push_back(cycle);
        r.temperature_c.push_back(temperature);
        r.discharge_time_s.push_back(time);
        r.measured_ah.push_back(capacity);
        r.split.push_back(s);
    };
    for (std::size_t i = w.first; i < c.size(); ++i) {
        const bool own_inputs = i <= w.last || measured;
        add(c.cycle[i], own_inputs ? c.temperature_c[i] : r.assumed_temperature_c,
            own_inputs ? c.discharge_time_s[i] : r.assumed_discharge_time_s, c.capacity_ah[i],
            i <= w.last ? Split::training : i < scored_end ? Split::scored : Split::unscored);
    }
    for (int64_t k = 1; k <= f.future_cycles; ++k)
        add(c.cycle.back() + static_cast<double>(k), r.assumed_temperature_c, r.assumed_discharge_time_s,
            std::numeric_limits<double>::quiet_NaN(), Split::beyond_data);
    return r;
}

}  // namespace dtop::battery
