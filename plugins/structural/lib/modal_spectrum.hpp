// The kinetic-energy spectrum of a frame, bare or with one device (passive, or pushed by the feedback
// force f = -G(w) v_s of its own floor's velocity), through the bare frame's undamped modes. Both
// damping models are classical, so the frame is diagonal in its modes; the device, its proof mass
// condensed out, adds one rank-one term at its floor (Sherman-Morrison). O(floors) per frequency
// where the state-space path costs O(states x floors), plus one eigendecomposition of size 2(n + 1).
#pragma once

#include "spectrum.hpp"

#include <complex>
#include <functional>
#include <optional>

namespace dtop::structural {

// G(w) of the device's feedback; empty: a passive device (no control force).
using Feedback = std::function<std::complex<double>(double w)>;

// Empty when the frame's damping is not diagonal in its modes, or when the result disagrees with
// direct solves of the impedance at five frequencies by more than 1e-9 (then use frequency_response).
std::optional<Spectrum> modal_spectrum(const Assembled& s, const Eigen::VectorXd& f_hz, double effort_factor = 0.0,
                                       const Feedback& feedback = {});

// The bare frame's or a passive device's spectrum: modal_spectrum, or the state-space path if it declines.
Spectrum passive_spectrum(const Assembled& s, const Eigen::VectorXd& f_hz);

}  // namespace dtop::structural
