// Continuous algebraic Riccati equation A^T P + P A - P B R^-1 B^T P + Q = 0, on Eigen alone.
// Stable invariant subspace of the Hamiltonian for a first solution, then Newton-Kleinman steps
// (each a Lyapunov equation) to bring the residual down to rounding level.
#pragma once

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

// Solves A^T X + X A + Q = 0 (A stable) by the Kronecker form; small systems only.
Eigen::MatrixXd solve_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q);

double care_residual(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                     const Eigen::MatrixXd& R, const Eigen::MatrixXd& P);

}  // namespace dtop::structural
