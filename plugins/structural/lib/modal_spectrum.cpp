#include "modal_spectrum.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

namespace dtop::structural {

namespace {

using cd = std::complex<double>;

// The bare frame's modes: omega^2, M-orthonormal shapes and modal damping (diagonal of Phi^T C Phi).
struct FrameModes {
    Eigen::VectorXd omega2, damping;
    Eigen::MatrixXd shapes;
};

std::optional<FrameModes> frame_modes(const Assembled& s) {
    const Eigen::Index n = s.floors;
    Eigen::MatrixXd M = s.M.topLeftCorner(n, n), K = s.K.topLeftCorner(n, n), C = s.C.topLeftCorner(n, n);
    if (s.device_floor > 0) {  // take the device's own terms off its floor
        const Eigen::Index f = s.device_floor - 1;
        M(f, f) -= s.mb;
        K(f, f) -= s.K(n, n);
        C(f, f) -= s.C(n, n);
    }
    Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> es(K, M);
    if (es.info() != Eigen::Success) return std::nullopt;
    FrameModes m;
    m.omega2 = es.eigenvalues();
    m.shapes = es.eigenvectors();
    const Eigen::MatrixXd modal_c = m.shapes.transpose() * C * m.shapes;
    m.damping = modal_c.diagonal();
    Eigen::MatrixXd off = modal_c;
    off.diagonal().setZero();
    if (off.cwiseAbs().maxCoeff() > 1e-9 * std::max(m.damping.cwiseAbs().maxCoeff(), 1e-300)) return std::nullopt;
    return m;
}

// Floor displacements and control force per unit force at floor 1, at one frequency.
struct Point {
    double energy = 0;  // 1/4 v^H M_f v
    cd force = 0;       // f = -G v_s
};

Point evaluate(const Assembled& s, const FrameModes& m, const Feedback& feedback, double w) {
    const Eigen::Index n = s.floors;
    const cd jw(0, w);
    Eigen::VectorXcd inv_d(n), a0(n);  // 1 / (w_k^2 - w^2 + jw c_k), and the bare frame's modal response
    for (Eigen::Index k = 0; k < n; ++k) {
        inv_d[k] = 1.0 / (m.omega2[k] - w * w + jw * m.damping[k]);
        a0[k] = m.shapes(0, k) * inv_d[k];
    }
    Point p;
    if (s.device_floor == 0) {
        p.energy = 0.25 * w * w * a0.squaredNorm();
        return p;
    }
    const Eigen::Index f = s.device_floor - 1;
    const double mp = s.M(n, n), kp = s.K(n, n), cp = s.C(n, n);
    const cd kd = kp + jw * cp, zp = kd - w * w * mp, g = feedback ? jw * feedback(w) : cd(0);
    // proof mass condensed: q_p = (kd + g) q_s / zp; what remains on floor s is gamma q_s
    const cd gamma = -w * w * s.mb + kd - kd * (kd + g) / zp + g;
    cd p0 = 0, ps = 0;  // the bare frame's q_s under the force, and under a unit force at floor s
    for (Eigen::Index k = 0; k < n; ++k) {
        p0 += m.shapes(f, k) * a0[k];
        ps += m.shapes(f, k) * m.shapes(f, k) * inv_d[k];
    }
    const cd beta = gamma * p0 / (1.0 + gamma * ps);  // Sherman-Morrison
    const cd qs = p0 - beta * ps;
    double sum = 0;
    for (Eigen::Index k = 0; k < n; ++k) sum += std::norm(a0[k] - beta * m.shapes(f, k) * inv_d[k]);
    p.energy = 0.25 * w * w * (sum + s.mb * std::norm(qs));
    p.force = -g * qs;
    return p;
}

// The same point from a dense solve of (K - w^2 M + jw C + feedback) q = bp.
Point direct(const Assembled& s, const Feedback& feedback, double w) {
    const cd jw(0, w);
    Eigen::MatrixXcd Z = s.K.cast<cd>() - w * w * s.M.cast<cd>() + jw * s.C.cast<cd>();
    cd g = 0;
    if (s.device_floor > 0 && feedback) {
        g = jw * feedback(w);
        Z.col(s.device_floor - 1) += g * s.a.cast<cd>();  // f = -g q_s along a, moved to the left
    }
    const Eigen::VectorXcd q = Z.partialPivLu().solve(s.bp.cast<cd>());
    Point p;
    for (Eigen::Index i = 0; i < s.floor_mass.size(); ++i) p.energy += 0.25 * w * w * s.floor_mass[i] * std::norm(q[i]);
    if (s.device_floor > 0) p.force = -g * q[s.device_floor - 1];
    return p;
}

}  // namespace

std::optional<Spectrum> modal_spectrum(const Assembled& s, const Eigen::VectorXd& f_hz, double effort_factor,
                                       const Feedback& feedback) {
    const std::optional<FrameModes> m = frame_modes(s);
    if (!m) return std::nullopt;
    const Eigen::Index nw = f_hz.size();
    Spectrum sp;
    sp.f_hz = f_hz;
    sp.w = 2 * M_PI * f_hz;
    sp.energy.resize(nw);
    Eigen::VectorXd force2(nw);
    for (Eigen::Index i = 0; i < nw; ++i) {
        const Point p = evaluate(s, *m, feedback, sp.w[i]);
        sp.energy[i] = p.energy;
        force2[i] = std::norm(p.force);
    }
    for (Eigen::Index k : {Eigen::Index(0), nw / 3, nw / 2, (2 * nw) / 3, nw - 1}) {
        const Point d = direct(s, feedback, sp.w[k]);
        if (std::abs(sp.energy[k] - d.energy) > 1e-9 * d.energy) return std::nullopt;
    }
    sp.energy_db = 20.0 * sp.energy.array().log10();
    sp.integrated = trapezoid(sp.energy, sp.w);
    if (feedback) sp.effort = effort_factor * trapezoid(force2, sp.w);
    return sp;
}

}  // namespace dtop::structural

namespace dtop::structural {

Spectrum passive_spectrum(const Assembled& s, const Eigen::VectorXd& f_hz) {
    if (std::optional<Spectrum> m = modal_spectrum(s, f_hz)) return *m;
    return kinetic_energy(frequency_response(mechanical(s), 2 * M_PI * f_hz), s.floor_mass, f_hz);
}

}  // namespace dtop::structural
