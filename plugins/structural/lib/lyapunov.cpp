#include "lyapunov.hpp"

#include "lapack.hpp"

#include <stdexcept>
#include <string>

namespace dtop::structural {

namespace {

// op(Ta) Y + Y Tb = scale C on quasi-triangular Ta, Tb; returns Y (C / scale undone).
Eigen::MatrixXd triangular_sylvester(char trana, const Eigen::MatrixXd& Ta, const Eigen::MatrixXd& Tb, Eigen::MatrixXd C) {
    const int m = static_cast<int>(Ta.rows()), n = static_cast<int>(Tb.rows()), isgn = 1;
    const int lda = std::max(m, 1), ldb = std::max(n, 1);
    const char tranb = 'N';
    double scale = 1;
    int info = 0;
    dtrsyl_(&trana, &tranb, &isgn, &m, &n, Ta.data(), &lda, Tb.data(), &ldb, C.data(), &lda, &scale, &info, 1, 1);
    if (info < 0) throw std::runtime_error("Sylvester: bad argument " + std::to_string(-info) + " to dtrsyl");
    // info 1: eigenvalues of op(Ta) and -Tb (nearly) coincide, LAPACK perturbed them: no reliable solution.
    if (info == 1) throw std::runtime_error("Sylvester/Lyapunov: the equation is (nearly) singular (an eigenvalue of A is minus one of B)");
    return C / scale;
}

}  // namespace

Eigen::MatrixXd solve_sylvester(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& C) {
    if (C.rows() != A.rows() || C.cols() != B.rows()) throw std::invalid_argument("Sylvester: C must be rows(A) x rows(B)");
    const RealSchur sa = real_schur(A), sb = real_schur(B);
    // A = Ua Ta Ua^T, B = Ub Tb Ub^T: Ta Y + Y Tb = Ua^T C Ub, X = Ua Y Ub^T.
    const Eigen::MatrixXd Y = triangular_sylvester('N', sa.T, sb.T, sa.U.transpose() * C * sb.U);
    return sa.U * Y * sb.U.transpose();
}

Eigen::MatrixXd solve_lyapunov(const RealSchur& s, const Eigen::MatrixXd& Q) {
    if (Q.rows() != s.T.rows() || Q.cols() != s.T.rows()) throw std::invalid_argument("Lyapunov: Q must be n x n like A");
    // A = U T U^T: T^T Y + Y T = -U^T Q U, X = U Y U^T.
    const Eigen::MatrixXd Y = triangular_sylvester('T', s.T, s.T, -(s.U.transpose() * Q * s.U));
    const Eigen::MatrixXd X = s.U * Y * s.U.transpose();
    return Q == Q.transpose() ? Eigen::MatrixXd(0.5 * (X + X.transpose())) : X;  // symmetric up to rounding
}

Eigen::MatrixXd solve_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
    return solve_lyapunov(real_schur(A), Q);
}

}  // namespace dtop::structural
