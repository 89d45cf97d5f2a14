// Levenberg-Marquardt least squares with Marquardt's scaling, shared by the model-updating plugins
// (fe-model-update, the identification plugins). The caller supplies residuals and their Jacobian;
// the result carries the parameter covariance from the Jacobian at the optimum.
#pragma once

#include <Eigen/Core>

#include <functional>

namespace dtop::fitting {

// Fills r (residuals) and J (d r / d x, rows = residuals) at x. Return false when x is outside the
// model's domain (e.g. an unstable model): the step is then rejected like an uphill one.
using Residuals = std::function<bool(const Eigen::VectorXd& x, Eigen::VectorXd& r, Eigen::MatrixXd& J)>;

struct LmOptions {
    int max_iterations = 200;
    double tolerance = 1e-12;   // on the largest step component and on the relative cost decrease
    double lambda = 1e-3;       // initial damping
    double cost_floor = 1e-28;  // a cost this small is converged
    // When no downhill step is left (the Jacobian's own accuracy is reached, e.g. a numeric one), the
    // fit counts as converged if the last accepted step decreased the cost by less than this fraction.
    double stall_decrease = 0;
};

struct LmResult {
    Eigen::VectorXd x;
    Eigen::VectorXd residual;   // at x
    Eigen::MatrixXd jacobian;   // at x
    double cost = 0;            // sum of squared residuals at x
    double initial_cost = 0;
    int iterations = 0;
    bool converged = false;
    // s^2 (J^T J)^-1 with s^2 = cost / (residuals - unknowns): the classical estimate, which assumes
    // independent residuals of equal variance (pseudo-inverse where J^T J is singular).
    Eigen::MatrixXd covariance;
    Eigen::VectorXd standard_error() const;  // sqrt of the covariance's diagonal
};

// Minimises |r(x)|^2 from x0. Throws std::invalid_argument when r(x0) cannot be evaluated.
LmResult levenberg_marquardt(const Residuals& residuals, const Eigen::VectorXd& x0, const LmOptions& options = {});

// The covariance estimate above for a Jacobian and a cost at an optimum.
Eigen::MatrixXd covariance_from_jacobian(const Eigen::MatrixXd& J, double cost);

// Forward-difference Jacobian of a residual function that has no analytic one: h_j = step * max(1, |x_j|).
// f returns false outside its domain (then the backward difference is tried).
using ResidualOnly = std::function<bool(const Eigen::VectorXd& x, Eigen::VectorXd& r)>;
bool numeric_jacobian(const ResidualOnly& f, const Eigen::VectorXd& x, const Eigen::VectorXd& r0, Eigen::MatrixXd& J,
                      double step = 1e-7);

}  // namespace dtop::fitting
