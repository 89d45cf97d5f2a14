// Independent reference computations for the structural tests: straight from the second-order
// equations of physics.md (impedance solves, sums and trapezoids written out here), never through the
// library's state-space, modal or Hessenberg paths.
#pragma once

#include <Eigen/Dense>

#include <complex>
#include <numbers>
#include <stdexcept>
#include <string>

namespace structural_test {

using cd = std::complex<double>;
constexpr double pi = std::numbers::pi;

// Velocities v with (jw M + C + K/(jw)) v = b.
inline Eigen::VectorXcd velocity(const Eigen::MatrixXd& M, const Eigen::MatrixXd& C, const Eigen::MatrixXd& K,
                                 const Eigen::VectorXcd& b, double w) {
    const cd jw(0.0, w);
    const Eigen::MatrixXcd Z = jw * M.cast<cd>() + C.cast<cd>() + K.cast<cd>() / jw;
    return Z.fullPivLu().solve(b);
}

// IntKE by hand: T(w) = 1/4 sum_i m_i |v_i|^2 over the first floor_mass.size() DOFs, trapezoid over w.
inline double intke(const Eigen::MatrixXd& M, const Eigen::MatrixXd& C, const Eigen::MatrixXd& K,
                    const Eigen::VectorXd& bp, const Eigen::VectorXd& floor_mass, const Eigen::VectorXd& f_hz) {
    double sum = 0, w_prev = 0, t_prev = 0;
    for (Eigen::Index k = 0; k < f_hz.size(); ++k) {
        const double w = 2 * pi * f_hz[k];
        const Eigen::VectorXcd v = velocity(M, C, K, bp.cast<cd>(), w);
        double t = 0;
        for (Eigen::Index i = 0; i < floor_mass.size(); ++i) t += 0.25 * floor_mass[i] * std::norm(v[i]);
        if (k > 0) sum += 0.5 * (w - w_prev) * (t + t_prev);
        w_prev = w;
        t_prev = t;
    }
    return sum;
}

// |a - b| / |b|
inline double rel(cd a, cd b) { return std::abs(a - b) / std::abs(b); }

// The message of the std::invalid_argument that f throws ("<none>" if it throws nothing; any other
// exception type propagates and fails the test).
template <class F>
std::string invalid_argument_message(F&& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "<none>";
}

}  // namespace structural_test
