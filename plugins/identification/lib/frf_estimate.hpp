// FRF estimation from a force and responses sampled together: H1 = G_fy / G_ff with Welch averaging
// (windowed segments with overlap, averaged cross and auto spectra), and the ordinary coherence
// |G_fy|^2 / (G_ff G_yy). H1 is unbiased by noise on the responses; the coherence says where it can
// be trusted. Eigen's FFT module (kissfft) does the transforms.
#pragma once

#include <Eigen/Core>

#include <string>

namespace dtop::identification {

enum class Window { hann, hamming, rectangular };
Window window_from_name(const std::string& name);  // hann|hamming|rectangular

struct FrfEstimate {
    Eigen::VectorXd f_hz;        // 0 .. fs/2
    Eigen::MatrixXcd H;          // lines x responses: response units per force unit
    Eigen::MatrixXd coherence;   // lines x responses, 0..1
    int segments = 0;
};

// force: N samples; response: N x outputs; segment: samples per segment (<= N); overlap: fraction in [0, 1).
// Throws std::invalid_argument for mismatched lengths, a bad segment or overlap, a force of zeros.
FrfEstimate estimate_frf(const Eigen::VectorXd& force, const Eigen::MatrixXd& response, double fs, Eigen::Index segment, double overlap,
                         Window window);

}  // namespace dtop::identification
