// The shear frame (physics.md section 1): stiffness of the rig, its modes, Rayleigh and modal damping,
// the device assembly of section 2, and the JSON form's error messages. Expected values are by hand.
#include "assembly.hpp"
#include "reference.hpp"
#include "shear_frame.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::structural;
using namespace structural_test;
using Catch::Matchers::Contains;

namespace {

// J = b h^3 / 12 = 25e-3 * (3e-3)^3 / 12 = 5.625e-11 m^4, so 12 E J = 47.25 N m^2 and
// k = 4 * 47.25 / 0.1533^3 = 189 / 3.602686e-3 = 52460.89 N/m.
const double k_rig = 189.0 / (0.1533 * 0.1533 * 0.1533);
constexpr double m_rig = 5.201;

ShearFrame uniform(Eigen::Index n, double m, double k, Damping d = Damping::rayleigh, double xi = 0.002) {
    ShearFrame f;
    f.mass = Eigen::VectorXd::Constant(n, m);
    f.stiffness = Eigen::VectorXd::Constant(n, k);
    f.damping = d;
    f.damping_ratio = xi;
    return f;
}

// Uniform n-storey chain, fixed at the ground and free on top:
// w_r = 2 sqrt(k/m) sin((2r - 1) pi / (2 (2n + 1))), r = 1..n.
double chain_omega(Eigen::Index n, double m, double k, Eigen::Index r) {
    return 2 * std::sqrt(k / m) * std::sin(static_cast<double>(2 * r - 1) * pi / static_cast<double>(2 * (2 * n + 1)));
}

bool symmetric(const Eigen::MatrixXd& A) { return (A - A.transpose()).norm() <= 1e-14 * A.norm(); }

}  // namespace

TEST_CASE("structural: the rig's storey stiffness is 4 x 12 E J / l^3 = 52460.9 N/m") {
    CHECK(k_rig == Approx(52460.9).margin(0.05));  // the hand value itself
    CHECK(storey_stiffness(70e9, 25e-3, 3e-3, 153.3e-3, 4) == Approx(52460.9).margin(0.05));
    CHECK(storey_stiffness(70e9, 25e-3, 3e-3, 153.3e-3, 4) == Approx(k_rig).epsilon(1e-13));
    // one leg is a quarter of four
    CHECK(storey_stiffness(70e9, 25e-3, 3e-3, 153.3e-3, 1) == Approx(k_rig / 4).epsilon(1e-13));
    const ShearFrame f = southampton();
    REQUIRE(f.floors() == 3);
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(f.mass[i] == m_rig);
        CHECK(f.stiffness[i] == Approx(k_rig).epsilon(1e-13));
    }
    CHECK(f.damping == Damping::rayleigh);
    CHECK(f.damping_ratio == 0.002);
}

TEST_CASE("structural: the rig's M and K are m I and k tridiag with the free top floor") {
    const ShearFrame f = southampton();
    Eigen::Matrix3d K;
    K << 2, -1, 0, -1, 2, -1, 0, -1, 1;
    K *= k_rig;
    CHECK((f.K() - K).norm() <= 1e-12 * K.norm());
    CHECK((f.M() - m_rig * Eigen::Matrix3d::Identity()).norm() == 0.0);
}

TEST_CASE("structural: the rig's natural frequencies are 7.11 19.93 and 28.80 Hz") {
    const ShearFrame f = southampton();
    const Modes md = modes(f.M(), f.K());
    const Eigen::VectorXd hz = md.frequency_hz();
    REQUIRE(hz.size() == 3);
    CHECK(hz[0] == Approx(7.11).margin(0.01));
    CHECK(hz[1] == Approx(19.93).margin(0.01));
    CHECK(hz[2] == Approx(28.80).margin(0.01));
    for (Eigen::Index r = 0; r < 3; ++r) {
        CHECK(md.omega[r] == Approx(chain_omega(3, m_rig, k_rig, r + 1)).epsilon(1e-12));
        CHECK(hz[r] == Approx(md.omega[r] / (2 * pi)).epsilon(1e-15));
    }
}

TEST_CASE("structural: a uniform 5-storey chain has the closed-form frequencies") {
    const ShearFrame f = uniform(5, 3.0, 2.0e4);
    const Modes md = modes(f.M(), f.K());
    REQUIRE(md.omega.size() == 5);
    for (Eigen::Index r = 0; r < 5; ++r) CHECK(md.omega[r] == Approx(chain_omega(5, 3.0, 2.0e4, r + 1)).epsilon(1e-12));
}

TEST_CASE("structural: a 1-storey frame's frequency is sqrt(k/m)/2pi") {
    const ShearFrame f = uniform(1, 2.5, 1.0e4);
    const Modes md = modes(f.M(), f.K());
    REQUIRE(md.omega.size() == 1);
    CHECK(md.frequency_hz()[0] == Approx(std::sqrt(1.0e4 / 2.5) / (2 * pi)).epsilon(1e-14));
    CHECK(md.shapes(0, 0) == Approx(1 / std::sqrt(2.5)).epsilon(1e-14));
}

TEST_CASE("structural: mode shapes are M-orthonormal eigenvectors with their largest entry positive") {
    ShearFrame f = southampton();
    f.mass << 5.0, 6.5, 4.2;  // unequal masses, so M-orthonormal differs from orthonormal
    f.stiffness << 5e4, 4e4, 3e4;
    const Eigen::MatrixXd M = f.M(), K = f.K();
    const Modes md = modes(M, K);
    const Eigen::MatrixXd& P = md.shapes;
    CHECK((P.transpose() * M * P - Eigen::Matrix3d::Identity()).norm() < 1e-12);
    const Eigen::MatrixXd KP = P.transpose() * K * P;
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK((K * P.col(i) - md.omega[i] * md.omega[i] * M * P.col(i)).norm() < 1e-9 * K.norm() * P.col(i).norm());
        CHECK(KP(i, i) == Approx(md.omega[i] * md.omega[i]).epsilon(1e-12));
        Eigen::Index imax = 0;
        P.col(i).cwiseAbs().maxCoeff(&imax);
        CHECK(P(imax, i) > 0);
        if (i > 0) CHECK(md.omega[i] > md.omega[i - 1]);
    }
}

TEST_CASE("structural: K and C are symmetric for both damping models and with a device") {
    for (Damping d : {Damping::rayleigh, Damping::modal}) {
        ShearFrame f = southampton();
        f.damping = d;
        f.mass << 5.0, 6.5, 4.2;
        CHECK(symmetric(f.K()));
        CHECK(symmetric(f.C()));
        for (int s = 1; s <= 3; ++s) {
            Device dev;
            dev.floor = s;
            const Assembled a = with_device(f, dev);
            CHECK(symmetric(a.M));
            CHECK(symmetric(a.K));
            CHECK(symmetric(a.C));
        }
    }
}

TEST_CASE("structural: Rayleigh damping gives exactly the ratio xi on modes 1 and 2") {
    ShearFrame f = southampton();
    f.damping_ratio = 0.02;
    const Modes md = modes(f.M(), f.K());
    const Eigen::MatrixXd C = f.C();
    for (Eigen::Index i = 0; i < 2; ++i) {
        const double xi = md.shapes.col(i).dot(C * md.shapes.col(i)) / (2 * md.omega[i]);
        CHECK(xi == Approx(0.02).epsilon(1e-12));
    }
    // Independently: xi_i = (a0 / w_i + a1 w_i) / 2; solve the 2x2 system for a0, a1 from modes 1 and 2.
    const double w1 = chain_omega(3, m_rig, k_rig, 1), w2 = chain_omega(3, m_rig, k_rig, 2),
                 w3 = chain_omega(3, m_rig, k_rig, 3);
    Eigen::Matrix2d S;
    S << 0.5 / w1, 0.5 * w1, 0.5 / w2, 0.5 * w2;
    const Eigen::Vector2d a = S.fullPivLu().solve(Eigen::Vector2d(0.02, 0.02));
    CHECK((C - (a[0] * f.M() + a[1] * f.K())).norm() < 1e-10 * C.norm());
    const double xi3 = md.shapes.col(2).dot(C * md.shapes.col(2)) / (2 * md.omega[2]);
    CHECK(xi3 == Approx(0.5 * (a[0] / w3 + a[1] * w3)).epsilon(1e-10));
    CHECK(xi3 > 0.02);  // Rayleigh over-damps modes above the second
    // proportional damping: no modal coupling
    const Eigen::MatrixXd Cm = md.shapes.transpose() * C * md.shapes;
    CHECK((Cm - Eigen::MatrixXd(Cm.diagonal().asDiagonal())).norm() < 1e-12 * Cm.norm());
}

TEST_CASE("structural: modal damping gives the ratio xi on every mode and no coupling") {
    ShearFrame f = southampton();
    f.damping = Damping::modal;
    f.damping_ratio = 0.03;
    f.mass << 5.0, 6.5, 4.2;
    const Modes md = modes(f.M(), f.K());
    const Eigen::MatrixXd Cm = md.shapes.transpose() * f.C() * md.shapes;
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(Cm(i, i) / (2 * md.omega[i]) == Approx(0.03).epsilon(1e-12));
        for (Eigen::Index j = 0; j < 3; ++j)
            if (j != i) CHECK(std::abs(Cm(i, j)) < 1e-12 * Cm.norm());
    }
}

TEST_CASE("structural: a 1-storey frame's damping is c = 2 xi sqrt(k m) for both models") {
    for (Damping d : {Damping::rayleigh, Damping::modal}) {
        const ShearFrame f = uniform(1, 2.0, 8.0e3, d, 0.05);
        CHECK(f.C()(0, 0) == Approx(2 * 0.05 * std::sqrt(8.0e3 * 2.0)).epsilon(1e-12));
    }
}

TEST_CASE("structural: with_device assembles M4 K4 C4 and a as in physics.md section 2") {
    ShearFrame f = southampton();
    f.mass << 5.0, 6.5, 4.2;
    const Eigen::MatrixXd M = f.M(), K = f.K(), C = f.C();
    Device d;
    d.mb = 0.7;
    d.mp = 1.3;
    d.kp = 2100;
    d.cp = 4.5;
    for (int s = 1; s <= 3; ++s) {
        d.floor = s;
        Eigen::Vector4d e = Eigen::Vector4d::Zero();
        e[s - 1] = 1.0;
        const Eigen::Vector4d p(0, 0, 0, 1);
        const Eigen::Vector4d a4 = e - p;  // [e_s; -1]
        Eigen::Matrix4d M4 = Eigen::Matrix4d::Zero(), K4 = Eigen::Matrix4d::Zero(), C4 = Eigen::Matrix4d::Zero();
        M4.topLeftCorner(3, 3) = M;
        M4 += d.mb * e * e.transpose() + d.mp * p * p.transpose();
        K4.topLeftCorner(3, 3) = K;
        K4 += d.kp * a4 * a4.transpose();  // spring between floor s and the proof mass
        C4.topLeftCorner(3, 3) = C;
        C4 += d.cp * a4 * a4.transpose();
        const Assembled A = with_device(f, d);
        INFO("device on floor " << s);
        CHECK((A.M - M4).norm() < 1e-14 * M4.norm());
        CHECK((A.K - K4).norm() < 1e-12 * K4.norm());
        CHECK((A.C - C4).norm() < 1e-12 * C4.norm());
        CHECK((A.a - a4).norm() == 0.0);
        CHECK((A.bp - Eigen::Vector4d(1, 0, 0, 0)).norm() == 0.0);
        Eigen::Vector3d mf = f.mass;
        mf[s - 1] += d.mb;
        CHECK((A.floor_mass - mf).norm() < 1e-15);
        CHECK(A.floors == 3);
        CHECK(A.device_floor == s);
    }
    const Assembled b = bare(f);
    CHECK(b.a.size() == 0);
    CHECK(b.device_floor == 0);
    CHECK((b.floor_mass - f.mass).norm() == 0.0);
}

TEST_CASE("structural: with_device errors name the bad device quantity") {
    const ShearFrame f = southampton();
    Device d;
    d.floor = 4;
    CHECK_THAT(invalid_argument_message([&] { with_device(f, d); }), Contains("floor 4"));
    d = Device{};
    d.mp = 0;
    CHECK_THAT(invalid_argument_message([&] { with_device(f, d); }), Contains("mp"));
    d = Device{};
    d.mb = -1;
    CHECK_THAT(invalid_argument_message([&] { with_device(f, d); }), Contains("mb"));
    d = Device{};
    d.kp = -5;
    CHECK_THAT(invalid_argument_message([&] { with_device(f, d); }), Contains("kp"));
    d = Device{};
    d.cp = -0.1;
    CHECK_THAT(invalid_argument_message([&] { with_device(f, d); }), Contains("cp"));
}

TEST_CASE("structural: frame_from_json reads stiffness lists and leg geometry") {
    const nlohmann::json legs = {{"name", "rig"},
                                 {"floor_mass_kg", {5.201, 5.201, 5.201}},
                                 {"legs",
                                  {{"youngs_modulus_Pa", 70e9},
                                   {"width_m", 25e-3},
                                   {"thickness_m", 3e-3},
                                   {"length_m", 153.3e-3},
                                   {"per_storey", 4}}},
                                 {"damping", {{"type", "modal"}, {"ratio", 0.01}}}};
    const ShearFrame f = frame_from_json(legs);
    CHECK(f.name == "rig");
    REQUIRE(f.floors() == 3);
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(f.stiffness[i] == Approx(k_rig).epsilon(1e-13));
    CHECK(f.damping == Damping::modal);
    CHECK(f.damping_ratio == 0.01);
    // round trip through to_json
    const ShearFrame g = frame_from_json(to_json(f));
    CHECK(g.name == f.name);
    CHECK(g.mass == f.mass);
    CHECK(g.stiffness == f.stiffness);
    CHECK(g.damping == f.damping);
    CHECK(g.damping_ratio == f.damping_ratio);
    // no damping block: Rayleigh at 0.2 %
    const ShearFrame h =
        frame_from_json({{"floor_mass_kg", {1.0, 2.0}}, {"storey_stiffness_N_per_m", {100.0, 200.0}}});
    CHECK(h.damping == Damping::rayleigh);
    CHECK(h.damping_ratio == 0.002);
    CHECK(h.stiffness[1] == 200.0);
}

TEST_CASE("structural: frame_from_json errors name the bad field") {
    const nlohmann::json good = {{"floor_mass_kg", {5.0, 5.0, 5.0}}, {"storey_stiffness_N_per_m", {1e4, 1e4, 1e4}}};
    auto message = [](nlohmann::json j) { return invalid_argument_message([&] { frame_from_json(j); }); };
    REQUIRE(message(good) == "<none>");

    nlohmann::json j = good;
    j["floor_mass_kg"][1] = -1.0;
    const std::string negative = message(j);
    CHECK_THAT(negative, Contains("floor 2"));
    CHECK_THAT(negative, Contains("mass"));

    j = good;
    j.erase("floor_mass_kg");
    CHECK_THAT(message(j), Contains("floor_mass_kg"));

    j = good;
    j["floor_mass_kg"][0] = "heavy";
    CHECK_THAT(message(j), Contains("floor_mass_kg"));

    j = good;
    j["storey_stiffness_N_per_m"][2] = 0.0;
    CHECK_THAT(message(j), Contains("storey 3"));

    j = good;
    j["storey_stiffness_N_per_m"] = {1e4, 1e4};
    CHECK_THAT(message(j), Contains("stiffness"));

    j = good;
    j.erase("storey_stiffness_N_per_m");
    CHECK_THAT(message(j), Contains("storey_stiffness_N_per_m"));

    j = good;
    j.erase("storey_stiffness_N_per_m");
    j["legs"] = {{"youngs_modulus_Pa", 70e9}, {"width_m", 25e-3}, {"length_m", 0.15}, {"per_storey", 4}};
    CHECK_THAT(message(j), Contains("legs.thickness_m"));

    j = good;
    j["damping"] = {{"type", "viscous"}};
    CHECK_THAT(message(j), Contains("damping.type"));

    j = good;
    j["damping"] = {{"type", "rayleigh"}, {"ratio", -0.1}};
    CHECK_THAT(message(j), Contains("damping"));

    CHECK(message(nlohmann::json::array()) != "<none>");
}
