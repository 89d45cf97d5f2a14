#include "scan_then_fit.hpp"

#include "chain_model.hpp"

#include <cmath>
#include <stdexcept>

namespace dtop::identification {

namespace {

// The best of a grid over one factor on all stiffnesses (0.5 to 1.5) and one on all masses (0.5 to 2).
Eigen::VectorXd scanned_start(const fitting::ResidualOnly& cost, const Eigen::VectorXd& x, Eigen::Index floors, double start_cost) {
    Eigen::VectorXd best = x, r;
    double best_cost = start_cost;
    for (int i = 0; i <= 40; ++i)
        for (int j = 0; j <= 10; ++j) {
            Eigen::VectorXd y = x;
            y.segment(floors, floors).array() += std::log(0.5) + i * std::log(3.0) / 40;
            y.head(floors).array() += std::log(0.5) + j * std::log(4.0) / 10;
            if (cost(y, r) && r.squaredNorm() < best_cost) best_cost = r.squaredNorm(), best = y;
        }
    return best;
}

}  // namespace

FitSummary scan_then_fit(const structural::ShearFrame& start, const fitting::ResidualOnly& cost, int max_iterations,
                         const std::string& updated_to, const std::string& method) {
    FitSummary s;
    s.frequency_before_hz = modal_model(start).omega / (2 * M_PI);
    Eigen::VectorXd x = parameters_of(start), r;
    if (!cost(x, r)) throw std::invalid_argument("the starting structure cannot be evaluated against " + updated_to);
    s.cost_before = r.squaredNorm() / static_cast<double>(r.size());
    const Eigen::VectorXd best = scanned_start(cost, x, start.floors(), r.squaredNorm());
    fitting::LmOptions lm;
    lm.max_iterations = max_iterations;
    lm.tolerance = 1e-10;
    lm.stall_decrease = 1e-4;
    const fitting::Residuals residuals = [&cost](const Eigen::VectorXd& y, Eigen::VectorXd& res, Eigen::MatrixXd& J) {
        return cost(y, res) && fitting::numeric_jacobian(cost, y, res, J);
    };
    const fitting::LmResult fit = fitting::levenberg_marquardt(residuals, best, lm);
    s.x = fit.x;
    s.iterations = fit.iterations;
    s.converged = fit.converged;
    s.cost_after = fit.cost / static_cast<double>(fit.residual.size());
    s.relative_error = fit.standard_error();
    s.frame = frame_of(fit.x, start.name + " (updated to " + updated_to + ")");
    s.frequency_hz = modal_model(s.frame).omega / (2 * M_PI);
    s.method = method;
    return s;
}

}  // namespace dtop::identification
