// The lumped chain (shear frame) as the model updating sees it: unknowns x = [ln m_1..n, ln k_1..n,
// ln xi_1..n] (positive by construction, relative steps), per-mode modal damping ratios, and the
// model's responses in modal form: frequency responses and time responses to a sampled force.
#pragma once

#include "shear_frame.hpp"

#include <Eigen/Core>

#include <complex>

namespace dtop::identification {

// What an FRF relates: displacement, velocity or acceleration per unit force.
enum class Quantity { receptance, mobility, accelerance };

// How the sampled force is taken between samples in a time simulation.
enum class Hold { zero_order, first_order };

// Undamped modes of the chain with one damping ratio per mode (lowest first).
struct ModalModel {
    Eigen::VectorXd omega;   // rad/s, ascending
    Eigen::VectorXd xi;      // per mode
    Eigen::MatrixXd shapes;  // floors x modes, mass-normalised
};

// Per-mode ratios of a frame's damping (Rayleigh gives xi_r = a0 / (2 w_r) + a1 w_r / 2).
ModalModel modal_model(const structural::ShearFrame& frame);

// Unknowns <-> frame. The frame gets modal damping with one ratio per mode.
Eigen::VectorXd parameters_of(const structural::ShearFrame& frame);
structural::ShearFrame frame_of(const Eigen::VectorXd& x, const std::string& name);

// Whether x is a model the fits accept: finite, damping ratios within [1e-5, 0.5]. A ratio driven to
// zero would leave its derivative zero too (the unknown is ln xi) and the fit stuck there.
bool admissible(const Eigen::VectorXd& x);

// Names of the unknowns for tables: m1.., k1.., xi1..
std::vector<std::string> parameter_names(Eigen::Index floors);

// H(f) of every floor for a unit force at floor `input` (1-based), at the frequencies f (Hz).
// Rows = frequencies, columns = floors.
Eigen::MatrixXcd frequency_response(const ModalModel& m, int input, const Eigen::VectorXd& f_hz, Quantity q);

// Floor velocities (samples x floors) for a force at floor `input` sampled every h seconds from rest,
// y_k at t_k = k h; each mode discretised exactly for the chosen hold (matrix exponential).
Eigen::MatrixXd velocity_response(const ModalModel& m, int input, const Eigen::VectorXd& force, double h, Hold hold,
                                  Eigen::Index samples = -1);

// The velocity of one mode q'' + 2 xi w q' + w^2 q = u(t) from rest, g.size() samples (g_k at t = k h).
void modal_velocity(double w, double xi, const Eigen::VectorXd& force, double h, Hold hold, Eigen::Ref<Eigen::VectorXd> g);

}  // namespace dtop::identification
