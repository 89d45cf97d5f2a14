#include "window.hpp"

#include <cmath>

namespace dtop::battery {

namespace {
std::string cycle_text(double cycle) { return std::to_string(static_cast<long long>(std::llround(cycle))); }
}  // namespace

Window resolve_window(const Cycles& c, int64_t from, int64_t to, double fraction) {
    const std::string range = " (the data has cycles " + cycle_text(c.cycle.front()) + " to " + cycle_text(c.cycle.back()) + ")";
    std::size_t first = 0;
    while (first < c.size() && c.cycle[first] < static_cast<double>(from)) ++first;
    if (first == c.size()) throw SettingError("train_from", "cycle " + std::to_string(from) + " is beyond the data" + range);

    std::size_t count = 0;
    std::string param;
    if (fraction > 0) {
        param = "train_fraction";
        count = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(c.size() - first)));
    } else {
        param = "train_to";
        if (to < from) throw SettingError("train_to", "must not be below train_from (" + std::to_string(from) + ")");
        if (static_cast<double>(to) > c.cycle.back())
            throw SettingError("train_to", "cycle " + std::to_string(to) + " is beyond the data" + range);
        while (first + count < c.size() && c.cycle[first + count] <= static_cast<double>(to)) ++count;
    }
    if (count < kMinTrainingCycles)
        throw SettingError(param, "the training window holds " + std::to_string(count) + " cycles; at least " +
                                      std::to_string(kMinTrainingCycles) + " are needed" + range);
    return Window{first, first + count - 1};
}

}  // namespace dtop::battery
