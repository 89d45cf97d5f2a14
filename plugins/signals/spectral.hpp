// Spectral estimates from sampled data: Welch's averaged periodogram (Hann window, 50 % overlap) and
// resonance picking on it. Eigen's FFT module (kissfft) does the transforms.
#pragma once

#include <Eigen/Core>

#include <vector>

namespace dtop::signals {

struct Psd {
    Eigen::VectorXd f;      // Hz, 0 .. fs/2
    Eigen::MatrixXd power;  // one column per channel, one-sided, units^2 / Hz
};

// x: samples x channels at sampling rate fs; segment: samples per segment (a power of two is fastest;
// shortened to the record if longer).
Psd welch(const Eigen::MatrixXd& x, double fs, Eigen::Index segment);

// The `count` most prominent local maxima of p(f) within [f_min, f_max], in ascending frequency, each
// refined by a parabola through the peak and its neighbours (in log power). Bins flagged in `exclude`
// (and their two neighbours each side) are not peaks: e.g. the lines of a harmonic forcing.
std::vector<double> resonances(const Eigen::VectorXd& f, const Eigen::VectorXd& p, double f_min, double f_max, int count,
                               const std::vector<bool>& exclude = {});

// Bins where a force's spectrum is a narrow line: more than `ratio` times its own median over +-2 Hz
// around the bin (within [f_min, f_max]).
std::vector<bool> forcing_lines(const Eigen::VectorXd& f, const Eigen::VectorXd& p, double f_min, double f_max, double ratio = 1000);

}  // namespace dtop::signals
