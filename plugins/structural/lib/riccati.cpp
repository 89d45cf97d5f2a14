#include "riccati.hpp"

#include <stdexcept>

namespace dtop::structural {

namespace {

// A^T P + P A - P B R^-1 B^T P + Q, and the norm that makes it relative.
Eigen::MatrixXd residual_matrix(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                                const Eigen::LDLT<Eigen::MatrixXd>& R, const Eigen::MatrixXd& P, double* scale) {
    const Eigen::MatrixXd PB = P * B;
    const Eigen::MatrixXd quad = PB * R.solve(PB.transpose());
    if (scale) *scale = std::max({Q.norm(), quad.norm(), 1e-300});
    return A.transpose() * P + P * A - quad + Q;
}

}  // namespace

double care_residual(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                     const Eigen::MatrixXd& R, const Eigen::MatrixXd& P) {
    double scale = 1;
    const Eigen::MatrixXd res = residual_matrix(A, B, Q, R.ldlt(), P, &scale);
    return res.norm() / scale;
}

namespace {

// P = U2 U1^-1 from the Hamiltonian [[A, -G], [-Q, -A^T]]'s stable invariant subspace [U1; U2],
// the first n Schur vectors once the stable eigenvalues are ordered first.
Eigen::MatrixXd hamiltonian_schur_solution(const Eigen::MatrixXd& A, const Eigen::MatrixXd& G, const Eigen::MatrixXd& Q) {
    const Eigen::Index n = A.rows();
    Eigen::MatrixXd H(2 * n, 2 * n);
    H << A, -G, -Q, -A.transpose();
    // Balanced first: D^-1 H D has the same stable subspace scaled by D^-1, and its eigenvalues near
    // the imaginary axis (lightly damped modes) keep their sign where ||H|| is large (Rn small).
    const Eigen::VectorXd d = balance(H);
    const RealSchur s = real_schur(H, true);
    if (s.stable != n) throw std::runtime_error("Riccati: the Hamiltonian has eigenvalues on the imaginary axis (not stabilisable/detectable)");
    // U1 singular: the stable subspace does not reach every state, i.e. (A, B) is not stabilisable
    // (tested on the orthonormal Schur vectors, before the balancing's scaling is undone).
    if (!Eigen::FullPivLU<Eigen::MatrixXd>(s.U.topLeftCorner(n, n)).isInvertible())
        throw std::runtime_error("Riccati: no stabilising solution ((A, B) is not stabilisable)");
    const Eigen::MatrixXd U1 = d.head(n).asDiagonal() * s.U.topLeftCorner(n, n);
    const Eigen::MatrixXd U2 = d.tail(n).asDiagonal() * s.U.bottomLeftCorner(n, n);
    const Eigen::MatrixXd P = U1.transpose().partialPivLu().solve(U2.transpose()).transpose();
    return 0.5 * (P + P.transpose());
}

}  // namespace

RiccatiSolution solve_care(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                           const Eigen::MatrixXd& R) {
    const auto R_ldlt = R.ldlt();
    const Eigen::MatrixXd G = B * R_ldlt.solve(B.transpose());
    RiccatiSolution s;
    s.P = hamiltonian_schur_solution(A, G, Q);
    s.residual = care_residual(A, B, Q, R, s.P);

    // Newton-Kleinman in correction form: with K = R^-1 B^T P, the step D solves
    // (A - B K)^T D + D (A - B K) + Res(P) = 0. Solving for the correction rather than for the next P
    // whole keeps the rounding relative to the residual, not to Q + K^T R K (three orders of magnitude
    // closer to the solution on the rig's Kalman filter, whose Rn = 1e-12 makes it ill-conditioned).
    RealSchur closed = real_schur(A - B * R_ldlt.solve(B.transpose() * s.P));
    for (int step = 0; step < 20 && s.residual > 1e-17; ++step) {
        if (closed.eigenvalues.real().maxCoeff() >= 0) break;  // not stabilising: keep what we have
        const Eigen::MatrixXd sum = s.P + solve_lyapunov(closed, residual_matrix(A, B, Q, R_ldlt, s.P, nullptr));
        const Eigen::MatrixXd next = 0.5 * (sum + sum.transpose());
        const double r = care_residual(A, B, Q, R, next);
        if (!(r < s.residual)) break;
        s.P = next;
        s.residual = r;
        s.newton_steps = step + 1;
        closed = real_schur(A - B * R_ldlt.solve(B.transpose() * s.P));
    }
    // Written so that NaN fails too.
    if (!s.P.allFinite() || !(closed.eigenvalues.real().maxCoeff() < 0))
        throw std::runtime_error("Riccati: no stabilising solution (the one found does not stabilise A - B K)");
    return s;
}

}  // namespace dtop::structural
