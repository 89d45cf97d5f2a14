#include "modal_fit.hpp"

#include "levenberg_marquardt.hpp"

#include <cmath>
#include <stdexcept>

namespace dtop::identification {

FitSummary fit_to_modes(const structural::ShearFrame& start, const std::vector<IdentifiedMode>& modes, int input, int max_iterations) {
    const Eigen::Index n = start.floors();
    if (static_cast<Eigen::Index>(modes.size()) != n)
        throw std::invalid_argument(std::to_string(modes.size()) + " identified modes for a structure of " + std::to_string(n) + " floors");
    for (const IdentifiedMode& m : modes)
        if (m.modal_constant.size() != n || !(m.frequency_hz > 0) || !(m.damping > 0))
            throw std::invalid_argument("every identified mode needs a frequency, a damping ratio and a modal constant per floor");
    const fitting::ResidualOnly cost = [&](const Eigen::VectorXd& x, Eigen::VectorXd& r) {
        if (!admissible(x)) return false;
        const ModalModel m = modal_model(frame_of(x, ""));
        r.resize(n * (n + 2));
        for (Eigen::Index j = 0; j < n; ++j) {
            const IdentifiedMode& id = modes[static_cast<std::size_t>(j)];
            r[j] = (m.omega[j] / (2 * M_PI) - id.frequency_hz) / id.frequency_hz * 10;  // frequencies first
            r[n + j] = (m.xi[j] - id.damping) / id.damping;
            const double scale = id.modal_constant.cwiseAbs().maxCoeff();
            for (Eigen::Index i = 0; i < n; ++i)
                r[2 * n + j * n + i] = (m.shapes(i, j) * m.shapes(input - 1, j) - id.modal_constant[i]) / scale;
        }
        return r.allFinite();
    };
    FitSummary s;
    s.frequency_before_hz = modal_model(start).omega / (2 * M_PI);
    Eigen::VectorXd x = parameters_of(start), r;
    if (!cost(x, r)) throw std::invalid_argument("the starting structure cannot be evaluated");
    s.cost_before = r.squaredNorm() / static_cast<double>(r.size());
    Eigen::VectorXd best = x;
    double best_cost = r.squaredNorm();
    for (int i = 0; i <= 40; ++i)
        for (int j = 0; j <= 10; ++j) {
            Eigen::VectorXd y = x;
            y.segment(n, n).array() += std::log(0.5) + i * std::log(3.0) / 40;
            y.head(n).array() += std::log(0.5) + j * std::log(4.0) / 10;
            if (cost(y, r) && r.squaredNorm() < best_cost) best_cost = r.squaredNorm(), best = y;
        }
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
    s.frame = frame_of(fit.x, start.name + " (updated to identified modes)");
    s.frequency_hz = modal_model(s.frame).omega / (2 * M_PI);
    s.method = "identified modes: relative frequency (weight 10) and damping errors, modal constants relative to each mode's "
               "largest; stiffness and mass scan then Levenberg-Marquardt";
    return s;
}

}  // namespace dtop::identification
