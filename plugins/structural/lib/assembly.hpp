// A structure with or without a device on one floor, as second-order matrices, and its state-space
// form. The device (physics.md section 2) is a base mass mb fixed to floor s and a proof mass mp on a
// spring kp and damper cp; it is both the passive TMD and the inertial actuator of DVF and LQG.
#pragma once

#include "shear_frame.hpp"

namespace dtop::structural {

struct Device {
    int floor = 3;  // 1-based
    double mb = 0.5, mp = 1.0, kp = 1670.0, cp = 5.0;
    double frequency_hz() const;    // sqrt(kp / mp) / 2 pi
    double damping_ratio() const;   // cp / (2 sqrt(kp mp))
};

// M q'' + C q' + K q = bp f_primary + a f_device. Floors first, then the proof mass if any.
struct Assembled {
    Eigen::MatrixXd M, K, C;
    Eigen::VectorXd bp;       // unit primary force at floor 1
    Eigen::VectorXd a;        // device force direction [e_s; -1]; empty for the bare frame
    Eigen::VectorXd floor_mass;  // the kinetic-energy masses: floors including mb, not the proof mass
    Eigen::Index floors = 0;
    int device_floor = 0;     // 1-based; 0 without device
    double mb = 0;            // the device's base mass (in M and floor_mass at its floor)
    Eigen::Index dofs() const { return M.rows(); }
};

Assembled bare(const ShearFrame& frame);
// Throws std::invalid_argument naming the device quantity that is wrong.
Assembled with_device(const ShearFrame& frame, const Device& device);

// First-order form x = [q; q'], x' = A x + B f_primary; floor velocities = Cv x; the control force on
// the device (when the system has one) = Cu x.
struct StateSpace {
    Eigen::MatrixXd A;
    Eigen::VectorXd B;
    Eigen::MatrixXd Cv;
    Eigen::RowVectorXd Cu;  // empty: no control force
};

StateSpace mechanical(const Assembled& s);
// The open-loop input matrix of the device force: [0; M^-1 a].
Eigen::VectorXd device_input(const Assembled& s);

}  // namespace dtop::structural
