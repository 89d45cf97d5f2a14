// Model updating on time records: the chain's masses, stiffnesses and modal damping ratios such that
// its floor velocities, simulated with the record's own force, match the recorded ones (output error).
//
// The output error of a lightly damped structure is very non-convex in the frequencies: a model whose
// resonances are 9 % off drifts out of phase within a second, and a direct fit from there stalls. So:
// (1) a coarse scan of one factor on all stiffnesses on the first window, (2) continuation: the fit is
// repeated on windows that double in length from `first_window` to the whole record, each starting
// from the previous answer.
#pragma once

#include "chain_model.hpp"

#include <string>
#include <vector>

namespace dtop::identification {

struct Record {
    Eigen::VectorXd force;     // N, sample k at t = k h
    Eigen::MatrixXd velocity;  // m/s, samples x floors
    double h = 0;              // sampling interval, s
    int input = 1;             // floor the force acts on (1-based)
};

// Throws std::invalid_argument naming what is wrong: sizes, h, a force of zeros, floors vs model.
void check_record(const Record& r, Eigen::Index floors);

struct RecordFitOptions {
    Hold hold = Hold::first_order;
    double first_window = 1.0;   // s, first continuation window
    double scan_low = 0.5, scan_high = 1.5;  // stiffness factors scanned
    int scan_points = 41;
    int max_iterations = 100;    // Levenberg-Marquardt iterations per window
};

struct FitSummary {
    structural::ShearFrame frame;      // the updated structure (modal damping, one ratio per mode)
    Eigen::VectorXd x;                 // unknowns, see chain_model.hpp
    Eigen::VectorXd relative_error;    // standard error of each physical parameter / its value (from the Jacobian)
    Eigen::VectorXd frequency_hz;      // updated natural frequencies
    Eigen::VectorXd frequency_before_hz;
    int iterations = 0;                // in total
    bool converged = false;
    double cost_before = 0, cost_after = 0;  // mean squared relative residual on the whole data
    std::string method;                // what was done, for the result JSON
};

// The hold a sampled force calls for: zero-order for one isolated non-zero sample (an impulse of area
// F h, which first-order hold would halve), first-order (linear between samples) for anything else.
Hold automatic_hold(const Eigen::VectorXd& force);

// Per floor: RMS(simulated - measured) / RMS(measured).
Eigen::VectorXd relative_rms(const Eigen::MatrixXd& measured, const Eigen::MatrixXd& simulated);

// The floors' velocities of a frame for a record's force.
Eigen::MatrixXd simulate(const structural::ShearFrame& frame, const Record& r, Hold hold);

FitSummary fit_to_record(const structural::ShearFrame& start, const Record& record, const RecordFitOptions& options);

}  // namespace dtop::identification
