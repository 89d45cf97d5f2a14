// Model updating on a measured FRF: the chain's masses, stiffnesses and modal damping ratios such
// that its FRFs (force at the input floor, every measured floor) match the measurement near the
// resonances. Error: the complex logarithm ln(H_model / H_measured), i.e. the magnitude error in nepers
// and the phase error in radians, on the lines within `half_width` of each identified natural
// frequency (the weighting "around resonances": other lines do not count). Start: a scan of one
// factor on all stiffnesses, then Levenberg-Marquardt with a numeric Jacobian.
#pragma once

#include "chain_model.hpp"
#include "record_fit.hpp"

#include <vector>

namespace dtop::identification {

struct FrfFitOptions {
    double half_width = 0.5;     // Hz around each resonance
    double phase_weight = 1.0;   // weight of the phase error (rad) against the log-magnitude error (Np)
    int input = 1;               // floor of the force (1-based)
    int max_iterations = 200;
};

// Lines within half_width of any of the resonances.
std::vector<Eigen::Index> lines_near(const Eigen::VectorXd& f_hz, const std::vector<double>& resonances_hz, double half_width);

// RMS over the given lines of 20 log10 |H_model / H_measured|, per output (dB).
Eigen::VectorXd db_error(const Eigen::MatrixXcd& measured, const Eigen::MatrixXcd& model, const std::vector<Eigen::Index>& lines);

FitSummary fit_to_frf(const structural::ShearFrame& start, const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, Quantity q,
                      const std::vector<double>& resonances_hz, const FrfFitOptions& options);

}  // namespace dtop::identification
