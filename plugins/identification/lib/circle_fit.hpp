// The circle fit per mode (Kennedy-Pancu; Ewins, Modal Testing, 2000, section 4.3): the baseline the
// reference platform uses. Near a well-separated resonance the mobility traces a circle in the
// complex plane; the natural frequency is where the points sweep round it fastest, the damping comes
// from the angles of the points either side, the modal constant from the diameter.
#pragma once

#include <Eigen/Core>

#include <vector>

namespace dtop::identification {

struct CircleMode {
    double frequency_hz = 0, damping = 0;
    double modal_constant = 0;   // A_r (1/kg), from the diameter D = A_r / (2 xi w_r)
    double f_low = 0, f_high = 0;  // the points used
    int points = 0;
    double circle_error = 0;     // RMS distance of the points from the circle / radius
    double damping_spread = 0;   // standard deviation of the damping over the point pairs
};

// Peaks: the `count` largest local maxima of |Y| in [f_low, f_high], each at least `separation` Hz
// from a larger one; ascending frequency.
std::vector<double> peak_pick(const Eigen::VectorXd& f, const Eigen::VectorXd& magnitude, double f_low, double f_high, int count,
                              double separation = 1.0);

// Fits the circle to the mobility points around `peak_hz` whose magnitude is at least `level` times
// the peak's (at least 5 points). Throws std::runtime_error when there are too few points.
CircleMode circle_fit(const Eigen::VectorXd& f, const Eigen::VectorXcd& mobility, double peak_hz, double level = 0.5);

}  // namespace dtop::identification
