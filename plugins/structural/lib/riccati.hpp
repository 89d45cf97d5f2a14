// Continuous algebraic Riccati equation A^T P + P A - P B R^-1 B^T P + Q = 0, on Eigen and LAPACK.
// The stable invariant subspace of the Hamiltonian from its ordered real Schur form gives a first
// solution; Newton-Kleinman steps (each a Lyapunov equation, by Bartels-Stewart) bring the residual
// down to rounding level. O(n^3) time, O(n^2) memory.
#pragma once

#include "lyapunov.hpp"

#include <Eigen/Dense>

namespace dtop::structural {

struct RiccatiSolution {
    Eigen::MatrixXd P;
    double residual = 0;  // ||A^T P + P A - P B R^-1 B^T P + Q||_F / max(||Q||_F, ||P B R^-1 B^T P||_F)
    int newton_steps = 0;
};

// Throws std::runtime_error if no stabilising solution is found (e.g. (A, B) not stabilisable).
RiccatiSolution solve_care(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                           const Eigen::MatrixXd& R);

double care_residual(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                     const Eigen::MatrixXd& R, const Eigen::MatrixXd& P);

}  // namespace dtop::structural
