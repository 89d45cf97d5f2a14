// Sylvester and Lyapunov equations by Bartels-Stewart: reduce to real Schur form (schur.hpp), solve the
// quasi-triangular equation (LAPACK dtrsyl), transform back. O(n^3) time and O(n^2) memory, where the
// Kronecker form this replaces took O(n^6) and O(n^4) (866 MB at 102 states).
#pragma once

#include "schur.hpp"

namespace dtop::structural {

// A X + X B = C. Throws std::runtime_error if A and -B share an eigenvalue (no unique solution).
Eigen::MatrixXd solve_sylvester(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& C);

// A^T X + X A + Q = 0, X symmetric for symmetric Q. Unique when no two eigenvalues of A sum to zero
// (A stable suffices); throws std::runtime_error otherwise.
Eigen::MatrixXd solve_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q);
// The same with the Schur form of A already at hand.
Eigen::MatrixXd solve_lyapunov(const RealSchur& schur_of_A, const Eigen::MatrixXd& Q);

}  // namespace dtop::structural
