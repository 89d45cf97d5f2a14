#include "riccati.hpp"

#include <Eigen/Eigenvalues>

#include <stdexcept>

namespace dtop::structural {

Eigen::MatrixXd solve_lyapunov(const Eigen::MatrixXd& A, const Eigen::MatrixXd& Q) {
    const Eigen::Index n = A.rows();
    // vec(A^T X + X A) = (I kron A^T + A^T kron I) vec(X)
    Eigen::MatrixXd L = Eigen::MatrixXd::Zero(n * n, n * n);
    const Eigen::MatrixXd At = A.transpose();
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            L.block(i * n, j * n, n, n) += (i == j ? 1.0 : 0.0) * At;
            L.block(i * n, j * n, n, n).diagonal().array() += At(i, j);
        }
    const Eigen::VectorXd q = Eigen::Map<const Eigen::VectorXd>(Q.data(), n * n);
    Eigen::VectorXd x = L.partialPivLu().solve(-q);
    Eigen::MatrixXd X = Eigen::Map<Eigen::MatrixXd>(x.data(), n, n);
    return 0.5 * (X + X.transpose());
}

double care_residual(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                     const Eigen::MatrixXd& R, const Eigen::MatrixXd& P) {
    const Eigen::MatrixXd quad = P * B * R.ldlt().solve(B.transpose()) * P;
    const Eigen::MatrixXd res = A.transpose() * P + P * A - quad + Q;
    return res.norm() / std::max({Q.norm(), quad.norm(), 1e-300});
}

RiccatiSolution solve_care(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q,
                           const Eigen::MatrixXd& R) {
    const Eigen::Index n = A.rows();
    const Eigen::MatrixXd G = B * R.ldlt().solve(B.transpose());
    // Hamiltonian [[A, -G], [-Q, -A^T]]: its n stable eigenvectors [U1; U2] give P = U2 U1^-1.
    Eigen::MatrixXd H(2 * n, 2 * n);
    H << A, -G, -Q, -A.transpose();
    Eigen::ComplexEigenSolver<Eigen::MatrixXd> es(H);
    if (es.info() != Eigen::Success) throw std::runtime_error("Riccati: eigenvalues of the Hamiltonian did not converge");
    Eigen::MatrixXcd U(2 * n, n);
    Eigen::Index k = 0;
    for (Eigen::Index i = 0; i < 2 * n && k < n; ++i)
        if (es.eigenvalues()[i].real() < 0) U.col(k++) = es.eigenvectors().col(i);
    if (k != n) throw std::runtime_error("Riccati: the Hamiltonian has eigenvalues on the imaginary axis (not stabilisable/detectable)");
    const Eigen::MatrixXcd U1 = U.topRows(n), U2 = U.bottomRows(n);
    // U1 singular: the stable subspace does not reach every state, i.e. (A, B) is not stabilisable.
    if (!U1.fullPivLu().isInvertible())
        throw std::runtime_error("Riccati: no stabilising solution ((A, B) is not stabilisable)");
    Eigen::MatrixXd P = (U1.transpose().partialPivLu().solve(U2.transpose())).transpose().real();
    P = 0.5 * (P + P.transpose());

    // Newton-Kleinman: with K = R^-1 B^T P, solve (A - B K)^T P' + P' (A - B K) + Q + K^T R K = 0.
    RiccatiSolution s;
    s.P = P;
    s.residual = care_residual(A, B, Q, R, P);
    for (int step = 0; step < 20 && s.residual > 1e-13; ++step) {
        const Eigen::MatrixXd K = R.ldlt().solve(B.transpose() * s.P);
        const Eigen::MatrixXd Ak = A - B * K;
        Eigen::EigenSolver<Eigen::MatrixXd> stab(Ak, false);
        if (stab.eigenvalues().real().maxCoeff() >= 0) break;  // not stabilising: keep what we have
        const Eigen::MatrixXd next = solve_lyapunov(Ak, Q + K.transpose() * R * K);
        const double r = care_residual(A, B, Q, R, next);
        if (!(r < s.residual)) break;
        s.P = next;
        s.residual = r;
        s.newton_steps = step + 1;
    }
    const Eigen::MatrixXd K = R.ldlt().solve(B.transpose() * s.P);
    Eigen::EigenSolver<Eigen::MatrixXd> closed(A - B * K, false);
    // Written so that NaN fails too.
    if (!s.P.allFinite() || !(closed.eigenvalues().real().maxCoeff() < 0))
        throw std::runtime_error("Riccati: no stabilising solution (the one found does not stabilise A - B K)");
    return s;
}

}  // namespace dtop::structural
