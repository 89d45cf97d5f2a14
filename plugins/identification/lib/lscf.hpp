// Modal parameters from measured FRFs of one input (force) and several outputs: the least-squares
// complex frequency-domain estimator (LSCF, Guillaume et al. 2003; "polyreference" with one input),
// a stabilisation diagram over model orders, and the mode shapes by least-squares frequency-domain
// fitting (LSFD) of the selected poles with lower and upper residuals.
//
// LSCF: common-denominator model H_o(w) = B_o(z) / A(z), z = exp(j w dt), dt = 1 / (2 f_high); the
// numerators are eliminated in the normal equations (reduced normal equations, real coefficients),
// A is solved with its highest coefficient 1, poles s = ln(z_r) / dt. The normal-equation blocks are
// Toeplitz, so they are built once for the highest order in O(lines x order) and every order reuses them.
#pragma once

#include "chain_model.hpp"

#include <Eigen/Core>

#include <vector>

namespace dtop::identification {

struct Pole {
    double frequency_hz = 0;  // undamped natural frequency |s| / 2 pi
    double damping = 0;       // -Re(s) / |s|
    int order = 0;            // model order it came from
    bool stable = false;      // close to a pole of the previous order (frequency and damping)
};

struct StabilisationOptions {
    double f_low = 0, f_high = 0;  // Hz, band fitted (0: the FRF's range)
    int max_order = 40;            // highest denominator order (even)
    double frequency_tolerance = 0.01, damping_tolerance = 0.05;  // relative, between orders
    double max_damping = 0.2;      // poles with more damping than this are not physical
};

// poles[i]: the physical poles (positive frequency, positive damping, within the band) at order 2(i+1).
std::vector<std::vector<Pole>> stabilisation_diagram(const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, const StabilisationOptions& o);

struct IdentifiedMode {
    double frequency_hz = 0, damping = 0;
    double frequency_spread_hz = 0, damping_spread = 0;  // standard deviation over the stable orders that see it
    int stable_orders = 0;
    Eigen::VectorXd modal_constant;  // per output: phi_o phi_input (real part), in receptance units 1/kg
};

struct ModalFit {
    std::vector<IdentifiedMode> modes;  // ascending frequency
    Eigen::MatrixXcd synthesis;         // the LSFD model at the input frequencies (same quantity as the input)
    Eigen::VectorXd fit_error;          // per output: |H - synthesis| / |H| (RMS over the band), relative
    std::vector<std::vector<Pole>> diagram;
};

// Poles picked from the diagram: clusters of stable poles (within frequency_tolerance) seen at a
// quarter of the orders or more; `modes` > 0 keeps the that many with the largest response, else all.
ModalFit extract_modes(const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, Quantity q, const StabilisationOptions& o, int modes);

// LSFD: residues of the given poles (and their conjugates) with residual terms, fitted to H in the
// band. Fills modal_constant and the synthesis; returns the fit error per output.
Eigen::VectorXd lsfd(const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, Quantity q, double f_low, double f_high,
                     std::vector<IdentifiedMode>& modes, Eigen::MatrixXcd& synthesis);

}  // namespace dtop::identification
