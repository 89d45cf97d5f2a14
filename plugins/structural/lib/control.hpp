// Active control through the inertial actuator (physics.md sections 4 and 5): direct velocity
// feedback with an optional compensator, and LQG. Each gives a closed-loop state-space model whose
// input is the primary force at floor 1, outputs the floor velocities and the actuator force.
#pragma once

#include "assembly.hpp"
#include "riccati.hpp"
#include "spectrum.hpp"

#include <complex>

namespace dtop::structural {

struct Actuator {
    double Bl = 10.0;  // force factor, N/A
    double Ze = 8.0;   // coil impedance, Ohm
    // Effort = Ze / Bl^2 * integral of |F|^2 dw, with F the force vector on the DOFs (floor and proof
    // mass: |F|^2 = a^T a |f|^2 = 2 |f|^2), as physics.md writes it.
    double effort_factor(const Assembled& s) const { return Ze / (Bl * Bl) * s.a.squaredNorm(); }
};

// Second-order filter in series with the gain; disabled means C(w) = 1.
struct Compensator {
    bool enabled = false;
    double fpe_hz = 6.0, zpe = 0.04;  // estimated device frequency and damping ratio
    double fc_hz = 6.0, zc = 0.04;    // compensated frequency and damping ratio
    std::complex<double> at(double w) const;
};

// DVF closed loop at gain h: f = -Bl h C v_s on the device.
StateSpace dvf_closed_loop(const Assembled& s, double h, const Actuator& act, const Compensator& comp);
// Open-loop frequency response L(w) = h Bl C(w) e_s^T (jwM + C + K/(jw))^-1 a, for a Nyquist plot.
Eigen::VectorXcd dvf_open_loop(const Assembled& s, double h, const Actuator& act, const Compensator& comp,
                               const Eigen::VectorXd& w);
// Smallest gain h > 0 at which the DVF closed loop becomes unstable; +inf if none below h_max.
double dvf_critical_gain(const Assembled& s, const Actuator& act, const Compensator& comp, double h_max = 1e6);

struct LqgWeights {
    double q = 200, r = 0.1;     // LQR: Q = q I (proof-mass entries 0), R = r
    double Qn = 1.0, Rn = 1e-12; // Kalman: process and measurement noise covariances
};

struct LqgDesign {
    Eigen::RowVectorXd K;   // u = -K x_hat
    Eigen::VectorXd L;      // Kalman gain
    RiccatiSolution lqr, kalman;
    StateSpace closed;      // plant + observer, 2 x plant states
};

LqgDesign design_lqg(const Assembled& s, const LqgWeights& wts, const Actuator& act);

// The LQG closed loop with the actuator's force scaled by `gain` (the observer still assumes 1):
// gain 1 is design.closed. For the gain margin.
StateSpace lqg_closed_loop(const Assembled& s, const LqgDesign& d, const Actuator& act, double gain);
// Smallest gain >= 1 at which the loop becomes unstable (the upper gain margin); +inf if none below
// g_max, 0 if the loop is unstable at 1.
double lqg_gain_margin(const Assembled& s, const LqgDesign& d, const Actuator& act, double g_max = 1e6);
// Open-loop response broken at the actuator, L(w) = -G_ya(w) K_c(w) (closed loop 1 / (1 + L)), for a
// Nyquist plot: G_ya from device force to measured velocity, K_c the controller from velocity to force.
Eigen::VectorXcd lqg_open_loop(const Assembled& s, const LqgDesign& d, const Actuator& act, const Eigen::VectorXd& w);

// Frequency response of the LQG loop under the primary force, closed algebraically at each frequency
// from the plant's response (8 well-conditioned states) and the controller's transfer y -> force
// (its fast observer poles make the 16-state closed loop's eigenvectors ill-conditioned, so the
// controller is evaluated exactly, through its Hessenberg form). Same result as design.closed.
Response lqg_response(const Assembled& s, const LqgDesign& d, const Actuator& act, const Eigen::VectorXd& w);

}  // namespace dtop::structural
