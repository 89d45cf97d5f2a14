#include "spectral.hpp"

#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <complex>

namespace dtop::signals {

Psd welch(const Eigen::MatrixXd& x, double fs, Eigen::Index segment) {
    const Eigen::Index n = x.rows();
    const Eigen::Index L = std::min(segment, n);
    const Eigen::Index hop = std::max<Eigen::Index>(1, L / 2);
    Eigen::VectorXd w(L);
    for (Eigen::Index i = 0; i < L; ++i) w[i] = 0.5 - 0.5 * std::cos(2 * M_PI * static_cast<double>(i) / static_cast<double>(L));
    const double scale = 1.0 / (fs * w.squaredNorm());
    const Eigen::Index bins = L / 2 + 1;
    Psd out;
    out.f = Eigen::VectorXd::LinSpaced(bins, 0.0, fs * static_cast<double>(bins - 1) / static_cast<double>(L));
    out.power = Eigen::MatrixXd::Zero(bins, x.cols());
    Eigen::FFT<double> fft;
    std::vector<double> seg(static_cast<std::size_t>(L));
    std::vector<std::complex<double>> spec;
    int segments = 0;
    for (Eigen::Index start = 0; start + L <= n; start += hop, ++segments) {
        for (Eigen::Index c = 0; c < x.cols(); ++c) {
            for (Eigen::Index i = 0; i < L; ++i) seg[static_cast<std::size_t>(i)] = w[i] * x(start + i, c);
            fft.fwd(spec, seg);
            for (Eigen::Index k = 0; k < bins; ++k) {
                const double one_sided = (k == 0 || (L % 2 == 0 && k == bins - 1)) ? 1.0 : 2.0;
                out.power(k, c) += one_sided * scale * std::norm(spec[static_cast<std::size_t>(k)]);
            }
        }
    }
    if (segments > 0) out.power /= segments;
    return out;
}

std::vector<bool> forcing_lines(const Eigen::VectorXd& f, const Eigen::VectorXd& p, double f_min, double f_max, double ratio) {
    // A line is narrow: far above the force's own spectrum around it (median over +-2 Hz), which a
    // broadband force, or the smooth spectrum of a force's onset, never is.
    const Eigen::Index n = f.size();
    std::vector<bool> line(static_cast<std::size_t>(n), false);
    if (n < 3) return line;
    const double df = f[1] - f[0];
    const auto half = std::max<Eigen::Index>(2, static_cast<Eigen::Index>(std::llround(2.0 / df)));
    std::vector<double> window;
    for (Eigen::Index k = 0; k < n; ++k) {
        if (f[k] < f_min - 1 || f[k] > f_max + 1) continue;
        window.assign(p.data() + std::max<Eigen::Index>(0, k - half), p.data() + std::min(n, k + half + 1));
        std::nth_element(window.begin(), window.begin() + static_cast<std::ptrdiff_t>(window.size() / 2), window.end());
        const double median = window[window.size() / 2];
        line[static_cast<std::size_t>(k)] = p[k] > ratio * median && p[k] > 0;
    }
    return line;
}

std::vector<double> resonances(const Eigen::VectorXd& f, const Eigen::VectorXd& p, double f_min, double f_max, int count,
                               const std::vector<bool>& exclude) {
    struct Peak {
        Eigen::Index k;
        double prominence;
    };
    std::vector<Peak> peaks;
    const Eigen::Index n = f.size();
    auto excluded = [&](Eigen::Index k) {
        if (exclude.empty()) return false;
        for (Eigen::Index j = std::max<Eigen::Index>(0, k - 2); j <= std::min(n - 1, k + 2); ++j)
            if (exclude[static_cast<std::size_t>(j)]) return true;
        return false;
    };
    for (Eigen::Index k = 1; k + 1 < n; ++k) {
        if (f[k] < f_min || f[k] > f_max || !(p[k] > p[k - 1] && p[k] >= p[k + 1]) || excluded(k)) continue;
        // Prominence: how far the peak rises above the higher of the lowest points on either side,
        // searched until a higher point (log scale: resonances span decades).
        double left = p[k], right = p[k];
        for (Eigen::Index j = k - 1; j >= 0 && p[j] <= p[k]; --j) left = std::min(left, p[j]);
        for (Eigen::Index j = k + 1; j < n && p[j] <= p[k]; ++j) right = std::min(right, p[j]);
        const double base = std::max(left, right);
        peaks.push_back({k, std::log10(p[k] / std::max(base, 1e-300))});
    }
    std::sort(peaks.begin(), peaks.end(), [](const Peak& a, const Peak& b) { return a.prominence > b.prominence; });
    std::vector<double> out;
    for (std::size_t i = 0; i < peaks.size() && static_cast<int>(out.size()) < count; ++i) {
        const Eigen::Index k = peaks[i].k;
        const double a = std::log(p[k - 1]), b = std::log(p[k]), c = std::log(p[k + 1]);
        const double denom = a - 2 * b + c;
        const double shift = denom != 0 ? 0.5 * (a - c) / denom : 0.0;
        out.push_back(f[k] + shift * (f[1] - f[0]));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace dtop::signals
