// A shear frame: n floors on massless storeys, horizontal floor displacements x1..xn, storey 1 between
// the ground and floor 1 (physics.md section 1, generalised to any number of storeys).
#pragma once

#include <Eigen/Dense>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace dtop::structural {

enum class Damping { rayleigh, modal };

struct ShearFrame {
    std::string name = "shear frame";
    Eigen::VectorXd mass;       // kg, one per floor
    Eigen::VectorXd stiffness;  // N/m, one per storey (storey i below floor i)
    Damping damping = Damping::rayleigh;
    double damping_ratio = 0.002;  // Rayleigh: on modes 1 and 2; modal: on every mode
    Eigen::VectorXd modal_ratios;  // modal only, optional: one ratio per mode (lowest first), e.g. identified

    Eigen::Index floors() const { return mass.size(); }
    Eigen::MatrixXd M() const;
    Eigen::MatrixXd K() const;
    Eigen::MatrixXd C() const;  // from the bare frame's modes
    // Throws std::invalid_argument naming the bad quantity (non-positive mass, stiffness; negative damping).
    void check() const;
};

struct Modes {
    Eigen::VectorXd omega;  // rad/s, ascending
    Eigen::MatrixXd shapes; // columns mass-normalised (phi^T M phi = 1), largest entry positive
    Eigen::VectorXd frequency_hz() const;
};

// Undamped modes of K v = w^2 M v.
Modes modes(const Eigen::MatrixXd& M, const Eigen::MatrixXd& K);

// Four fixed-fixed legs of a storey: k = legs * 12 E J / l^3 with J = b h^3 / 12.
double storey_stiffness(double youngs_modulus, double width, double thickness, double length, int legs);

// The rig of physics.md section 1.
ShearFrame southampton();

// JSON form (used in data files and between plugins). Data files may give "legs" geometry instead of
// "storey_stiffness_N_per_m". Throws std::invalid_argument with the field that is wrong.
ShearFrame frame_from_json(const nlohmann::json& j);
nlohmann::json to_json(const ShearFrame& f);
ShearFrame load_frame(const std::filesystem::path& file);

}  // namespace dtop::structural
