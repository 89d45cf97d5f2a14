// The seed's pictures: measured capacity, physics and twin over the cycles, the twin's band, the end
// of training and the end-of-life threshold. A short horizon zooms on the predicted cycles.
#pragma once

#include "forecast.hpp"
#include "report.hpp"

#include <filesystem>
#include <string>

namespace dtop::battery {

inline constexpr int64_t kZoomHorizon = 20;  // horizons up to this many cycles get the close-up

// A self-contained gnuplot script (data inline) that writes `png`.
std::string prediction_script(const ForecastRows& rows, const Report& r, int64_t horizon, const std::string& label,
                              const std::filesystem::path& png);

}  // namespace dtop::battery
