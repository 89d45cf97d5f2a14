// The shared Levenberg-Marquardt fitter: the optimum and the covariance of a problem whose answers
// are known in closed form, and how it reports a model it cannot evaluate.
#include "levenberg_marquardt.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Dense>

using namespace dtop::fitting;

TEST_CASE("fitting: a linear model gives the least-squares answer and the classical covariance") {
    const int n = 50;
    Eigen::MatrixXd X(n, 2);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
        const double t = i / 10.0;
        X.row(i) << 1.0, t;
        y[i] = 2.0 + 0.5 * t + 0.01 * ((i * 37) % 11 - 5);  // deterministic "noise"
    }
    const Residuals r = [&](const Eigen::VectorXd& p, Eigen::VectorXd& res, Eigen::MatrixXd& J) {
        res = X * p - y;
        J = X;
        return true;
    };
    const LmResult fit = levenberg_marquardt(r, Eigen::Vector2d(0, 0));
    const Eigen::Vector2d exact = (X.transpose() * X).ldlt().solve(X.transpose() * y);
    CHECK(fit.converged);
    CHECK((fit.x - exact).norm() < 1e-9);
    const double s2 = (X * exact - y).squaredNorm() / (n - 2);
    const Eigen::Matrix2d cov = s2 * (X.transpose() * X).inverse();
    CHECK((fit.covariance - cov).norm() < 1e-9 * cov.norm());
    CHECK(fit.standard_error()[1] == Approx(std::sqrt(cov(1, 1))).epsilon(1e-9));
}

TEST_CASE("fitting: a nonlinear model converges from afar and steps around where it cannot be evaluated") {
    // y = a exp(-b t), b must stay positive (the model refuses b <= 0).
    Eigen::VectorXd t = Eigen::VectorXd::LinSpaced(40, 0, 4), y = (3.0 * (-0.7 * t.array()).exp()).matrix();
    const ResidualOnly f = [&](const Eigen::VectorXd& p, Eigen::VectorXd& res) {
        if (p[1] <= 0) return false;
        res = (p[0] * (-p[1] * t.array()).exp()).matrix() - y;
        return true;
    };
    const Residuals r = [&](const Eigen::VectorXd& p, Eigen::VectorXd& res, Eigen::MatrixXd& J) {
        return f(p, res) && numeric_jacobian(f, p, res, J);
    };
    const LmResult fit = levenberg_marquardt(r, Eigen::Vector2d(1.0, 3.0));
    CHECK(fit.converged);
    CHECK(fit.x[0] == Approx(3.0).epsilon(1e-6));
    CHECK(fit.x[1] == Approx(0.7).epsilon(1e-6));
    CHECK_THROWS_WITH(levenberg_marquardt(r, Eigen::Vector2d(1.0, -1.0)), Catch::Contains("starting point"));
}

TEST_CASE("fitting: the iteration limit is reported as not converged") {
    Eigen::VectorXd t = Eigen::VectorXd::LinSpaced(40, 0, 4), y = (3.0 * (-0.7 * t.array()).exp()).matrix();
    const ResidualOnly f = [&](const Eigen::VectorXd& p, Eigen::VectorXd& res) {
        res = (p[0] * (-p[1] * t.array()).exp()).matrix() - y;
        return true;
    };
    const Residuals r = [&](const Eigen::VectorXd& p, Eigen::VectorXd& res, Eigen::MatrixXd& J) { return f(p, res) && numeric_jacobian(f, p, res, J); };
    LmOptions o;
    o.max_iterations = 1;
    const LmResult fit = levenberg_marquardt(r, Eigen::Vector2d(1.0, 3.0), o);
    CHECK_FALSE(fit.converged);
    CHECK(fit.iterations == 1);
}
