// The performance metric of physics.md section 3: the time-averaged kinetic energy of the floors
// under a unit harmonic force at floor 1, over a frequency grid, its integral and the reduction RT.
#pragma once

#include "assembly.hpp"

#include <complex>
#include <vector>

namespace dtop::structural {

struct FrequencyGrid {
    double start_hz = 1.0, stop_hz = 100.0, step_hz = 0.01;
    // f_k = start + k step for every f_k <= stop: 9901 points by default.
    Eigen::VectorXd hz() const;
    // Throws std::invalid_argument("f_step: ..."), naming the first bad parameter (f_start, f_stop, f_step).
    void check() const;
};

// Floor velocities (rows: frequencies) and control force per unit primary force, at s = j w.
struct Response {
    Eigen::MatrixXcd v;  // frequencies x floors
    Eigen::VectorXcd u;  // control force; empty without control
};

// Evaluates Cv (jwI - A)^-1 B (and Cu ...) at every w (rad/s) from one eigendecomposition of A,
// checked against direct solves; falls back to solving at every frequency if A is ill-conditioned.
Response frequency_response(const StateSpace& ss, const Eigen::VectorXd& w);
// The same for several inputs (columns) sharing A and the outputs `out` (rows): one eigendecomposition
// for all; each input's result (frequencies x outputs) checked and, if need be, solved on its own.
std::vector<Eigen::MatrixXcd> frequency_responses(const Eigen::MatrixXd& A, const Eigen::MatrixXd& inputs,
                                                  const Eigen::MatrixXd& out, const Eigen::VectorXd& w);
// Transfer from an input vector b to output row c at every w (for open-loop responses).
Eigen::VectorXcd transfer(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::RowVectorXd& c,
                          const Eigen::VectorXd& w);

struct Spectrum {
    Eigen::VectorXd f_hz, w;
    Eigen::VectorXd energy;     // T(w) = 1/4 v^H M_f v, J
    Eigen::VectorXd energy_db;  // 20 log10 T
    double integrated = 0;      // trapezoid of T over w (rad/s)
    double effort = 0;          // Ze / Bl^2 * trapezoid |F|^2 over w; 0 without control
};

Spectrum kinetic_energy(const Response& r, const Eigen::VectorXd& floor_mass, const Eigen::VectorXd& f_hz,
                        double effort_factor = 0.0);
double trapezoid(const Eigen::VectorXd& y, const Eigen::VectorXd& x);
// RT = -10 log10(IntKE_controlled / IntKE_bare), dB.
double reduction_db(double controlled, double bare);

// Largest real part of the eigenvalues of A: < 0 means asymptotically stable.
double stability_abscissa(const Eigen::MatrixXd& A);

}  // namespace dtop::structural
