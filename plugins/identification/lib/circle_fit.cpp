#include "circle_fit.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>

namespace dtop::identification {

std::vector<double> peak_pick(const Eigen::VectorXd& f, const Eigen::VectorXd& a, double lo, double hi, int count, double separation) {
    std::vector<Eigen::Index> maxima;
    for (Eigen::Index k = 1; k + 1 < f.size(); ++k)
        if (f[k] >= lo && f[k] <= hi && a[k] >= a[k - 1] && a[k] > a[k + 1]) maxima.push_back(k);
    std::sort(maxima.begin(), maxima.end(), [&](Eigen::Index x, Eigen::Index y) { return a[x] > a[y]; });
    std::vector<double> out;
    for (Eigen::Index k : maxima) {
        if (static_cast<int>(out.size()) == count) break;
        if (std::none_of(out.begin(), out.end(), [&](double p) { return std::abs(p - f[k]) < separation; })) out.push_back(f[k]);
    }
    std::sort(out.begin(), out.end());
    return out;
}

CircleMode circle_fit(const Eigen::VectorXd& f, const Eigen::VectorXcd& Y, double peak_hz, double level) {
    Eigen::Index p = 0;
    (f.array() - peak_hz).abs().minCoeff(&p);
    const double top = std::abs(Y[p]);
    Eigen::Index a = p, b = p;
    while (a > 0 && (std::abs(Y[a - 1]) >= level * top || b - a < 4)) --a;
    while (b + 1 < f.size() && (std::abs(Y[b + 1]) >= level * top || b - a < 4)) ++b;
    const Eigen::Index n = b - a + 1;
    if (n < 5) throw std::runtime_error("too few points for a circle fit near " + std::to_string(peak_hz) + " Hz");
    // Algebraic (Kasa) circle: x^2 + y^2 + D x + E y + F = 0 in least squares.
    Eigen::MatrixXd A(n, 3);
    Eigen::VectorXd rhs(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        const double x = Y[a + k].real(), y = Y[a + k].imag();
        A.row(k) << x, y, 1.0;
        rhs[k] = -(x * x + y * y);
    }
    const Eigen::Vector3d s = A.colPivHouseholderQr().solve(rhs);
    const std::complex<double> centre(-s[0] / 2, -s[1] / 2);
    const double radius = std::sqrt(std::max(0.0, std::norm(centre) - s[2]));
    CircleMode m;
    m.points = static_cast<int>(n);
    m.f_low = f[a];
    m.f_high = f[b];
    double e2 = 0;
    std::vector<double> angle(static_cast<std::size_t>(n));
    for (Eigen::Index k = 0; k < n; ++k) {
        e2 += std::pow(std::abs(Y[a + k] - centre) - radius, 2);
        angle[static_cast<std::size_t>(k)] = std::arg(Y[a + k] - centre);
    }
    m.circle_error = std::sqrt(e2 / static_cast<double>(n)) / std::max(radius, 1e-300);
    for (std::size_t k = 1; k < angle.size(); ++k) {  // unwrap: the mobility turns clockwise with frequency
        while (angle[k] > angle[k - 1]) angle[k] -= 2 * M_PI;
        while (angle[k] < angle[k - 1] - 2 * M_PI) angle[k] += 2 * M_PI;
    }
    // Natural frequency: the largest sweep rate -d angle / d w, refined by a parabola through the three
    // rates around it; the angle there by linear interpolation.
    std::size_t best = 0;
    double rate_best = -1;
    std::vector<double> rate(angle.size() - 1), mid(angle.size() - 1);
    for (std::size_t k = 0; k + 1 < angle.size(); ++k) {
        rate[k] = (angle[k] - angle[k + 1]) / (f[a + static_cast<Eigen::Index>(k) + 1] - f[a + static_cast<Eigen::Index>(k)]);
        mid[k] = 0.5 * (f[a + static_cast<Eigen::Index>(k)] + f[a + static_cast<Eigen::Index>(k) + 1]);
        if (rate[k] > rate_best) rate_best = rate[k], best = k;
    }
    double fr = mid[best];
    if (best > 0 && best + 1 < rate.size()) {
        const double y0 = rate[best - 1], y1 = rate[best], y2 = rate[best + 1], den = y0 - 2 * y1 + y2;
        if (den < 0) fr = mid[best] + 0.5 * (y0 - y2) / den * (mid[best + 1] - mid[best]);
    }
    auto angle_at = [&](double hz) {
        for (std::size_t k = 0; k + 1 < angle.size(); ++k) {
            const double f0 = f[a + static_cast<Eigen::Index>(k)], f1 = f[a + static_cast<Eigen::Index>(k) + 1];
            if (hz >= f0 && hz <= f1) return angle[k] + (angle[k + 1] - angle[k]) * (hz - f0) / (f1 - f0);
        }
        return hz < f[a] ? angle.front() : angle.back();
    };
    const double psi_r = angle_at(fr), wr = 2 * M_PI * fr;
    // Damping from every pair of points below (b) and above (a) the resonance:
    // xi = (w_a^2 - w_b^2) / (2 w_r^2 (tan(theta_a / 2) + tan(theta_b / 2))).
    std::vector<double> xi;
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            const double fb = f[a + i], fa = f[a + j];
            if (!(fb < fr && fa > fr)) continue;
            const double tb = std::abs(angle[static_cast<std::size_t>(i)] - psi_r), ta = std::abs(angle[static_cast<std::size_t>(j)] - psi_r);
            if (ta >= M_PI * 0.95 || tb >= M_PI * 0.95 || ta < 1e-3 || tb < 1e-3) continue;
            const double wa = 2 * M_PI * fa, wb = 2 * M_PI * fb;
            xi.push_back((wa * wa - wb * wb) / (2 * wr * wr * (std::tan(ta / 2) + std::tan(tb / 2))));
        }
    if (xi.empty()) throw std::runtime_error("no points either side of the resonance near " + std::to_string(peak_hz) + " Hz for a circle fit");
    double mean = 0;
    for (double x : xi) mean += x;
    mean /= static_cast<double>(xi.size());
    double var = 0;
    for (double x : xi) var += (x - mean) * (x - mean);
    m.frequency_hz = fr;
    m.damping = mean;
    m.damping_spread = xi.size() > 1 ? std::sqrt(var / static_cast<double>(xi.size() - 1)) : 0;
    m.modal_constant = 2 * radius * 2 * mean * wr;  // D = A / (2 xi w_r)
    return m;
}

}  // namespace dtop::identification
