// The RUL picture of Saxena et al.: predicted remaining useful life (with its 5-95 % band) against
// the prediction time, the true RUL and its alpha cone, and t_lambda.
#pragma once

#include "prognostics.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dtop::battery {

// A self-contained gnuplot script (data inline) that writes `png`. Needs a true end of life.
std::string rul_script(const std::vector<RulPrediction>& p, const PrognosticScore& s, double alpha, double lambda,
                       const std::string& label, const std::filesystem::path& png);

}  // namespace dtop::battery
