// Floor displacements from both solvers' node tables, and how sway modes are told from the others.
#include "fe_test_support.hpp"

#include <deck.hpp>
#include <mode_shapes.hpp>
#include <shear_frame.hpp>
#include <sway.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::fe;

namespace {

const FrameMesh& default_mesh() {
    static const FrameMesh mesh = build_mesh(FrameModel{});
    return mesh;
}

EigenTable table_of(std::vector<double> hz) {
    EigenTable t{DatLayout::calculix, {}};
    for (std::size_t k = 0; k < hz.size(); ++k) {
        const double w = 2 * M_PI * hz[k];
        t.rows.push_back({static_cast<int>(k + 1), w * w, w, hz[k], -1});
    }
    return t;
}

// A synthetic mode of the default frame: each floor moves rigidly by (ux, uy, uz) plus a twist theta
// about z, in proportion to its level.
std::map<int, Eigen::Vector3d> rigid_floors(double ux, double uy, double uz, double twist) {
    std::map<int, Eigen::Vector3d> u;
    const FrameModel m;
    const double a = m.leg_spacing_x / 2, b = m.leg_spacing_y / 2;
    const double cx[4] = {-a, a, a, -a}, cy[4] = {-b, -b, b, b};
    for (std::size_t j = 0; j < 3; ++j) {
        const double s = static_cast<double>(j + 1);
        const FloorNodes& f = default_mesh().floors[j];
        u[f.centre] = s * Eigen::Vector3d(ux, uy, uz);
        for (int c = 0; c < 4; ++c) u[f.corners[static_cast<std::size_t>(c)]] = s * Eigen::Vector3d(ux - twist * cy[c], uy + twist * cx[c], uz);
    }
    return u;
}

double mac(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double d = a.dot(b);
    return d * d / (a.squaredNorm() * b.squaredNorm());
}

}  // namespace

TEST_CASE("fe: floor displacements are read from both solvers' node tables") {
    const ModeShapes ccx = parse_mode_shapes(fe_test::fixture_text("calculix_frame.dat"), DatLayout::calculix, kFloorSet);
    const ModeShapes abq = parse_mode_shapes(fe_test::fixture_text("abaqus_frame.dat"), DatLayout::abaqus, kFloorSet);
    REQUIRE(ccx.size() == 10);
    REQUIRE(abq.size() == 10);
    for (int mode = 1; mode <= 10; ++mode) {
        REQUIRE(ccx.at(mode).size() == 15);
        REQUIRE(abq.at(mode).size() == 15);
    }
    CHECK(ccx.at(1).at(35).x() == 3.196030E-01);
    CHECK(ccx.at(1).at(11).z() == 8.623973E-05);
    // ABAQUS: U1..U3 by their header, not the rotations after them; largest displacement 1.
    CHECK(abq.at(1).at(31).x() == 1.0);
    CHECK(abq.at(1).at(11).z() == 2.69834E-04);
    // The same shapes up to the normalisation.
    for (int mode : {1, 2, 3}) {
        const double scale = abq.at(mode).at(35).x() / ccx.at(mode).at(35).x();
        for (const auto& [node, u] : ccx.at(mode)) CHECK(abq.at(mode).at(node).x() == Approx(scale * u.x()).epsilon(1e-4).margin(1e-9));
    }
    // Another set's table is not taken for this one.
    CHECK(parse_mode_shapes(fe_test::fixture_text("calculix_frame.dat"), DatLayout::calculix, "OTHER").empty());
}

TEST_CASE("fe: a malformed node table is refused") {
    std::string text = fe_test::fixture_text("calculix_frame.dat");
    text.replace(text.find("        35  3.196030E-01"), 24, "        35  3.19603OE-01");
    CHECK_THROWS_AS(parse_mode_shapes(text, DatLayout::calculix, kFloorSet), DatError);
    std::string abq = fe_test::fixture_text("abaqus_frame.dat");
    abq.replace(abq.find("UR1"), 3, "XX1");
    abq.replace(abq.find("U1 "), 3, "V1 ");
    CHECK_THROWS_WITH(parse_mode_shapes(abq, DatLayout::abaqus, kFloorSet), Catch::Contains("has no U1 column"));
}

TEST_CASE("fe: sway modes along x are told from torsion, sway along y, vertical and local modes") {
    ModeShapes shapes;
    shapes[1] = rigid_floors(0, 0, 0, 0.01);        // torsion
    shapes[2] = rigid_floors(0.1, 0, 1e-4, 0);      // sway along x, a little rocking
    shapes[3] = rigid_floors(0, 0.1, 0, 0);         // sway along y
    shapes[4] = rigid_floors(0, 0, 0.1, 0);         // vertical
    shapes[5] = rigid_floors(0.05, 0.05, 0, 0);     // diagonal: half along x, not a sway mode along x
    shapes[6] = rigid_floors(0.0, 0, 0, 0);         // floors still: a leg's own bending
    shapes[7] = rigid_floors(-0.2, 0, 0, 0);        // sway along x, sign irrelevant
    const SwaySelection s = select_sway_modes(table_of({5, 7, 9, 11, 13, 15, 17}), shapes, default_mesh().floors, 2);
    REQUIRE(s.modes.size() == 7);
    CHECK(s.modes[0].share == Approx(0).margin(1e-12));
    CHECK(s.modes[1].share > 0.999);
    CHECK(s.modes[2].share == Approx(0).margin(1e-12));
    CHECK(s.modes[3].share == Approx(0).margin(1e-12));
    CHECK(s.modes[4].share == Approx(0.5));
    CHECK(s.modes[5].share == 0);
    CHECK(s.selected == std::vector<int>{1, 6});
    CHECK(s.hz[0] == 7);
    CHECK(s.hz[1] == 17);
    // Floor translations, largest entry +1.
    CHECK(s.shapes.col(1).isApprox(Eigen::Vector3d(1.0 / 3, 2.0 / 3, 1.0)));
    CHECK(s.shapes_available);
}

TEST_CASE("fe: torsion of a floor much longer across the sway than along it is still not sway") {
    // Corners of a long floor move mostly along x in torsion; their mean is still zero.
    FrameModel m;
    m.leg_spacing_y = 4 * m.leg_spacing_x;
    const FrameMesh mesh = build_mesh(m);
    ModeShapes shapes;
    const double a = m.leg_spacing_x / 2, b = m.leg_spacing_y / 2;
    const double cx[4] = {-a, a, a, -a}, cy[4] = {-b, -b, b, b};
    for (const FloorNodes& f : mesh.floors) {
        shapes[1][f.centre] = Eigen::Vector3d::Zero();
        for (int c = 0; c < 4; ++c) shapes[1][f.corners[static_cast<std::size_t>(c)]] = Eigen::Vector3d(-0.01 * cy[c], 0.01 * cx[c], 0);
    }
    const SwaySelection s = select_sway_modes(table_of({3}), shapes, mesh.floors, 1);
    CHECK_FALSE(s.modes[0].sway);
    CHECK(s.selected.empty());
}

TEST_CASE("fe: the fixtures' first three modes are the sway modes, shaped like the lumped model's") {
    const auto lumped = dtop::structural::southampton();
    const auto lm = dtop::structural::modes(lumped.M(), lumped.K());
    for (const char* name : {"calculix_frame.dat", "abaqus_frame.dat"}) {
        INFO(name);
        const std::string text = fe_test::fixture_text(name);
        const EigenTable t = parse_eigenvalues(text);
        const SwaySelection s = select_sway_modes(t, parse_mode_shapes(text, t.layout, kFloorSet), default_mesh().floors, 3);
        CHECK(s.selected == std::vector<int>{0, 1, 2});
        for (std::size_t k = 0; k < s.modes.size(); ++k) CHECK(s.modes[k].sway == (k < 3));
        for (Eigen::Index k = 0; k < 3; ++k) CHECK(mac(s.shapes.col(k), lm.shapes.col(k)) > 0.999);
        CHECK(s.shapes(2, 0) == 1.0);
    }
}

TEST_CASE("fe: without printed shapes the modes are taken in order and this is flagged") {
    const SwaySelection s = select_sway_modes(table_of({5, 7, 9}), {}, default_mesh().floors, 2);
    CHECK_FALSE(s.shapes_available);
    CHECK(s.selected == std::vector<int>{0, 1});
    // A mode missing from otherwise printed shapes is not a sway mode.
    ModeShapes some;
    some[2] = rigid_floors(0.1, 0, 0, 0);
    const SwaySelection t = select_sway_modes(table_of({5, 7, 9}), some, default_mesh().floors, 2);
    CHECK(t.selected == std::vector<int>{1});
    CHECK(std::isnan(t.modes[0].share));
}
