#include "chain_model.hpp"

#include <unsupported/Eigen/MatrixFunctions>

#include <cmath>

namespace dtop::identification {

using structural::Damping;
using structural::ShearFrame;

ModalModel modal_model(const ShearFrame& f) {
    const structural::Modes m = structural::modes(f.M(), f.K());
    ModalModel out{m.omega, Eigen::VectorXd(f.floors()), m.shapes};
    if (f.damping == Damping::modal) {
        out.xi = f.modal_ratios.size() == f.floors() ? f.modal_ratios : Eigen::VectorXd::Constant(f.floors(), f.damping_ratio);
    } else {  // Rayleigh with the ratio on modes 1 and 2, as ShearFrame::C()
        const double w1 = m.omega[0], w2 = m.omega.size() > 1 ? m.omega[1] : m.omega[0];
        const double a0 = 2 * f.damping_ratio * w1 * w2 / (w1 + w2), a1 = 2 * f.damping_ratio / (w1 + w2);
        out.xi = (a0 / (2 * m.omega.array()) + a1 * m.omega.array() / 2).matrix();
    }
    return out;
}

Eigen::VectorXd parameters_of(const ShearFrame& f) {
    const Eigen::Index n = f.floors();
    Eigen::VectorXd x(3 * n);
    x << f.mass.array().log().matrix(), f.stiffness.array().log().matrix(), modal_model(f).xi.array().max(1e-9).log().matrix();
    return x;
}

ShearFrame frame_of(const Eigen::VectorXd& x, const std::string& name) {
    const Eigen::Index n = x.size() / 3;
    ShearFrame f;
    f.name = name;
    f.mass = x.head(n).array().exp();
    f.stiffness = x.segment(n, n).array().exp();
    f.damping = Damping::modal;
    f.modal_ratios = x.tail(n).array().exp();
    f.damping_ratio = f.modal_ratios[0];
    return f;
}

bool admissible(const Eigen::VectorXd& x) {
    if (!x.allFinite() || x.cwiseAbs().maxCoeff() > 700) return false;
    const Eigen::Index n = x.size() / 3;
    return (x.tail(n).array() >= std::log(1e-5)).all() && (x.tail(n).array() <= std::log(0.5)).all();
}

std::vector<std::string> parameter_names(Eigen::Index n) {
    std::vector<std::string> out;
    for (const char* p : {"m", "k", "xi"})
        for (Eigen::Index i = 1; i <= n; ++i) out.push_back(p + std::to_string(i));
    return out;
}

Eigen::MatrixXcd frequency_response(const ModalModel& m, int input, const Eigen::VectorXd& f_hz, Quantity q) {
    const Eigen::Index n = m.omega.size();
    Eigen::MatrixXcd H = Eigen::MatrixXcd::Zero(f_hz.size(), n);
    for (Eigen::Index k = 0; k < f_hz.size(); ++k) {
        const double w = 2 * M_PI * f_hz[k];
        std::complex<double> factor = 1.0;
        if (q == Quantity::mobility) factor = {0.0, w};
        if (q == Quantity::accelerance) factor = -w * w;
        for (Eigen::Index r = 0; r < n; ++r) {
            const double wr = m.omega[r];
            const std::complex<double> modal = factor / std::complex<double>(wr * wr - w * w, 2 * m.xi[r] * wr * w);
            const double in = m.shapes(input - 1, r);
            for (Eigen::Index i = 0; i < n; ++i) H(k, i) += m.shapes(i, r) * in * modal;
        }
    }
    return H;
}

namespace {

// One mode q'' + 2 xi w q' + w^2 q = u, state [q, q'], over one step h: x+ = Phi x + g0 u_k + g1 u_k+1.
struct ModeStep {
    Eigen::Matrix2d Phi;
    Eigen::Vector2d g0, g1;
};

ModeStep discretise(double w, double xi, double h, Hold hold) {
    // exp of [[A h, B h, 0], [0, 0, 1], [0, 0, 0]]: columns 3 and 4 give the integrals against a
    // constant and a ramp input over the step (first-order hold: u = u_k + (u_k+1 - u_k) t / h).
    Eigen::Matrix4d aug = Eigen::Matrix4d::Zero();
    aug(0, 1) = h;
    aug(1, 0) = -w * w * h;
    aug(1, 1) = -2 * xi * w * h;
    aug(1, 2) = h;
    aug(2, 3) = 1;
    const Eigen::Matrix4d E = aug.exp();
    ModeStep s;
    s.Phi = E.topLeftCorner<2, 2>();
    const Eigen::Vector2d constant = E.block<2, 1>(0, 2), ramp = E.block<2, 1>(0, 3);
    if (hold == Hold::zero_order) {
        s.g0 = constant;
        s.g1.setZero();
    } else {
        s.g0 = constant - ramp;
        s.g1 = ramp;
    }
    return s;
}

}  // namespace

void modal_velocity(double w, double xi, const Eigen::VectorXd& force, double h, Hold hold, Eigen::Ref<Eigen::VectorXd> g) {
    const ModeStep s = discretise(w, xi, h, hold);
    const Eigen::Index N = g.size();
    double q = 0, v = 0;
    const double p00 = s.Phi(0, 0), p01 = s.Phi(0, 1), p10 = s.Phi(1, 0), p11 = s.Phi(1, 1);
    for (Eigen::Index k = 0; k < N; ++k) {
        g[k] = v;
        const double u0 = force[k], u1 = k + 1 < force.size() ? force[k + 1] : force[k];
        const double qn = p00 * q + p01 * v + s.g0[0] * u0 + s.g1[0] * u1;
        v = p10 * q + p11 * v + s.g0[1] * u0 + s.g1[1] * u1;
        q = qn;
    }
}

Eigen::MatrixXd velocity_response(const ModalModel& m, int input, const Eigen::VectorXd& force, double h, Hold hold,
                                  Eigen::Index samples) {
    const Eigen::Index n = m.omega.size();
    const Eigen::Index N = samples < 0 ? force.size() : std::min(samples, force.size());
    Eigen::MatrixXd y = Eigen::MatrixXd::Zero(N, n);
    Eigen::VectorXd g(N);
    for (Eigen::Index r = 0; r < n; ++r) {
        modal_velocity(m.omega[r], m.xi[r], force, h, hold, g);
        const double in = m.shapes(input - 1, r);
        for (Eigen::Index i = 0; i < n; ++i) y.col(i).noalias() += (m.shapes(i, r) * in) * g;
    }
    return y;
}

}  // namespace dtop::identification
