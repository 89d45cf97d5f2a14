// Riccati and Lyapunov solvers: closed forms for scalar and 2x2 problems, and the LQG problem of
// physics.md section 5 checked through residuals recomputed here.
#include "assembly.hpp"
#include "control.hpp"
#include "reference.hpp"
#include "riccati.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::structural;
using namespace structural_test;

namespace {

Eigen::MatrixXd scalar(double x) { return Eigen::MatrixXd::Constant(1, 1, x); }

// ||A^T P + P A - P B R^-1 B^T P + Q|| / max(||Q||, ||P B R^-1 B^T P||)
double residual(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::MatrixXd& Q, double r,
                const Eigen::MatrixXd& P) {
    const Eigen::MatrixXd quad = P * B * B.transpose() * P / r;
    return (A.transpose() * P + P * A - quad + Q).norm() / std::max(Q.norm(), quad.norm());
}

}  // namespace

TEST_CASE("structural: the scalar CARE has P = r(a + sqrt(a^2 + b^2 q/r))/b^2 for stable and unstable a") {
    struct Case {
        double a, b, q, r;
    };
    for (const Case c : {Case{-1.5, 2.0, 3.0, 0.5}, Case{2.0, 0.7, 1.0, 2.0}, Case{0.0, 1.0, 4.0, 1.0},
                         Case{-40.0, 0.01, 200.0, 0.1}}) {
        INFO("a = " << c.a << ", b = " << c.b << ", q = " << c.q << ", r = " << c.r);
        const RiccatiSolution s = solve_care(scalar(c.a), scalar(c.b), scalar(c.q), scalar(c.r));
        const double P = c.r * (c.a + std::sqrt(c.a * c.a + c.b * c.b * c.q / c.r)) / (c.b * c.b);
        REQUIRE(s.P.rows() == 1);
        CHECK(s.P(0, 0) == Approx(P).epsilon(1e-12));
        // and the closed loop a - b^2 P / r = -sqrt(a^2 + b^2 q / r) is stable
        CHECK(c.a - c.b * c.b * s.P(0, 0) / c.r < 0);
    }
}

TEST_CASE("structural: the double integrator's CARE gives p11 = p22 = sqrt3 and p12 = 1") {
    // A = [[0 1] [0 0]], B = [0 1]^T, Q = I, R = 1: the equations reduce to p12^2 = 1, p11 = p12 p22,
    // p22^2 = 2 p12 + 1, so p12 = 1 and p11 = p22 = sqrt(3).
    Eigen::Matrix2d A;
    A << 0, 1, 0, 0;
    const Eigen::MatrixXd B = Eigen::Vector2d(0, 1);
    const RiccatiSolution s = solve_care(A, B, Eigen::Matrix2d::Identity(), scalar(1.0));
    Eigen::Matrix2d P;
    P << std::sqrt(3.0), 1, 1, std::sqrt(3.0);
    CHECK((s.P - P).norm() < 1e-12);
    CHECK(s.residual < 1e-12);
    CHECK(care_residual(A, B, Eigen::Matrix2d::Identity(), scalar(1.0), P) < 1e-15);
}

TEST_CASE("structural: solve_care refuses an unstabilisable pair") {
    // an unstable mode the input cannot reach
    Eigen::Matrix2d A;
    A << 1, 0, 0, -1;
    const Eigen::MatrixXd B = Eigen::Vector2d(0, 1);
    CHECK_THROWS_AS(solve_care(A, B, Eigen::Matrix2d::Identity(), scalar(1.0)), std::runtime_error);
}

TEST_CASE("structural: solve_lyapunov satisfies A^T X + X A + Q = 0") {
    // scalar: 2 a x + q = 0
    CHECK(solve_lyapunov(scalar(-2.0), scalar(3.0))(0, 0) == Approx(0.75).epsilon(1e-14));
    // a stable non-symmetric 5x5 with complex eigenvalues, and a symmetric positive Q
    Eigen::MatrixXd A(5, 5);
    A << -1.0, 4.0, 0.3, 0.0, 0.2,  //
        -4.0, -1.2, 0.0, 0.5, 0.0,  //
        0.1, 0.0, -0.5, 9.0, 0.0,   //
        0.0, -0.2, -9.0, -0.4, 1.0, //
        0.3, 0.0, 0.0, 0.1, -7.0;
    REQUIRE(stability_abscissa(A) < 0);
    Eigen::MatrixXd G(5, 5);
    G << 1, 2, 0, 0, 1, 0, 1, 3, 0, 0, 2, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 2;
    const Eigen::MatrixXd Q = G * G.transpose();
    const Eigen::MatrixXd X = solve_lyapunov(A, Q);
    CHECK((A.transpose() * X + X * A + Q).norm() < 1e-12 * Q.norm());
    CHECK((X - X.transpose()).norm() == 0.0);
    // X = integral of exp(A^T t) Q exp(A t) dt is positive definite
    CHECK(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(X).eigenvalues().minCoeff() > 0);
}

TEST_CASE("structural: the LQG design on floor 3 solves both Riccati equations and is stable") {
    Device dev;
    dev.floor = 3;
    const Assembled s = with_device(southampton(), dev);
    const Actuator act;
    const LqgWeights wts;
    const LqgDesign d = design_lqg(s, wts, act);

    // physics.md section 5, rebuilt here: plant x = [q; q'], 8 states
    const StateSpace plant = mechanical(s);
    const Eigen::MatrixXd& A = plant.A;
    REQUIRE(A.rows() == 8);
    Eigen::VectorXd Bu = Eigen::VectorXd::Zero(8);
    Bu.tail(4) = s.M.inverse() * Eigen::Vector4d(0, 0, 1, -1);
    CHECK((device_input(s) - Bu).norm() < 1e-14 * Bu.norm());
    Eigen::RowVectorXd C = Eigen::RowVectorXd::Zero(8);
    C[4 + 2] = 1.0;  // velocity of floor 3
    Eigen::MatrixXd Q = wts.q * Eigen::MatrixXd::Identity(8, 8);
    Q(3, 3) = 0;  // states 4 and 8 (1-based): the proof mass
    Q(7, 7) = 0;
    Eigen::MatrixXd G = Eigen::MatrixXd::Zero(8, 8);
    G.col(4) = act.Bl * Bu;  // column 5
    G.col(7) = -Bu;          // column 8
    const Eigen::MatrixXd W = wts.Qn * G * G.transpose();

    // LQR: A^T P + P A - P Bu Bu^T P / r + Q = 0; Kalman: A S + S A^T - S C^T C S / Rn + W = 0
    CHECK(d.lqr.residual < 1e-10);
    CHECK(d.kalman.residual < 1e-10);
    CHECK(residual(A, Bu, Q, wts.r, d.lqr.P) < 1e-10);
    CHECK(residual(A.transpose(), C.transpose(), W, wts.Rn, d.kalman.P) < 1e-10);
    CHECK((d.K - Bu.transpose() * d.lqr.P / wts.r).norm() < 1e-12 * d.K.norm());
    CHECK((d.L - d.kalman.P * C.transpose() / wts.Rn).norm() < 1e-12 * d.L.norm());

    // stabilising solutions, and a stable closed loop (plant + observer)
    CHECK(stability_abscissa(A - Bu * d.K) < 0);
    CHECK(stability_abscissa(A - act.Bl * Bu * d.K) < 0);  // the force applied is Bl u
    CHECK(stability_abscissa(A - d.L * C) < 0);
    REQUIRE(d.closed.A.rows() == 16);
    CHECK(stability_abscissa(d.closed.A) < 0);
}
