// The Schur-based solvers (issue 10, part 8) on problems of the sizes a tall frame brings: Sylvester
// and Lyapunov residuals, CARE residuals and stabilisation on random stabilisable systems of 20 to 200
// states, and the rig's Kalman gain against a solution refined independently here (Kronecker form,
// residuals in long double).
#include "assembly.hpp"
#include "control.hpp"
#include "riccati.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace dtop::structural;

namespace {

Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, std::mt19937& rng) {
    std::normal_distribution<double> n(0.0, 1.0);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = n(rng);
    return m;
}

// A random matrix shifted so that its eigenvalues lie left of -margin.
Eigen::MatrixXd random_stable(Eigen::Index n, std::mt19937& rng, double margin = 0.1) {
    Eigen::MatrixXd A = random_matrix(n, n, rng);
    A.diagonal().array() -= stability_abscissa(A) + margin;
    return A;
}

}  // namespace

TEST_CASE("structural: solve_sylvester satisfies A X + X B = C for random systems up to 150") {
    std::mt19937 rng(11);
    for (Eigen::Index n : {1, 7, 40, 150}) {
        const Eigen::MatrixXd A = random_stable(n, rng), B = random_stable(n / 2 + 3, rng);
        const Eigen::MatrixXd C = random_matrix(n, n / 2 + 3, rng);
        const Eigen::MatrixXd X = solve_sylvester(A, B, C);
        INFO("n = " << n);
        CHECK((A * X + X * B - C).norm() < 1e-13 * (A.norm() + B.norm()) * X.norm());
    }
}

TEST_CASE("structural: solve_sylvester refuses A and -B sharing an eigenvalue") {
    const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(3, 3), B = -Eigen::MatrixXd::Identity(2, 2);
    CHECK_THROWS_AS(solve_sylvester(A, B, Eigen::MatrixXd::Ones(3, 2)), std::runtime_error);
}

TEST_CASE("structural: solve_lyapunov has a rounding-level residual and a symmetric positive X at 200 states") {
    std::mt19937 rng(12);
    const Eigen::MatrixXd A = random_stable(200, rng);
    const Eigen::MatrixXd G = random_matrix(200, 3, rng);
    const Eigen::MatrixXd Q = G * G.transpose() + Eigen::MatrixXd::Identity(200, 200);
    const Eigen::MatrixXd X = solve_lyapunov(A, Q);
    CHECK((A.transpose() * X + X * A + Q).norm() < 1e-12 * 2 * A.norm() * X.norm());
    CHECK((X - X.transpose()).norm() == 0.0);
    CHECK(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(X).eigenvalues().minCoeff() > 0);
}

TEST_CASE("structural: solve_care stabilises random stabilisable systems of 20 to 200 states") {
    std::mt19937 rng(13);
    for (Eigen::Index n : {20, 50, 100, 200}) {
        // A with its rightmost eigenvalues unstable (up to +0.1), two inputs: controllable with probability 1
        Eigen::MatrixXd A = random_matrix(n, n, rng) / std::sqrt(static_cast<double>(n));
        A.diagonal().array() += 0.1 - stability_abscissa(A);
        const Eigen::MatrixXd B = random_matrix(n, 2, rng);
        const Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(n, n), R = Eigen::MatrixXd::Identity(2, 2);
        const RiccatiSolution s = solve_care(A, B, Q, R);
        INFO("n = " << n << ", residual " << s.residual);
        CHECK(s.residual < 1e-12);
        CHECK(care_residual(A, B, Q, R, s.P) == s.residual);
        CHECK((s.P - s.P.transpose()).norm() == 0.0);
        CHECK(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(s.P).eigenvalues().minCoeff() > 0);
        CHECK(stability_abscissa(A - B * R.ldlt().solve(B.transpose() * s.P)) < 0);
    }
}

namespace {

using LD = long double;
using MatrixLD = Eigen::Matrix<LD, Eigen::Dynamic, Eigen::Dynamic>;

// Newton steps on the CARE A^T P + P A - P G P + Q = 0 written independently of the library: the
// residual in long double, the correction from the Kronecker form of the Lyapunov equation.
Eigen::MatrixXd refine_care(const Eigen::MatrixXd& A, const Eigen::MatrixXd& G, const Eigen::MatrixXd& Q, Eigen::MatrixXd P) {
    const Eigen::Index n = A.rows();
    for (int step = 0; step < 3; ++step) {
        const MatrixLD Al = A.cast<LD>(), Gl = G.cast<LD>(), Pl = P.cast<LD>();
        const MatrixLD res = Al.transpose() * Pl + Pl * Al - Pl * Gl * Pl + Q.cast<LD>();
        const MatrixLD Ak = Al - Gl * Pl;
        // vec(Ak^T D + D Ak) = (I kron Ak^T + Ak^T kron I) vec(D)
        MatrixLD L = MatrixLD::Zero(n * n, n * n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j) {
                if (i == j) L.block(i * n, j * n, n, n) += Ak.transpose();
                L.block(i * n, j * n, n, n).diagonal().array() += Ak(j, i);
            }
        const Eigen::Matrix<LD, Eigen::Dynamic, 1> d = L.partialPivLu().solve(-Eigen::Map<const Eigen::Matrix<LD, Eigen::Dynamic, 1>>(res.data(), n * n));
        P += Eigen::Map<const MatrixLD>(d.data(), n, n).cast<double>();
    }
    return P;
}

}  // namespace

TEST_CASE("structural: the rig's Kalman and LQR gains agree entry by entry with an independently refined solution") {
    for (int floor : {1, 2, 3}) {
        Device dev;
        dev.floor = floor;
        const Assembled s = with_device(southampton(), dev);
        const Actuator act;
        const LqgWeights wts;
        const LqgDesign d = design_lqg(s, wts, act);
        const StateSpace plant = mechanical(s);
        const Eigen::Index n = plant.A.rows(), dofs = s.dofs();
        const Eigen::VectorXd Bu = device_input(s);
        Eigen::RowVectorXd C = Eigen::RowVectorXd::Zero(n);
        C[dofs + floor - 1] = 1.0;
        Eigen::MatrixXd Gn = Eigen::MatrixXd::Zero(n, n);
        Gn.col(dofs) = act.Bl * Bu;
        Gn.col(n - 1) = -Bu;
        Eigen::MatrixXd Q = wts.q * Eigen::MatrixXd::Identity(n, n);
        Q(dofs - 1, dofs - 1) = Q(n - 1, n - 1) = 0;

        const Eigen::MatrixXd S = refine_care(plant.A.transpose(), C.transpose() * C / wts.Rn, wts.Qn * Gn * Gn.transpose(), d.kalman.P);
        const Eigen::VectorXd L = S * C.transpose() / wts.Rn;
        const Eigen::MatrixXd P = refine_care(plant.A, Bu * Bu.transpose() / wts.r, Q, d.lqr.P);
        const Eigen::RowVectorXd K = Bu.transpose() * P / wts.r;
        INFO("floor " << floor << "\nL " << d.L.transpose() << "\nrefined " << L.transpose());
        // every entry to 1e-9 of itself (entries that vanish: 1e-14 of the gain)
        for (Eigen::Index i = 0; i < n; ++i) {
            CHECK(std::abs(d.L[i] - L[i]) <= 1e-9 * std::abs(L[i]) + 1e-14 * L.norm());
            CHECK(std::abs(d.K[i] - K[i]) <= 1e-9 * std::abs(K[i]) + 1e-14 * K.norm());
        }
    }
}
