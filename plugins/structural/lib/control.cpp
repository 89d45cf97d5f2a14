#include "control.hpp"

#include "spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dtop::structural {

using cd = std::complex<double>;

cd Compensator::at(double w) const {
    if (!enabled) return 1.0;
    const double wpe = 2 * M_PI * fpe_hz, wc = 2 * M_PI * fc_hz;
    return cd(wpe * wpe - w * w, 2 * zpe * wpe * w) / cd(wc * wc - w * w, 2 * zc * wc * w);
}

namespace {

// Row selecting the velocity of the device's floor in x = [q; q'].
Eigen::RowVectorXd floor_velocity(const Assembled& s) {
    Eigen::RowVectorXd c = Eigen::RowVectorXd::Zero(2 * s.dofs());
    c[s.dofs() + s.device_floor - 1] = 1.0;
    return c;
}

}  // namespace

StateSpace dvf_closed_loop(const Assembled& s, double h, const Actuator& act, const Compensator& comp) {
    if (s.device_floor == 0) throw std::invalid_argument("DVF needs a device on a floor");
    const StateSpace plant = mechanical(s);
    const Eigen::VectorXd Ba = device_input(s);
    const Eigen::RowVectorXd Cs = floor_velocity(s);
    const Eigen::Index n = plant.A.rows();
    StateSpace cl;
    if (!comp.enabled) {
        cl = plant;
        cl.A -= act.Bl * h * Ba * Cs;
        cl.Cu = -act.Bl * h * Cs;
        return cl;
    }
    // C(s) = 1 + ((2 zpe wpe - 2 zc wc) s + wpe^2 - wc^2) / (s^2 + 2 zc wc s + wc^2), controllable form.
    const double wpe = 2 * M_PI * comp.fpe_hz, wc = 2 * M_PI * comp.fc_hz;
    Eigen::Matrix2d Ac;
    Ac << 0, 1, -wc * wc, -2 * comp.zc * wc;
    const Eigen::Vector2d Bc(0, 1);
    const Eigen::RowVector2d Cc(wpe * wpe - wc * wc, 2 * comp.zpe * wpe - 2 * comp.zc * wc);
    cl.A = Eigen::MatrixXd::Zero(n + 2, n + 2);
    cl.A.topLeftCorner(n, n) = plant.A - act.Bl * h * Ba * Cs;
    cl.A.topRightCorner(n, 2) = -act.Bl * h * Ba * Cc;
    cl.A.bottomLeftCorner(2, n) = Bc * Cs;
    cl.A.bottomRightCorner(2, 2) = Ac;
    cl.B = Eigen::VectorXd::Zero(n + 2);
    cl.B.head(n) = plant.B;
    cl.Cv = Eigen::MatrixXd::Zero(plant.Cv.rows(), n + 2);
    cl.Cv.leftCols(n) = plant.Cv;
    cl.Cu = Eigen::RowVectorXd::Zero(n + 2);
    cl.Cu.head(n) = -act.Bl * h * Cs;
    cl.Cu.tail(2) = -act.Bl * h * Cc;
    return cl;
}

Eigen::VectorXcd dvf_open_loop(const Assembled& s, double h, const Actuator& act, const Compensator& comp,
                               const Eigen::VectorXd& w) {
    const StateSpace plant = mechanical(s);
    Eigen::VectorXcd g = transfer(plant.A, device_input(s), floor_velocity(s), w);
    for (Eigen::Index k = 0; k < w.size(); ++k) g[k] *= h * act.Bl * comp.at(w[k]);
    return g;
}

namespace {

// Smallest gain in [from, to] at which the closed loop is unstable, from its stability abscissa (the
// largest real part of its eigenvalues): a log scan for the first unstable gain, then the transition,
// bracketed, to 1e-12 relative. The bracket shrinks by the Illinois variant of regula falsi on the
// abscissa (a handful of eigenvalue solves where bisection takes ~40), with a bisection step whenever
// it stalls. +inf if none.
template <class Abscissa>
double first_unstable_gain(Abscissa&& abscissa, double from, double to) {
    double lo = 0, hi = 0, f_lo = 0, f_hi = 0;
    for (double g = from; g <= to; g *= 1.25) {
        const double f = abscissa(g);
        if (f >= 0) {
            hi = g;
            f_hi = f;
            break;
        }
        lo = g;
        f_lo = f;
    }
    if (hi == 0) return std::numeric_limits<double>::infinity();
    if (lo == 0) return hi;  // unstable from the start of the scan
    int side = 0;            // which end moved last: -1 lo, +1 hi
    double width = hi - lo;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
        const double margin = 0.25e-12 * hi;
        double g = hi - f_hi * (hi - lo) / (f_hi - f_lo);  // where the secant through the ends crosses 0
        const bool stalled = i % 3 == 2 && hi - lo > 0.5 * width;  // not halved in three steps
        if (i % 3 == 2) width = hi - lo;
        if (std::isnan(g) || stalled) g = 0.5 * (lo + hi);
        g = std::clamp(g, lo + margin, hi - margin);  // a step at least the margin in from each end
        const double f = abscissa(g);
        if (f >= 0) {
            hi = g;
            f_hi = f;
            if (side == 1) f_lo *= 0.5;
            side = 1;
        } else {
            lo = g;
            f_lo = f;
            if (side == -1) f_hi *= 0.5;
            side = -1;
        }
    }
    return hi;
}

}  // namespace

double dvf_critical_gain(const Assembled& s, const Actuator& act, const Compensator& comp, double h_max) {
    return first_unstable_gain([&](double h) { return stability_abscissa(dvf_closed_loop(s, h, act, comp).A); }, 1e-4, h_max);
}

LqgDesign design_lqg(const Assembled& s, const LqgWeights& wts, const Actuator& act) {
    if (s.device_floor == 0) throw std::invalid_argument("LQG needs a device on a floor");
    const StateSpace plant = mechanical(s);
    const Eigen::Index n = plant.A.rows(), dofs = s.dofs();
    const Eigen::VectorXd Bu = device_input(s);
    const Eigen::RowVectorXd C = floor_velocity(s);

    // LQR on (A, Bu): Q = q I with the proof mass's displacement and velocity left out.
    Eigen::MatrixXd Q = wts.q * Eigen::MatrixXd::Identity(n, n);
    Q(dofs - 1, dofs - 1) = 0;
    Q(n - 1, n - 1) = 0;
    const Eigen::MatrixXd R = Eigen::MatrixXd::Constant(1, 1, wts.r);
    LqgDesign d;
    d.lqr = solve_care(plant.A, Bu, Q, R);
    d.K = (Bu.transpose() * d.lqr.P) / wts.r;

    // Kalman filter, the dual problem: noise enters through G (column dofs+1: Bl Bu, last: -Bu).
    Eigen::MatrixXd G = Eigen::MatrixXd::Zero(n, n);
    G.col(dofs) = act.Bl * Bu;
    G.col(n - 1) = -Bu;
    const Eigen::MatrixXd W = wts.Qn * G * G.transpose();
    const Eigen::MatrixXd V = Eigen::MatrixXd::Constant(1, 1, wts.Rn);
    d.kalman = solve_care(plant.A.transpose(), C.transpose(), W, V);
    d.L = d.kalman.P * C.transpose() / wts.Rn;

    d.closed = lqg_closed_loop(s, d, act, 1.0);
    return d;
}

StateSpace lqg_closed_loop(const Assembled& s, const LqgDesign& d, const Actuator& act, double gain) {
    // [x; x_hat]: applied force gain Bl u along a, u = -K x_hat; the observer assumes gain 1.
    const StateSpace plant = mechanical(s);
    const Eigen::Index n = plant.A.rows();
    const Eigen::VectorXd Bu = device_input(s);
    const Eigen::MatrixXd BK = act.Bl * Bu * d.K;
    StateSpace cl;
    cl.A = Eigen::MatrixXd::Zero(2 * n, 2 * n);
    cl.A.topLeftCorner(n, n) = plant.A;
    cl.A.topRightCorner(n, n) = -gain * BK;
    cl.A.bottomLeftCorner(n, n) = d.L * floor_velocity(s);
    cl.A.bottomRightCorner(n, n) = plant.A - BK - d.L * floor_velocity(s);
    cl.B = Eigen::VectorXd::Zero(2 * n);
    cl.B.head(n) = plant.B;
    cl.Cv = Eigen::MatrixXd::Zero(plant.Cv.rows(), 2 * n);
    cl.Cv.leftCols(n) = plant.Cv;
    cl.Cu = Eigen::RowVectorXd::Zero(2 * n);
    cl.Cu.tail(n) = -gain * act.Bl * d.K;
    return cl;
}

double lqg_gain_margin(const Assembled& s, const LqgDesign& d, const Actuator& act, double g_max) {
    auto abscissa = [&](double g) { return stability_abscissa(lqg_closed_loop(s, d, act, g).A); };
    if (abscissa(1.0) >= 0) return 0.0;
    return first_unstable_gain(abscissa, 1.0, g_max);
}

Eigen::VectorXcd lqg_open_loop(const Assembled& s, const LqgDesign& d, const Actuator& act, const Eigen::VectorXd& w) {
    const StateSpace plant = mechanical(s);
    const Eigen::VectorXd Bu = device_input(s);
    const Eigen::RowVectorXd C = floor_velocity(s);
    const Eigen::VectorXcd g = transfer(plant.A, Bu, C, w);
    StateSpace controller;
    controller.A = plant.A - act.Bl * Bu * d.K - d.L * C;
    controller.B = d.L;
    controller.Cv = -act.Bl * d.K;
    const Eigen::VectorXcd k = frequency_response(controller, w).v.col(0);
    return -(g.array() * k.array()).matrix();
}

Response lqg_response(const Assembled& s, const LqgDesign& d, const Actuator& act, const Eigen::VectorXd& w) {
    const StateSpace plant = mechanical(s);
    const Eigen::Index n = plant.A.rows(), nf = plant.Cv.rows();
    const Eigen::VectorXd Bu = device_input(s);
    const Eigen::RowVectorXd C = floor_velocity(s);
    // Plant: outputs [floor velocities; y] from the primary force and from the device force, from one
    // eigendecomposition of the plant.
    Eigen::MatrixXd outputs(nf + 1, n), inputs(n, 2);
    outputs << plant.Cv, C;
    inputs << plant.B, Bu;
    const std::vector<Eigen::MatrixXcd> g = frequency_responses(plant.A, inputs, outputs, w);
    Response gp, ga;
    gp.v = g[0];
    ga.v = g[1];
    // Controller: force = -Bl K (sI - A + Bl Bu K + L C)^-1 L y.
    StateSpace controller;
    controller.A = plant.A - act.Bl * Bu * d.K - d.L * C;
    controller.B = d.L;
    controller.Cv = -act.Bl * d.K;
    const Response kc = frequency_response(controller, w);
    Response r;
    r.v.resize(w.size(), nf);
    r.u.resize(w.size());
    for (Eigen::Index k = 0; k < w.size(); ++k) {
        // y = Gyp + Gya f, f = Kc y  =>  y = Gyp / (1 - Gya Kc); v = Gvp + Gva f
        const std::complex<double> K = kc.v(k, 0);
        const std::complex<double> y = gp.v(k, nf) / (1.0 - ga.v(k, nf) * K);
        const std::complex<double> f = K * y;
        r.v.row(k) = gp.v.row(k).head(nf) + f * ga.v.row(k).head(nf);
        r.u[k] = f;
    }
    return r;
}

}  // namespace dtop::structural
