#include "frf_estimate.hpp"

#include <unsupported/Eigen/FFT>

#include <cmath>
#include <complex>
#include <stdexcept>
#include <vector>

namespace dtop::identification {

Window window_from_name(const std::string& name) {
    if (name == "hann") return Window::hann;
    if (name == "hamming") return Window::hamming;
    if (name == "rectangular") return Window::rectangular;
    throw std::invalid_argument("the window is hann, hamming or rectangular, not '" + name + "'");
}

FrfEstimate estimate_frf(const Eigen::VectorXd& force, const Eigen::MatrixXd& y, double fs, Eigen::Index L, double overlap, Window window) {
    const Eigen::Index N = force.size();
    if (y.rows() != N)
        throw std::invalid_argument("the force has " + std::to_string(N) + " samples but the responses " + std::to_string(y.rows()));
    if (L < 8 || L > N) throw std::invalid_argument("the segment must have 8 to " + std::to_string(N) + " samples, not " + std::to_string(L));
    if (!(overlap >= 0 && overlap < 1)) throw std::invalid_argument("the overlap is a fraction in [0, 1)");
    if (!(fs > 0)) throw std::invalid_argument("the sampling rate must be > 0");
    if (force.cwiseAbs().maxCoeff() == 0) throw std::invalid_argument("the force channel is all zeros: no FRF can be estimated");
    Eigen::VectorXd w(L);
    for (Eigen::Index i = 0; i < L; ++i) {
        const double c = std::cos(2 * M_PI * static_cast<double>(i) / static_cast<double>(L));
        w[i] = window == Window::hann ? 0.5 - 0.5 * c : window == Window::hamming ? 0.54 - 0.46 * c : 1.0;
    }
    const Eigen::Index bins = L / 2 + 1, outputs = y.cols();
    const auto hop = std::max<Eigen::Index>(1, static_cast<Eigen::Index>(std::llround(static_cast<double>(L) * (1 - overlap))));
    Eigen::VectorXd Gff = Eigen::VectorXd::Zero(bins);
    Eigen::MatrixXd Gyy = Eigen::MatrixXd::Zero(bins, outputs);
    Eigen::MatrixXcd Gfy = Eigen::MatrixXcd::Zero(bins, outputs);
    Eigen::FFT<double> fft;
    fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
    std::vector<double> seg(static_cast<std::size_t>(L));
    std::vector<std::complex<double>> F, Y;
    FrfEstimate out;
    for (Eigen::Index start = 0; start + L <= N; start += hop, ++out.segments) {
        for (Eigen::Index i = 0; i < L; ++i) seg[static_cast<std::size_t>(i)] = w[i] * force[start + i];
        fft.fwd(F, seg);
        for (Eigen::Index k = 0; k < bins; ++k) Gff[k] += std::norm(F[static_cast<std::size_t>(k)]);
        for (Eigen::Index c = 0; c < outputs; ++c) {
            for (Eigen::Index i = 0; i < L; ++i) seg[static_cast<std::size_t>(i)] = w[i] * y(start + i, c);
            fft.fwd(Y, seg);
            for (Eigen::Index k = 0; k < bins; ++k) {
                const std::complex<double> yk = Y[static_cast<std::size_t>(k)];
                Gfy(k, c) += std::conj(F[static_cast<std::size_t>(k)]) * yk;
                Gyy(k, c) += std::norm(yk);
            }
        }
    }
    // Scale factors cancel in H1 and the coherence: only ratios of averaged spectra are used.
    out.f_hz = Eigen::VectorXd::LinSpaced(bins, 0.0, fs * static_cast<double>(bins - 1) / static_cast<double>(L));
    out.H.resize(bins, outputs);
    out.coherence.resize(bins, outputs);
    for (Eigen::Index c = 0; c < outputs; ++c)
        for (Eigen::Index k = 0; k < bins; ++k) {
            const double gff = std::max(Gff[k], 1e-300);
            out.H(k, c) = Gfy(k, c) / gff;
            out.coherence(k, c) = std::norm(Gfy(k, c)) / (gff * std::max(Gyy(k, c), 1e-300));
        }
    return out;
}

}  // namespace dtop::identification
