#include "tmd_design.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace dtop::structural {

Device den_hartog(const ShearFrame& frame, Device d, int mode) {
    if (mode < 1 || mode > frame.floors())
        throw std::invalid_argument("mode " + std::to_string(mode) + " does not exist (1 to " + std::to_string(frame.floors()) + ")");
    if (d.floor < 1 || d.floor > frame.floors())
        throw std::invalid_argument("floor " + std::to_string(d.floor) + " is outside the structure (floors 1 to " +
                                    std::to_string(frame.floors()) + ")");
    Eigen::MatrixXd M = frame.M();
    M(d.floor - 1, d.floor - 1) += d.mb;
    const Modes m = modes(M, frame.K());
    const double phi = m.shapes(d.floor - 1, mode - 1);
    if (std::abs(phi) < 1e-12) throw std::invalid_argument("mode " + std::to_string(mode) + " does not move floor " + std::to_string(d.floor));
    const double modal_mass = 1.0 / (phi * phi);
    const double mu = d.mp / modal_mass;
    const double f = 1.0 / (1.0 + mu), zeta = std::sqrt(3 * mu / (8 * std::pow(1 + mu, 3)));
    const double wp = f * m.omega[mode - 1];
    d.kp = d.mp * wp * wp;
    d.cp = 2 * zeta * d.mp * wp;
    return d;
}

double integrated_energy(const ShearFrame& frame, const Device& device, const Eigen::VectorXd& f_hz) {
    const Assembled s = with_device(frame, device);
    return kinetic_energy(frequency_response(mechanical(s), 2 * M_PI * f_hz), s.floor_mass, f_hz).integrated;
}

Optimum optimise_tmd(const ShearFrame& frame, const Device& start, const Bounds& b, const FrequencyGrid& grid, int mode) {
    if (!(b.kp_min > 0 && b.kp_max > b.kp_min)) throw std::invalid_argument("kp_max: must be above kp_min > 0");
    if (!(b.cp_min > 0 && b.cp_max > b.cp_min)) throw std::invalid_argument("cp_max: must be above cp_min > 0");
    const Eigen::VectorXd f = grid.hz();
    const std::array<double, 2> lo{std::log(b.kp_min), std::log(b.cp_min)}, hi{std::log(b.kp_max), std::log(b.cp_max)};
    Optimum best;
    auto clamp = [&](std::array<double, 2> x) {
        for (int i = 0; i < 2; ++i) x[i] = std::clamp(x[i], lo[i], hi[i]);
        return x;
    };
    auto cost = [&](const std::array<double, 2>& x) {
        Device d = start;
        d.kp = std::exp(x[0]);
        d.cp = std::exp(x[1]);
        ++best.evaluations;
        return integrated_energy(frame, d, f);
    };
    const Device dh = den_hartog(frame, start, mode);
    // Simplex around the (clamped) Den Hartog point, in log coordinates.
    std::array<std::array<double, 2>, 3> x{};
    x[0] = clamp({std::log(dh.kp), std::log(dh.cp)});
    x[1] = clamp({x[0][0] + 0.1, x[0][1]});
    x[2] = clamp({x[0][0], x[0][1] + 0.3});
    if (x[1] == x[0]) x[1] = clamp({x[0][0] - 0.1, x[0][1]});
    if (x[2] == x[0]) x[2] = clamp({x[0][0], x[0][1] - 0.3});
    std::array<double, 3> fx{cost(x[0]), cost(x[1]), cost(x[2])};
    for (int iter = 0; iter < 400; ++iter) {
        std::array<int, 3> o{0, 1, 2};
        std::sort(o.begin(), o.end(), [&](int a, int c) { return fx[a] < fx[c]; });
        const auto &xb = x[o[0]], &xm = x[o[1]];
        auto& xw = x[o[2]];
        // Converged when the simplex spans less than 1e-7 in log kp and log cp (relative 1e-7).
        if (std::max({std::abs(xw[0] - xb[0]), std::abs(xw[1] - xb[1]), std::abs(xm[0] - xb[0]), std::abs(xm[1] - xb[1])}) < 1e-7)
            break;
        const std::array<double, 2> c{0.5 * (xb[0] + xm[0]), 0.5 * (xb[1] + xm[1])};
        auto along = [&](double t) { return clamp({c[0] + t * (xw[0] - c[0]), c[1] + t * (xw[1] - c[1])}); };
        const auto xr = along(-1.0);
        const double fr = cost(xr);
        if (fr < fx[o[0]]) {
            const auto xe = along(-2.0);
            const double fe = cost(xe);
            if (fe < fr) xw = xe, fx[o[2]] = fe;
            else xw = xr, fx[o[2]] = fr;
        } else if (fr < fx[o[1]]) {
            xw = xr, fx[o[2]] = fr;
        } else {
            const auto xc = fr < fx[o[2]] ? along(-0.5) : along(0.5);
            const double fc = cost(xc);
            if (fc < std::min(fr, fx[o[2]])) {
                xw = xc, fx[o[2]] = fc;
            } else {  // shrink towards the best
                for (int k : {o[1], o[2]}) {
                    x[k] = {0.5 * (x[k][0] + xb[0]), 0.5 * (x[k][1] + xb[1])};
                    fx[k] = cost(x[k]);
                }
            }
        }
    }
    const int ib = static_cast<int>(std::min_element(fx.begin(), fx.end()) - fx.begin());
    best.device = start;
    best.device.kp = std::exp(x[ib][0]);
    best.device.cp = std::exp(x[ib][1]);
    best.integrated = fx[ib];
    return best;
}

}  // namespace dtop::structural
