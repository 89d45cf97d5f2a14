#include "model_update.hpp"

#include "levenberg_marquardt.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <stdexcept>
#include <string>

namespace dtop::fe {

using structural::ShearFrame;

namespace {

struct Evaluation {
    Eigen::VectorXd hz;        // matched modes
    Eigen::VectorXd residual;  // relative
    Eigen::MatrixXd jacobian;  // d residual / d ln k (per storey)
};

Evaluation evaluate(const ShearFrame& f, const std::vector<int>& modes, const Eigen::VectorXd& target) {
    const structural::Modes m = structural::modes(f.M(), f.K());
    const auto p = static_cast<Eigen::Index>(modes.size()), n = f.floors();
    Evaluation e{Eigen::VectorXd(p), Eigen::VectorXd(p), Eigen::MatrixXd(p, n)};
    for (Eigen::Index j = 0; j < p; ++j) {
        const Eigen::Index mode = modes[static_cast<std::size_t>(j)] - 1;
        const double hz = m.omega[mode] / (2 * M_PI);
        e.hz[j] = hz;
        e.residual[j] = (hz - target[j]) / target[j];
        for (Eigen::Index i = 0; i < n; ++i) {
            const double drift = m.shapes(i, mode) - (i > 0 ? m.shapes(i - 1, mode) : 0.0);
            e.jacobian(j, i) = f.stiffness[i] * drift * drift / (8 * M_PI * M_PI * hz) / target[j];
        }
    }
    return e;
}

ShearFrame with_log_stiffness(const ShearFrame& start, const Eigen::VectorXd& theta) {
    ShearFrame f = start;
    f.stiffness = theta.array().exp();
    return f;
}

// Unknowns -> per-storey ln k: either the same, or one shift of all of them.
Eigen::MatrixXd parameter_map(StiffnessModel model, Eigen::Index storeys) {
    return model == StiffnessModel::uniform ? Eigen::MatrixXd(Eigen::MatrixXd::Ones(storeys, 1))
                                            : Eigen::MatrixXd(Eigen::MatrixXd::Identity(storeys, storeys));
}

}  // namespace

UpdateResult update_stiffness(const ShearFrame& start, const Eigen::VectorXd& target_hz, const UpdateOptions& o) {
    start.check();
    UpdateResult r;
    r.modes = o.modes;
    if (r.modes.empty())
        for (Eigen::Index i = 1; i <= std::min<Eigen::Index>(target_hz.size(), start.floors()); ++i) r.modes.push_back(static_cast<int>(i));
    if (r.modes.empty()) throw std::invalid_argument("no target frequencies to match");
    for (std::size_t j = 0; j < r.modes.size(); ++j) {
        const int m = r.modes[j];
        if (m < 1 || m > start.floors())
            throw std::invalid_argument("mode " + std::to_string(m) + " is not a mode of the " + std::to_string(start.floors()) + "-storey structure");
        if (m > target_hz.size())
            throw std::invalid_argument("mode " + std::to_string(m) + " has no target frequency (" + std::to_string(target_hz.size()) + " given)");
        if (j > 0 && m <= r.modes[j - 1]) throw std::invalid_argument("the modes to match must be ascending and distinct");
    }
    r.target_hz.resize(static_cast<Eigen::Index>(r.modes.size()));
    for (std::size_t j = 0; j < r.modes.size(); ++j) {
        r.target_hz[static_cast<Eigen::Index>(j)] = target_hz[r.modes[j] - 1];
        if (!(r.target_hz[static_cast<Eigen::Index>(j)] > 0)) throw std::invalid_argument("target frequencies must be > 0 Hz");
    }

    const Eigen::MatrixXd map = parameter_map(o.model, start.floors());
    r.underdetermined = static_cast<Eigen::Index>(r.modes.size()) < map.cols();
    const Eigen::VectorXd theta0 = start.stiffness.array().log();
    auto frame_at = [&](const Eigen::VectorXd& y) { return with_log_stiffness(start, theta0 + map * y); };

    const Evaluation e0 = evaluate(start, r.modes, r.target_hz);
    r.before_hz = e0.hz;
    r.rms_before = std::sqrt(e0.residual.squaredNorm() / static_cast<double>(e0.residual.size()));
    const fitting::Residuals residuals = [&](const Eigen::VectorXd& y, Eigen::VectorXd& res, Eigen::MatrixXd& J) {
        const Evaluation e = evaluate(frame_at(y), r.modes, r.target_hz);
        res = e.residual;
        J = e.jacobian * map;
        return true;
    };
    fitting::LmOptions lm;
    lm.max_iterations = o.max_iterations;
    lm.tolerance = o.tolerance;
    const fitting::LmResult fit = fitting::levenberg_marquardt(residuals, Eigen::VectorXd::Zero(map.cols()), lm);
    const Eigen::VectorXd& x = fit.x;  // shift of ln k from the start
    r.iterations = fit.iterations;
    r.converged = fit.converged;
    const Evaluation e = evaluate(frame_at(x), r.modes, r.target_hz);
    r.frame = frame_at(x);
    r.after_hz = e.hz;
    r.rms_after = std::sqrt(e.residual.squaredNorm() / static_cast<double>(e.residual.size()));
    r.stiffness_ratio = r.frame.stiffness.cwiseQuotient(start.stiffness);
    return r;
}

}  // namespace dtop::fe
