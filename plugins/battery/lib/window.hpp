// The training window: the cycles the twin may learn from. Everything after it is unseen.
#pragma once

#include "cycles.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace dtop::battery {

// A setting that does not fit the data, with the parameter it is about.
struct SettingError : std::invalid_argument {
    SettingError(std::string param, const std::string& message) : std::invalid_argument(message), param(std::move(param)) {}
    std::string param;
};

// Rows first..last (inclusive) of a Cycles.
struct Window {
    std::size_t first = 0, last = 0;
    std::size_t size() const { return last - first + 1; }
};

// Enough for the linear-trend baseline and for the twin's backtest (twin.hpp, ErrorModel).
inline constexpr std::size_t kMinTrainingCycles = 20;

// The cycles numbered from `from` to `to`, or, when `fraction` > 0, the first `fraction` of the
// cycles from `from` on (0.5 = the first half). Throws SettingError naming train_from, train_to
// or train_fraction when the window lies outside the data or holds fewer than kMinTrainingCycles.
Window resolve_window(const Cycles& c, int64_t from, int64_t to, double fraction);

}  // namespace dtop::battery
