// Exact discretisation of a linear system at a fixed step with the input held over the step (zero-
// order hold): x_{k+1} = Phi x_k + Gamma u_k, Phi = e^{A h}, Gamma = integral_0^h e^{A s} ds B, both
// from one matrix exponential of [[A, B], [0, 0]] h. Exact for piecewise-constant input, at any h.
#pragma once

#include <Eigen/Dense>

namespace dtop::structural {

struct Discrete {
    Eigen::MatrixXd Phi;
    Eigen::MatrixXd Gamma;
};

Discrete zero_order_hold(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, double h);

}  // namespace dtop::structural
