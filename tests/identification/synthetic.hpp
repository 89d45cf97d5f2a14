// Known answers for the identification tests: a chain unlike the nominal one, its FRFs and records.
#pragma once

#include "chain_model.hpp"

#include <random>

namespace ident_test {

inline dtop::structural::ShearFrame true_frame() {
    dtop::structural::ShearFrame f;
    f.name = "true";
    f.mass = Eigen::Vector3d(5.6, 4.9, 5.2);
    f.stiffness = Eigen::Vector3d(41000, 47000, 43500);
    f.damping = dtop::structural::Damping::modal;
    f.modal_ratios = Eigen::Vector3d(0.004, 0.006, 0.003);
    return f;
}

// Band-limited random force (moving average of white noise), reproducible.
inline Eigen::VectorXd random_force(Eigen::Index n, unsigned seed = 7) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> d(0.0, 1.0);
    Eigen::VectorXd w(n), f = Eigen::VectorXd::Zero(n);
    for (Eigen::Index k = 0; k < n; ++k) w[k] = d(gen);
    for (Eigen::Index k = 0; k < n; ++k)
        for (Eigen::Index j = 0; j < 4 && j <= k; ++j) f[k] += w[k - j] / 4;
    return f;
}

}  // namespace ident_test
