#include "record_fit.hpp"

#include "levenberg_marquardt.hpp"

#include <cmath>
#include <stdexcept>

namespace dtop::identification {

using structural::ShearFrame;

void check_record(const Record& r, Eigen::Index floors) {
    if (!(r.h > 0) || !std::isfinite(r.h)) throw std::invalid_argument("the sampling interval must be > 0 s");
    if (r.force.size() != r.velocity.rows())
        throw std::invalid_argument("the force has " + std::to_string(r.force.size()) + " samples but the velocities " +
                                    std::to_string(r.velocity.rows()));
    if (r.force.size() < 16) throw std::invalid_argument("the record is too short to fit (" + std::to_string(r.force.size()) + " samples)");
    if (r.velocity.cols() != floors)
        throw std::invalid_argument("the record has " + std::to_string(r.velocity.cols()) + " velocity channels, the structure " +
                                    std::to_string(floors) + " floors");
    if (r.input < 1 || r.input > floors) throw std::invalid_argument("the force acts on floor " + std::to_string(r.input) + ", outside the structure");
    if (!r.force.allFinite() || !r.velocity.allFinite()) throw std::invalid_argument("the record has NaN or infinite values");
    if (r.force.cwiseAbs().maxCoeff() == 0) throw std::invalid_argument("the force channel is all zeros: nothing excites the model");
    for (Eigen::Index i = 0; i < floors; ++i)
        if (r.velocity.col(i).cwiseAbs().maxCoeff() == 0)
            throw std::invalid_argument("the velocity of floor " + std::to_string(i + 1) + " is all zeros");
}

Hold automatic_hold(const Eigen::VectorXd& force) {
    Eigen::Index nonzero = 0;
    for (Eigen::Index k = 0; k < force.size(); ++k) nonzero += force[k] != 0;
    return nonzero == 1 ? Hold::zero_order : Hold::first_order;
}

Eigen::VectorXd relative_rms(const Eigen::MatrixXd& measured, const Eigen::MatrixXd& simulated) {
    Eigen::VectorXd out(measured.cols());
    for (Eigen::Index i = 0; i < measured.cols(); ++i)
        out[i] = (simulated.col(i) - measured.col(i)).norm() / std::max(measured.col(i).norm(), 1e-300);
    return out;
}

Eigen::MatrixXd simulate(const ShearFrame& frame, const Record& r, Hold hold) {
    return velocity_response(modal_model(frame), r.input, r.force, r.h, hold);
}

namespace {

// Residuals of the first `samples` samples, each floor scaled by its RMS there, so that every floor
// counts alike and the cost is the mean squared relative residual.
struct WindowCost {
    const Record& record;
    Hold hold;
    Eigen::Index samples;
    Eigen::VectorXd scale;  // per floor

    WindowCost(const Record& r, Hold hd, Eigen::Index n) : record(r), hold(hd), samples(n), scale(r.velocity.cols()) {
        const double floors = static_cast<double>(r.velocity.cols());
        for (Eigen::Index i = 0; i < scale.size(); ++i) {
            // a floor still at rest in this window is scaled by its whole record instead
            const double level = r.velocity.col(i).head(n).norm() > 0 ? r.velocity.col(i).head(n).norm() : r.velocity.col(i).norm();
            scale[i] = 1.0 / (level * std::sqrt(floors));
        }
    }

    bool operator()(const Eigen::VectorXd& x, Eigen::VectorXd& res) const {
        if (!admissible(x)) return false;
        const ModalModel m = modal_model(frame_of(x, ""));
        if (!m.omega.allFinite() || !(m.omega.array() > 0).all()) return false;
        const Eigen::MatrixXd y = velocity_response(m, record.input, record.force, record.h, hold, samples);
        const Eigen::Index floors = y.cols();
        res.resize(samples * floors);
        for (Eigen::Index i = 0; i < floors; ++i)
            res.segment(i * samples, samples) = (y.col(i) - record.velocity.col(i).head(samples)) * scale[i];
        return res.allFinite();
    }

    // Residuals and their Jacobian. The floors' velocities are sums over modes of c_ir g_r(w_r, xi_r)
    // with c_ir = phi_ir phi_input,r: the 3 n modal signals and their derivatives in ln w_r and ln xi_r
    // (by differences of one mode's simulation each) span every column of J; the modal quantities'
    // derivatives in x come from differences of the small eigenproblem. 3 n mode simulations per
    // Jacobian instead of n (3 n + 1).
    bool with_jacobian(const Eigen::VectorXd& x, Eigen::VectorXd& res, Eigen::MatrixXd& J) const {
        if (!(*this)(x, res)) return false;
        const Eigen::Index n = x.size() / 3, N = samples, p = x.size();
        const ModalModel m = modal_model(frame_of(x, ""));
        const int in = record.input - 1;
        auto coefficients = [&](const ModalModel& mm) {  // c (n floors x n modes)
            Eigen::MatrixXd c(n, n);
            for (Eigen::Index r = 0; r < n; ++r) c.col(r) = mm.shapes.col(r) * mm.shapes(in, r);
            return c;
        };
        const Eigen::MatrixXd c = coefficients(m);
        // d ln w_r / d x_p and d c_ir / d x_p by forward differences of the eigenproblem.
        const double eps = 1e-7;
        Eigen::MatrixXd dlnw(n, p);
        std::vector<Eigen::MatrixXd> dc(static_cast<std::size_t>(p));
        for (Eigen::Index j = 0; j < p; ++j) {
            Eigen::VectorXd xp = x;
            xp[j] += eps;
            const ModalModel mp = modal_model(frame_of(xp, ""));
            dlnw.col(j) = (mp.omega.array().log() - m.omega.array().log()).matrix() / eps;
            dc[static_cast<std::size_t>(j)] = (coefficients(mp) - c) / eps;
        }
        // Modal signals: g_r, d g_r / d ln w_r, d g_r / d ln xi_r.
        Eigen::MatrixXd G(N, 3 * n);
        Eigen::VectorXd tmp(N);
        const double h = 1e-6;
        for (Eigen::Index r = 0; r < n; ++r) {
            modal_velocity(m.omega[r], m.xi[r], record.force, record.h, hold, G.col(r));
            modal_velocity(m.omega[r] * std::exp(h), m.xi[r], record.force, record.h, hold, tmp);
            G.col(n + r) = (tmp - G.col(r)) / h;
            modal_velocity(m.omega[r], m.xi[r] * std::exp(h), record.force, record.h, hold, tmp);
            G.col(2 * n + r) = (tmp - G.col(r)) / h;
        }
        // Column j of floor i's block: G a_ij with a_ij = [dc_ir/dx_j; c_ir dlnw_r/dx_j; c_ir [j = xi_r]].
        J.resize(N * n, p);
        Eigen::MatrixXd A(3 * n, p);
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < p; ++j)
                for (Eigen::Index r = 0; r < n; ++r) {
                    A(r, j) = dc[static_cast<std::size_t>(j)](i, r);
                    A(n + r, j) = c(i, r) * dlnw(r, j);
                    A(2 * n + r, j) = j == 2 * n + r ? c(i, r) : 0.0;
                }
            J.middleRows(i * N, N).noalias() = G * (A * scale[i]);
        }
        return J.allFinite();
    }
};

// One factor on all stiffnesses, the best on the window by its cost.
Eigen::VectorXd coarse_scan(const Eigen::VectorXd& x0, const WindowCost& cost, const RecordFitOptions& o) {
    const Eigen::Index n = x0.size() / 3;
    Eigen::VectorXd best = x0, r;
    double best_cost = cost(x0, r) ? r.squaredNorm() : INFINITY;
    for (int i = 0; i < o.scan_points; ++i) {
        const double factor = o.scan_low * std::pow(o.scan_high / o.scan_low, i / std::max(1.0, o.scan_points - 1.0));
        Eigen::VectorXd x = x0;
        x.segment(n, n).array() += std::log(factor);
        if (cost(x, r) && r.squaredNorm() < best_cost) {
            best_cost = r.squaredNorm();
            best = x;
        }
    }
    return best;
}

}  // namespace

FitSummary fit_to_record(const ShearFrame& start, const Record& record, const RecordFitOptions& o) {
    check_record(record, start.floors());
    const Eigen::Index N = record.force.size();
    FitSummary s;
    s.frequency_before_hz = modal_model(start).omega / (2 * M_PI);
    Eigen::VectorXd x = parameters_of(start), r;
    const WindowCost whole(record, o.hold, N);
    if (!whole(x, r)) throw std::invalid_argument("the starting structure cannot be simulated");
    s.cost_before = r.squaredNorm();

    // Windows count from the force's onset: a record that starts at rest before it gains nothing there.
    Eigen::Index onset = 0;
    while (onset < N && record.force[onset] == 0) ++onset;
    auto window_samples = [&](double seconds) {
        return std::min<Eigen::Index>(N, onset + std::max<Eigen::Index>(16, std::llround(seconds / record.h)));
    };
    const WindowCost first(record, o.hold, window_samples(o.first_window));
    x = coarse_scan(x, first, o);

    fitting::LmOptions lm;
    lm.max_iterations = o.max_iterations;
    lm.tolerance = 1e-10;
    lm.stall_decrease = 1e-4;
    fitting::LmResult fit;
    int windows = 0;
    for (double seconds = o.first_window;; seconds *= 2) {
        const WindowCost cost(record, o.hold, window_samples(seconds));
        const fitting::Residuals residuals = [&cost](const Eigen::VectorXd& y, Eigen::VectorXd& res, Eigen::MatrixXd& J) {
            return cost.with_jacobian(y, res, J);
        };
        // Intermediate windows only need to bring the next one within reach; the whole record is fitted tightly.
        lm.tolerance = cost.samples == N ? 1e-10 : 1e-6;
        fit = fitting::levenberg_marquardt(residuals, x, lm);
        x = fit.x;
        s.iterations += fit.iterations;
        ++windows;
        if (cost.samples == N) break;
    }
    s.x = x;
    s.converged = fit.converged;
    s.cost_after = fit.cost;
    s.relative_error = fit.standard_error();  // of ln p: relative errors of p
    s.frame = frame_of(x, start.name + " (updated to a time record)");
    s.frequency_hz = modal_model(s.frame).omega / (2 * M_PI);
    s.method = "output error on the record's floor velocities, " + std::string(o.hold == Hold::first_order ? "first" : "zero") +
               "-order hold of the force; stiffness scan then " + std::to_string(windows) + " growing windows from " +
               std::to_string(o.first_window) + " s";
    return s;
}

}  // namespace dtop::identification
