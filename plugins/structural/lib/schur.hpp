// Real Schur form A = U T U^T (T quasi-triangular: 1x1 and 2x2 blocks on the diagonal, U orthogonal),
// from LAPACK's dgees, optionally ordered with the eigenvalues of negative real part first. The
// building block of the Lyapunov/Sylvester (Bartels-Stewart) and Riccati (Hamiltonian-Schur) solvers:
// backward stable, unlike eigenvectors, which may be nearly dependent.
#pragma once

#include <Eigen/Dense>

namespace dtop::structural {

struct RealSchur {
    Eigen::MatrixXd T, U;
    Eigen::VectorXcd eigenvalues;  // in the order of T's diagonal
    Eigen::Index stable = 0;       // leading eigenvalues with negative real part (when ordered)
};

// Diagonal scaling D (powers of 2, exact) such that D^-1 A D has rows and columns of even norms; A is
// replaced by D^-1 A D. Eigenvalues are unchanged and computed to an accuracy relative to the smaller
// norm: it matters for badly scaled matrices such as a Kalman filter's Hamiltonian with Rn = 1e-12.
Eigen::VectorXd balance(Eigen::MatrixXd& A);

// Throws std::runtime_error if the QR iteration fails to converge.
RealSchur real_schur(const Eigen::MatrixXd& A, bool stable_first = false);

}  // namespace dtop::structural
