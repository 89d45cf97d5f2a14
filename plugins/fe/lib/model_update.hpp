// Model updating: the storey stiffnesses of a shear frame such that its natural frequencies match
// measured or FE ones in least squares. Floor masses stay as they are (they are weighed; the
// stiffness is what the lumped model idealises).
//
// Unknowns: theta_i = ln k_i (stiffnesses stay positive; the steps are relative). Residuals:
// r_j = (f_mj(theta) - fhat_j) / fhat_j for the matched modes m_j. Levenberg-Marquardt with the
// exact Jacobian from eigenvalue sensitivities: for a mass-normalised mode phi,
// d(omega^2)/dk_i = phi^T (dK/dk_i) phi = (phi_i - phi_{i-1})^2 (phi_0 = 0), so
// df/dtheta_i = k_i (phi_i - phi_{i-1})^2 / (8 pi^2 f).
#pragma once

#include "shear_frame.hpp"

#include <Eigen/Core>

#include <vector>

namespace dtop::fe {

enum class StiffnessModel {
    per_storey,  // one unknown per storey
    uniform,     // one factor on all storeys (keeps their ratios)
};

struct UpdateOptions {
    std::vector<int> modes;  // 1-based modes to match, ascending; empty: 1..targets
    StiffnessModel model = StiffnessModel::per_storey;
    int max_iterations = 200;
    double tolerance = 1e-12;  // on the relative step and on the relative cost decrease
};

struct UpdateResult {
    structural::ShearFrame frame;  // the updated structure
    std::vector<int> modes;        // matched modes
    Eigen::VectorXd target_hz;     // per matched mode
    Eigen::VectorXd before_hz;     // per matched mode
    Eigen::VectorXd after_hz;      // per matched mode
    Eigen::VectorXd stiffness_ratio;  // k_after / k_before, per storey
    double rms_before = 0, rms_after = 0;  // of the relative residuals
    int iterations = 0;
    bool converged = false;
    bool underdetermined = false;  // fewer matched modes than unknowns: the closest to the start is kept
};

// target_hz: frequencies of modes 1, 2, ... (e.g. an FE model's sway modes); the matched ones are
// picked by options.modes. Throws std::invalid_argument for modes beyond the frame or the targets,
// and for non-positive targets.
UpdateResult update_stiffness(const structural::ShearFrame& start, const Eigen::VectorXd& target_hz,
                              const UpdateOptions& options);

}  // namespace dtop::fe
