#include "levenberg_marquardt.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dtop::fitting {

Eigen::VectorXd LmResult::standard_error() const { return covariance.diagonal().cwiseMax(0.0).cwiseSqrt(); }

Eigen::MatrixXd covariance_from_jacobian(const Eigen::MatrixXd& J, double cost) {
    const Eigen::Index n = J.rows(), p = J.cols();
    const double s2 = n > p ? cost / static_cast<double>(n - p) : 0.0;
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(J.transpose() * J);
    return s2 * cod.pseudoInverse();
}

LmResult levenberg_marquardt(const Residuals& residuals, const Eigen::VectorXd& x0, const LmOptions& o) {
    LmResult r;
    r.x = x0;
    if (!residuals(r.x, r.residual, r.jacobian)) throw std::invalid_argument("the model cannot be evaluated at the starting point");
    double cost = r.residual.squaredNorm(), lambda = o.lambda;
    r.initial_cost = cost;
    Eigen::VectorXd trial_r;
    Eigen::MatrixXd trial_J;
    r.converged = cost < o.cost_floor;
    double last_decrease = 0;  // no step possible from the start: a minimum as far as the Jacobian tells
    for (r.iterations = 0; r.iterations < o.max_iterations && !r.converged; ++r.iterations) {
        const Eigen::MatrixXd A = r.jacobian.transpose() * r.jacobian;
        const Eigen::VectorXd g = r.jacobian.transpose() * r.residual;
        // Marquardt's scaling (diag of J^T J) plus a floor, so an unknown no residual sees still gets
        // a finite step (zero: it stays where it started).
        const Eigen::VectorXd d = A.diagonal().cwiseMax(1e-12 * std::max(1.0, A.diagonal().maxCoeff()));
        bool accepted = false;
        for (int tries = 0; tries < 50 && !accepted; ++tries) {
            Eigen::MatrixXd lhs = A;
            lhs.diagonal() += lambda * d;
            const Eigen::VectorXd step = lhs.ldlt().solve(-g);
            const Eigen::VectorXd x = r.x + step;
            if (!step.allFinite() || !residuals(x, trial_r, trial_J)) {
                lambda *= 4;
                continue;
            }
            const double trial_cost = trial_r.squaredNorm();
            if (trial_cost < cost) {
                accepted = true;
                const double decrease = (cost - trial_cost) / std::max(cost, 1e-300);
                last_decrease = decrease;
                r.x = x;
                r.residual.swap(trial_r);
                r.jacobian.swap(trial_J);
                cost = trial_cost;
                lambda = std::max(lambda / 3, 1e-12);
                r.converged = step.lpNorm<Eigen::Infinity>() < o.tolerance || decrease < o.tolerance || cost < o.cost_floor;
            } else {
                lambda *= 4;
            }
        }
        if (!accepted) {  // no downhill step left: converged only if the gradient vanishes
            r.converged = g.lpNorm<Eigen::Infinity>() < 1e-12 || cost < o.cost_floor || last_decrease < o.stall_decrease;
            break;
        }
    }
    r.cost = cost;
    r.covariance = covariance_from_jacobian(r.jacobian, cost);
    return r;
}

bool numeric_jacobian(const ResidualOnly& f, const Eigen::VectorXd& x, const Eigen::VectorXd& r0, Eigen::MatrixXd& J, double step) {
    J.resize(r0.size(), x.size());
    Eigen::VectorXd xp = x, rp;
    for (Eigen::Index j = 0; j < x.size(); ++j) {
        const double h = step * std::max(1.0, std::abs(x[j]));
        xp[j] = x[j] + h;
        if (f(xp, rp) && rp.size() == r0.size()) {
            J.col(j) = (rp - r0) / h;
        } else {
            xp[j] = x[j] - h;
            if (!f(xp, rp) || rp.size() != r0.size()) return false;
            J.col(j) = (r0 - rp) / h;
        }
        xp[j] = x[j];
    }
    return true;
}

}  // namespace dtop::fitting
