// The fit that frequency-domain updating shares (to an FRF, to identified modes): from the starting
// structure, a coarse scan of one factor on all stiffnesses and one on all masses, then
// Levenberg-Marquardt on every parameter from the best scanned point.
#pragma once

#include "levenberg_marquardt.hpp"
#include "record_fit.hpp"

#include <string>

namespace dtop::identification {

// cost: the residuals at parameters x (parameters_of's layout), false where they cannot be
// evaluated. Fills the summary's before/after costs, parameters, frequencies and fit statistics. `updated_to`
// names the target in the updated frame's name ("a measured FRF"); `method` says how it was fitted.
FitSummary scan_then_fit(const structural::ShearFrame& start, const fitting::ResidualOnly& cost, int max_iterations,
                         const std::string& updated_to, const std::string& method);

}  // namespace dtop::identification
