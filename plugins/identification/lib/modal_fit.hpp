// Model updating to identified modes: the chain's masses, stiffnesses and modal damping ratios such
// that its natural frequencies, damping ratios and modal constants c_ir = phi_i phi_input (mass-
// normalised shapes, so the force's scale fixes the masses) match those identified from an FRF (e.g.
// by LSCF + LSFD). Residuals: relative frequency and damping errors, and modal-constant errors relative
// to each mode's largest constant. Start: a scan of one stiffness and one mass factor.
#pragma once

#include "lscf.hpp"
#include "record_fit.hpp"

#include <vector>

namespace dtop::identification {

// modes: as many as the structure has floors (lowest first), with modal constants for every floor.
FitSummary fit_to_modes(const structural::ShearFrame& start, const std::vector<IdentifiedMode>& modes, int input, int max_iterations = 200);

}  // namespace dtop::identification
