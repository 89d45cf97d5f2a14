#include "frf_fit.hpp"

#include "scan_then_fit.hpp"

#include <cmath>
#include <stdexcept>

namespace dtop::identification {

using structural::ShearFrame;

std::vector<Eigen::Index> lines_near(const Eigen::VectorXd& f, const std::vector<double>& res, double half_width) {
    std::vector<Eigen::Index> out;
    for (Eigen::Index k = 0; k < f.size(); ++k)
        for (double r : res)
            if (std::abs(f[k] - r) <= half_width) {
                out.push_back(k);
                break;
            }
    return out;
}

Eigen::VectorXd db_error(const Eigen::MatrixXcd& measured, const Eigen::MatrixXcd& model, const std::vector<Eigen::Index>& lines) {
    Eigen::VectorXd out = Eigen::VectorXd::Zero(measured.cols());
    if (lines.empty()) return out;
    for (Eigen::Index c = 0; c < measured.cols(); ++c) {
        double s = 0;
        for (Eigen::Index k : lines) s += std::pow(20 * std::log10(std::abs(model(k, c)) / std::abs(measured(k, c))), 2);
        out[c] = std::sqrt(s / static_cast<double>(lines.size()));
    }
    return out;
}

FitSummary fit_to_frf(const ShearFrame& start, const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, Quantity q,
                      const std::vector<double>& resonances, const FrfFitOptions& o) {
    if (H.cols() != start.floors())
        throw std::invalid_argument("the FRF has " + std::to_string(H.cols()) + " outputs, the structure " + std::to_string(start.floors()) + " floors");
    const std::vector<Eigen::Index> lines = lines_near(f, resonances, o.half_width);
    if (static_cast<Eigen::Index>(lines.size()) * H.cols() * 2 < 3 * start.floors())
        throw std::invalid_argument("too few FRF lines near the resonances to fit " + std::to_string(3 * start.floors()) + " parameters");
    Eigen::VectorXd fl(static_cast<Eigen::Index>(lines.size()));
    Eigen::MatrixXcd Hl(fl.size(), H.cols());
    for (Eigen::Index i = 0; i < fl.size(); ++i) {
        fl[i] = f[lines[static_cast<std::size_t>(i)]];
        Hl.row(i) = H.row(lines[static_cast<std::size_t>(i)]);
        for (Eigen::Index c = 0; c < H.cols(); ++c)
            if (std::abs(Hl(i, c)) == 0) throw std::invalid_argument("the measured FRF is zero at " + std::to_string(fl[i]) + " Hz");
    }
    const fitting::ResidualOnly cost = [&](const Eigen::VectorXd& x, Eigen::VectorXd& r) {
        if (!admissible(x)) return false;
        const Eigen::MatrixXcd model = frequency_response(modal_model(frame_of(x, "")), o.input, fl, q);
        const Eigen::Index L = fl.size(), n = H.cols();
        r.resize(2 * L * n);
        for (Eigen::Index c = 0; c < n; ++c)
            for (Eigen::Index k = 0; k < L; ++k) {
                const std::complex<double> e = std::log(model(k, c) / Hl(k, c));
                r[2 * (c * L + k)] = e.real();
                r[2 * (c * L + k) + 1] = o.phase_weight * e.imag();
            }
        return r.allFinite();
    };
    return scan_then_fit(start, cost, o.max_iterations, "a measured FRF",
                         "complex log error ln(H_model / H_measured) on the lines within " + std::to_string(o.half_width) +
                             " Hz of each resonance; stiffness and mass scan then Levenberg-Marquardt");
}

}  // namespace dtop::identification
