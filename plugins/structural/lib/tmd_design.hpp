// Designing a tuned mass damper: classical Den Hartog tuning for one mode, and the numerical optimum
// of stiffness and damping that minimises the integrated kinetic energy within bounds.
#pragma once

#include "assembly.hpp"
#include "spectrum.hpp"

namespace dtop::structural {

// Den Hartog for an undamped primary reduced to the target mode at the device's floor:
// mu = mp / m_modal (m_modal = 1 / phi_s^2 for a mass-normalised shape, structure mass including mb),
// f = 1 / (1 + mu), zeta = sqrt(3 mu / (8 (1 + mu)^3)), kp = mp (f w_mode)^2, cp = 2 zeta mp f w_mode.
Device den_hartog(const ShearFrame& frame, Device device, int mode);

struct Bounds {
    double kp_min = 100, kp_max = 1e4;  // N/m
    double cp_min = 0.1, cp_max = 100;  // N s/m
};

struct Optimum {
    Device device;
    double integrated = 0;  // IntKE at the optimum
    int evaluations = 0;
};

// Minimises IntKE(kp, cp) over the bounds (Nelder-Mead in log coordinates, started from Den Hartog for
// the mode given, clamped to the bounds).
Optimum optimise_tmd(const ShearFrame& frame, const Device& start, const Bounds& bounds, const FrequencyGrid& grid,
                     int mode = 1);

// IntKE of the frame with this device (the objective).
double integrated_energy(const ShearFrame& frame, const Device& device, const Eigen::VectorXd& f_hz);

}  // namespace dtop::structural
