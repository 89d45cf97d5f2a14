#include "shear_frame.hpp"

#include <dtop_support/regular_file.hpp>

#include <Eigen/Eigenvalues>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace dtop::structural {

Eigen::MatrixXd ShearFrame::M() const { return mass.asDiagonal(); }

Eigen::MatrixXd ShearFrame::K() const {
    const Eigen::Index n = floors();
    Eigen::MatrixXd k = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        // storey i joins floor i-1 (the ground for i = 0) and floor i
        k(i, i) += stiffness[i];
        if (i > 0) {
            k(i - 1, i - 1) += stiffness[i];
            k(i - 1, i) -= stiffness[i];
            k(i, i - 1) -= stiffness[i];
        }
    }
    return k;
}

Eigen::MatrixXd ShearFrame::C() const {
    const Modes m = modes(M(), K());
    if (damping == Damping::rayleigh) {
        // a0 M + a1 K with the ratio xi on modes 1 and 2 (mode 1 twice for a single storey)
        const double w1 = m.omega[0], w2 = m.omega.size() > 1 ? m.omega[1] : m.omega[0];
        const double a0 = 2 * damping_ratio * w1 * w2 / (w1 + w2), a1 = 2 * damping_ratio / (w1 + w2);
        return a0 * M() + a1 * K();
    }
    // modal: C = M Phi diag(2 xi w) Phi^T M, with mass-normalised Phi
    const Eigen::MatrixXd mp = M() * m.shapes;
    const Eigen::VectorXd xi = modal_ratios.size() == floors() ? modal_ratios : Eigen::VectorXd::Constant(floors(), damping_ratio);
    return mp * (2 * xi.cwiseProduct(m.omega)).asDiagonal() * mp.transpose();
}

void ShearFrame::check() const {
    if (mass.size() == 0) throw std::invalid_argument("the structure has no floors");
    if (stiffness.size() != mass.size())
        throw std::invalid_argument("the structure has " + std::to_string(mass.size()) + " floor masses but " +
                                    std::to_string(stiffness.size()) + " storey stiffnesses");
    for (Eigen::Index i = 0; i < mass.size(); ++i) {
        if (!(mass[i] > 0)) throw std::invalid_argument("floor " + std::to_string(i + 1) + " mass must be > 0 kg");
        if (!(stiffness[i] > 0))
            throw std::invalid_argument("storey " + std::to_string(i + 1) + " stiffness must be > 0 N/m");
    }
    if (!(damping_ratio >= 0)) throw std::invalid_argument("damping ratio must be >= 0");
    if (modal_ratios.size() > 0) {
        if (damping != Damping::modal) throw std::invalid_argument("per-mode damping ratios need modal damping");
        if (modal_ratios.size() != mass.size())
            throw std::invalid_argument("the structure has " + std::to_string(mass.size()) + " modes but " +
                                        std::to_string(modal_ratios.size()) + " damping ratios");
        if (!(modal_ratios.array() >= 0).all()) throw std::invalid_argument("damping ratios must be >= 0");
    }
}

Eigen::VectorXd Modes::frequency_hz() const { return omega / (2 * M_PI); }

Modes modes(const Eigen::MatrixXd& M, const Eigen::MatrixXd& K) {
    Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> es(K, M);
    if (es.info() != Eigen::Success) throw std::runtime_error("modal analysis failed (is M positive definite?)");
    Modes m;
    m.omega = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    m.shapes = es.eigenvectors();  // already M-orthonormal
    for (Eigen::Index c = 0; c < m.shapes.cols(); ++c) {
        Eigen::Index imax = 0;
        m.shapes.col(c).cwiseAbs().maxCoeff(&imax);
        if (m.shapes(imax, c) < 0) m.shapes.col(c) *= -1.0;
    }
    return m;
}

double storey_stiffness(double E, double b, double h, double l, int legs) {
    const double J = b * h * h * h / 12.0;
    return legs * 12.0 * E * J / (l * l * l);
}

ShearFrame southampton() {
    ShearFrame f;
    f.name = "Southampton three-storey benchtop rig";
    f.mass = Eigen::Vector3d::Constant(5.201);
    f.stiffness = Eigen::Vector3d::Constant(storey_stiffness(70e9, 25e-3, 3e-3, 153.3e-3, 4));
    f.damping = Damping::rayleigh;
    f.damping_ratio = 0.002;
    return f;
}

namespace {
Eigen::VectorXd vector_of(const nlohmann::json& j, const char* field) {
    if (!j.is_array()) throw std::invalid_argument(std::string("'") + field + "' must be a list of numbers");
    Eigen::VectorXd v(static_cast<Eigen::Index>(j.size()));
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_number()) throw std::invalid_argument(std::string("'") + field + "' must be a list of numbers");
        v[static_cast<Eigen::Index>(i)] = j[i].get<double>();
    }
    return v;
}
}  // namespace

ShearFrame frame_from_json(const nlohmann::json& j) {
    ShearFrame f;
    if (!j.is_object()) throw std::invalid_argument("a structure is a JSON object");
    f.name = j.value("name", "shear frame");
    if (!j.contains("floor_mass_kg")) throw std::invalid_argument("'floor_mass_kg' is missing");
    f.mass = vector_of(j.at("floor_mass_kg"), "floor_mass_kg");
    if (j.contains("storey_stiffness_N_per_m")) {
        f.stiffness = vector_of(j.at("storey_stiffness_N_per_m"), "storey_stiffness_N_per_m");
    } else if (j.contains("legs")) {
        const auto& l = j.at("legs");
        for (const char* k : {"youngs_modulus_Pa", "width_m", "thickness_m", "length_m", "per_storey"})
            if (!l.contains(k) || !l.at(k).is_number()) throw std::invalid_argument(std::string("'legs.") + k + "' must be a number");
        const double k = storey_stiffness(l.at("youngs_modulus_Pa").get<double>(), l.at("width_m").get<double>(),
                                          l.at("thickness_m").get<double>(), l.at("length_m").get<double>(),
                                          l.at("per_storey").get<int>());
        f.stiffness = Eigen::VectorXd::Constant(f.mass.size(), k);
    } else {
        throw std::invalid_argument("give 'storey_stiffness_N_per_m' or 'legs'");
    }
    if (j.contains("damping")) {
        const auto& d = j.at("damping");
        const std::string type = d.value("type", "rayleigh");
        if (type == "rayleigh") f.damping = Damping::rayleigh;
        else if (type == "modal") f.damping = Damping::modal;
        else throw std::invalid_argument("'damping.type' must be rayleigh or modal, not '" + type + "'");
        f.damping_ratio = d.value("ratio", 0.002);
        if (d.contains("ratios")) f.modal_ratios = vector_of(d.at("ratios"), "damping.ratios");
    }
    f.check();
    return f;
}

nlohmann::json to_json(const ShearFrame& f) {
    nlohmann::json j{{"name", f.name},
                     {"floor_mass_kg", std::vector<double>(f.mass.data(), f.mass.data() + f.mass.size())},
                     {"storey_stiffness_N_per_m", std::vector<double>(f.stiffness.data(), f.stiffness.data() + f.stiffness.size())},
                     {"damping", {{"type", f.damping == Damping::rayleigh ? "rayleigh" : "modal"}, {"ratio", f.damping_ratio}}}};
    if (f.modal_ratios.size() > 0)
        j["damping"]["ratios"] = std::vector<double>(f.modal_ratios.data(), f.modal_ratios.data() + f.modal_ratios.size());
    return j;
}

ShearFrame load_frame(const std::filesystem::path& file) {
    // A FIFO or a device would block the read: refused, with the reason, before opening.
    if (const std::string why = support::regular_file_problem(file); !why.empty())
        throw std::invalid_argument(file.string() + ": " + why);
    std::ifstream in(file);
    if (!in) throw std::invalid_argument(file.string() + ": cannot be read");
    try {
        return frame_from_json(nlohmann::json::parse(in));
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(file.string() + ": not valid JSON: " + e.what());
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(file.string() + ": " + e.what());
    }
}

}  // namespace dtop::structural
