#include "lscf.hpp"

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>

namespace dtop::identification {

using cd = std::complex<double>;

namespace {

struct Band {
    Eigen::Index first = 0, count = 0;
};

Band band_of(const Eigen::VectorXd& f, double lo, double hi) {
    Band b;
    b.first = f.size();
    for (Eigen::Index k = 0; k < f.size(); ++k)
        if (f[k] >= lo && f[k] <= hi) {
            b.first = std::min(b.first, k);
            ++b.count;
        }
    return b;
}

// sum_k w_k z_k^d for d = -n..n (index d + n).
Eigen::VectorXcd moments(const Eigen::VectorXcd& z, const Eigen::VectorXcd& w, int n) {
    Eigen::VectorXcd out = Eigen::VectorXcd::Zero(2 * n + 1);
    for (Eigen::Index k = 0; k < z.size(); ++k) {
        const cd zk = z[k], zinv = std::conj(zk);  // |z| = 1
        cd up = w[k], down = w[k];
        out[n] += w[k];
        for (int d = 1; d <= n; ++d) {
            up *= zk;
            down *= zinv;
            out[n + d] += up;
            out[n - d] += down;
        }
    }
    return out;
}

// Real Toeplitz block of an order: (p, q) -> Re m[q - p].
Eigen::MatrixXd toeplitz(const Eigen::VectorXcd& m, int n, int order) {
    Eigen::MatrixXd t(order + 1, order + 1);
    for (int p = 0; p <= order; ++p)
        for (int q = 0; q <= order; ++q) t(p, q) = m[n + q - p].real();
    return t;
}

std::vector<Pole> poles_of(const Eigen::VectorXd& a, double dt, double lo, double hi, double max_damping, int order) {
    // Roots of sum a_p z^p with a_order = 1: eigenvalues of the companion matrix.
    const Eigen::Index n = a.size() - 1;
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(n, n);
    C.row(0) = -a.head(n).reverse().transpose();
    if (n > 1) C.bottomLeftCorner(n - 1, n - 1).setIdentity();
    Eigen::EigenSolver<Eigen::MatrixXd> es(C, false);
    std::vector<Pole> out;
    for (Eigen::Index i = 0; i < n; ++i) {
        const cd z = es.eigenvalues()[i];
        const cd s = std::log(z) / dt;
        if (s.imag() <= 0) continue;
        Pole p;
        p.frequency_hz = std::abs(s) / (2 * M_PI);
        p.damping = -s.real() / std::abs(s);
        p.order = order;
        if (p.frequency_hz < lo || p.frequency_hz > hi || p.damping <= 0 || p.damping > max_damping) continue;
        out.push_back(p);
    }
    std::sort(out.begin(), out.end(), [](const Pole& x, const Pole& y) { return x.frequency_hz < y.frequency_hz; });
    return out;
}

}  // namespace

std::vector<std::vector<Pole>> stabilisation_diagram(const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, const StabilisationOptions& o) {
    const double lo = o.f_low > 0 ? o.f_low : f.minCoeff(), hi = o.f_high > 0 ? o.f_high : f.maxCoeff();
    const Band b = band_of(f, lo, hi);
    const int nmax = o.max_order;
    if (b.count < nmax) throw std::invalid_argument("the band has fewer lines than the highest model order");
    const double dt = 1.0 / (2 * hi);
    Eigen::VectorXcd z(b.count);
    for (Eigen::Index k = 0; k < b.count; ++k) z[k] = std::polar(1.0, 2 * M_PI * f[b.first + k] * dt);
    // Per output, balanced by its RMS: R = Re X^H X, S = Re X^H Y, T = Re Y^H Y with Y = -H X.
    std::vector<Eigen::VectorXcd> mr, ms, mt;
    for (Eigen::Index c = 0; c < H.cols(); ++c) {
        const Eigen::VectorXcd h = H.col(c).segment(b.first, b.count);
        const double w2 = 1.0 / std::max(h.squaredNorm() / static_cast<double>(b.count), 1e-300);
        mr.push_back(moments(z, Eigen::VectorXcd::Constant(b.count, w2), nmax));
        ms.push_back(-moments(z, (w2 * h).eval(), nmax));  // X_p^* Y_q = -|w|^2 H z^(q-p)
        mt.push_back(moments(z, Eigen::VectorXcd((w2 * h.cwiseAbs2()).cast<cd>()), nmax));
    }
    std::vector<std::vector<Pole>> diagram;
    for (int order = 2; order <= nmax; order += 2) {
        Eigen::MatrixXd M = Eigen::MatrixXd::Zero(order + 1, order + 1);
        for (std::size_t c = 0; c < mr.size(); ++c) {
            const Eigen::MatrixXd R = toeplitz(mr[c], nmax, order), S = toeplitz(ms[c], nmax, order), T = toeplitz(mt[c], nmax, order);
            M += T - S.transpose() * R.ldlt().solve(S);
        }
        Eigen::VectorXd a(order + 1);
        a[order] = 1;
        a.head(order) = M.topLeftCorner(order, order).ldlt().solve(-M.topRightCorner(order, 1));
        std::vector<Pole> poles = poles_of(a, dt, lo, hi, o.max_damping, order);
        if (!diagram.empty())
            for (Pole& p : poles)
                for (const Pole& q : diagram.back())
                    if (std::abs(p.frequency_hz - q.frequency_hz) <= o.frequency_tolerance * q.frequency_hz &&
                        std::abs(p.damping - q.damping) <= o.damping_tolerance * q.damping)
                        p.stable = true;
        diagram.push_back(std::move(poles));
    }
    return diagram;
}


namespace {

// (j w)^power: receptance -> the quantity.
cd quantity_factor(Quantity q, double w) {
    if (q == Quantity::mobility) return {0.0, w};
    if (q == Quantity::accelerance) return -w * w;
    return 1.0;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

double spread(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// Clusters of stable poles along frequency: each a candidate physical mode.
std::vector<IdentifiedMode> stable_clusters(const std::vector<std::vector<Pole>>& diagram, double tolerance) {
    std::vector<Pole> stable;
    for (const auto& order : diagram)
        for (const Pole& p : order)
            if (p.stable) stable.push_back(p);
    std::sort(stable.begin(), stable.end(), [](const Pole& a, const Pole& b) { return a.frequency_hz < b.frequency_hz; });
    const int needed = std::max(3, static_cast<int>(diagram.size()) / 4);
    std::vector<IdentifiedMode> out;
    for (std::size_t i = 0; i < stable.size();) {
        std::vector<double> f, d;
        std::size_t j = i;
        while (j < stable.size() && stable[j].frequency_hz <= stable[i].frequency_hz * (1 + tolerance)) {
            f.push_back(stable[j].frequency_hz);
            d.push_back(stable[j].damping);
            ++j;
        }
        if (static_cast<int>(f.size()) >= needed) {
            IdentifiedMode m;
            std::vector<double> fs = f, ds = d;
            std::nth_element(fs.begin(), fs.begin() + static_cast<std::ptrdiff_t>(fs.size() / 2), fs.end());
            std::nth_element(ds.begin(), ds.begin() + static_cast<std::ptrdiff_t>(ds.size() / 2), ds.end());
            m.frequency_hz = fs[fs.size() / 2];
            m.damping = ds[ds.size() / 2];
            // The spread over the orders: per order the pole nearest the median only (a neighbouring
            // spurious pole inside the tolerance is not this mode's scatter).
            std::vector<double> fo, dd;
            for (const auto& order : diagram) {
                const Pole* best = nullptr;
                for (const Pole& p : order)
                    if (p.stable && std::abs(p.frequency_hz - m.frequency_hz) <= tolerance * m.frequency_hz &&
                        (!best || std::abs(p.frequency_hz - m.frequency_hz) < std::abs(best->frequency_hz - m.frequency_hz)))
                        best = &p;
                if (best) fo.push_back(best->frequency_hz), dd.push_back(best->damping);
            }
            m.frequency_spread_hz = spread(fo);
            m.damping_spread = spread(dd);
            m.stable_orders = static_cast<int>(fo.size());
            out.push_back(m);
        }
        i = j;
    }
    return out;
}

}  // namespace

Eigen::VectorXd lsfd(const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, Quantity q, double lo, double hi, std::vector<IdentifiedMode>& modes,
                     Eigen::MatrixXcd& synthesis) {
    const Band b = band_of(f, lo, hi);
    const auto nm = static_cast<Eigen::Index>(modes.size());
    const Eigen::Index cols = 2 * nm + 2;
    if (b.count * 2 < cols) throw std::invalid_argument("too few lines in the band for the modes' residues");
    // Receptance basis at every line: the modes' pole pairs, an upper (constant) and a lower (-1/w^2) residual.
    auto basis = [&](double w) {
        Eigen::VectorXcd row(cols);
        const cd s(0.0, w);
        for (Eigen::Index r = 0; r < nm; ++r) {
            const double wr = 2 * M_PI * modes[static_cast<std::size_t>(r)].frequency_hz, xi = modes[static_cast<std::size_t>(r)].damping;
            const cd lambda(-xi * wr, wr * std::sqrt(std::max(0.0, 1 - xi * xi)));
            // R / (s - lambda) + conj(R) / (s - conj(lambda)) with R = a + j b
            const cd p1 = 1.0 / (s - lambda), p2 = 1.0 / (s - std::conj(lambda));
            row[2 * r] = p1 + p2;
            row[2 * r + 1] = cd(0, 1) * (p1 - p2);
        }
        row[2 * nm] = 1.0;
        row[2 * nm + 1] = -1.0 / (w * w);
        return row;
    };
    Eigen::MatrixXd A(2 * b.count, cols);
    for (Eigen::Index k = 0; k < b.count; ++k) {
        const Eigen::VectorXcd row = basis(2 * M_PI * f[b.first + k]);
        A.row(2 * k) = row.real().transpose();
        A.row(2 * k + 1) = row.imag().transpose();
    }
    // Each line scaled by the output's level there would weight anti-resonances; a per-output
    // scale only is used, so the fit is a plain least squares on the receptance.
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
    for (IdentifiedMode& m : modes) m.modal_constant.resize(H.cols());
    synthesis.resize(H.rows(), H.cols());
    Eigen::VectorXd error(H.cols());
    for (Eigen::Index c = 0; c < H.cols(); ++c) {
        Eigen::VectorXd rhs(2 * b.count);
        for (Eigen::Index k = 0; k < b.count; ++k) {
            const cd x = H(b.first + k, c) / quantity_factor(q, 2 * M_PI * f[b.first + k]);
            rhs[2 * k] = x.real();
            rhs[2 * k + 1] = x.imag();
        }
        const Eigen::VectorXd theta = qr.solve(rhs);
        for (Eigen::Index r = 0; r < nm; ++r) {
            IdentifiedMode& m = modes[static_cast<std::size_t>(r)];
            const double wd = 2 * M_PI * m.frequency_hz * std::sqrt(std::max(0.0, 1 - m.damping * m.damping));
            m.modal_constant[c] = -2 * wd * theta[2 * r + 1];  // Re(2 j w_d R)
        }
        double num = 0, den = 0;
        for (Eigen::Index k = 0; k < H.rows(); ++k) {
            const double w = 2 * M_PI * std::max(f[k], 1e-9);
            synthesis(k, c) = basis(w).cwiseProduct(theta.cast<cd>()).sum() * quantity_factor(q, w);
            if (k >= b.first && k < b.first + b.count) {
                num += std::norm(synthesis(k, c) - H(k, c));
                den += std::norm(H(k, c));
            }
        }
        error[c] = std::sqrt(num / std::max(den, 1e-300));
    }
    return error;
}

ModalFit extract_modes(const Eigen::VectorXd& f, const Eigen::MatrixXcd& H, Quantity q, const StabilisationOptions& o, int wanted) {
    ModalFit fit;
    fit.diagram = stabilisation_diagram(f, H, o);
    const double lo = o.f_low > 0 ? o.f_low : f.minCoeff(), hi = o.f_high > 0 ? o.f_high : f.maxCoeff();
    fit.modes = stable_clusters(fit.diagram, o.frequency_tolerance);
    if (fit.modes.empty()) throw std::runtime_error("no pole is stable over the model orders: widen the band or raise max_order");
    fit.fit_error = lsfd(f, H, q, lo, hi, fit.modes, fit.synthesis);
    if (wanted > 0 && static_cast<int>(fit.modes.size()) > wanted) {
        // Keep the modes with the largest peak receptance |A| / (2 xi w^2) over the outputs.
        auto strength = [](const IdentifiedMode& m) {
            const double w = 2 * M_PI * m.frequency_hz;
            return m.modal_constant.cwiseAbs().maxCoeff() / (2 * m.damping * w * w);
        };
        std::sort(fit.modes.begin(), fit.modes.end(), [&](const IdentifiedMode& a, const IdentifiedMode& b) { return strength(a) > strength(b); });
        fit.modes.resize(static_cast<std::size_t>(wanted));
        std::sort(fit.modes.begin(), fit.modes.end(), [](const IdentifiedMode& a, const IdentifiedMode& b) { return a.frequency_hz < b.frequency_hz; });
        fit.fit_error = lsfd(f, H, q, lo, hi, fit.modes, fit.synthesis);
    }
    return fit;
}

}  // namespace dtop::identification
