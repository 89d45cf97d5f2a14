// The deck: keywords both solvers read, the physics it must encode (section orientation, masses,
// clamped base, geometry), and its parameters.
#include "fe_test_support.hpp"

#include <deck.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

using namespace dtop::fe;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// The keyword of a keyword line ("*BEAM SECTION, ELSET=..." -> "BEAM SECTION"); "" otherwise.
std::string keyword(const std::string& line) {
    if (line.size() < 2 || line[0] != '*' || line[1] == '*') return "";
    return line.substr(1, line.find(',') == std::string::npos ? std::string::npos : line.find(',') - 1);
}

// The data lines after the first line that starts with `card`.
std::vector<std::string> data_after(const std::string& deck, const std::string& card, std::size_t count) {
    const auto lines = lines_of(deck);
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind(card, 0) == 0) return {lines.begin() + static_cast<long>(i) + 1, lines.begin() + static_cast<long>(i + 1 + count)};
    return {};
}

std::string default_deck(const FrameModel& m = {}, const Extraction& x = {}) { return abaqus_deck(m, build_mesh(m), x, "test"); }

}  // namespace

TEST_CASE("fe: the deck holds only keywords both solvers read, no *PART or *ASSEMBLY, model data before the step") {
    const std::string deck = default_deck();
    const std::set<std::string> common{"HEADING", "NODE", "ELEMENT", "NSET", "MATERIAL", "ELASTIC", "DENSITY", "BEAM SECTION",
                                       "MASS", "BOUNDARY", "STEP", "FREQUENCY", "NODE PRINT", "END STEP"};
    std::set<std::string> seen;
    std::size_t step_line = 0, last_model_line = 0, n = 0;
    for (const std::string& l : lines_of(deck)) {
        ++n;
        const std::string k = keyword(l);
        if (k.empty()) continue;
        INFO(l);
        CHECK(common.count(k) == 1);
        seen.insert(k);
        if (k == "STEP") step_line = n;
        else if (step_line == 0) last_model_line = n;
    }
    CHECK(seen == common);  // every one of them is there
    CHECK(deck.rfind("*HEADING\n", 0) == 0);
    CHECK(step_line > last_model_line);
    for (const char* absent : {"*PART", "*ASSEMBLY", "*INSTANCE", "*END PART"}) CHECK(deck.find(absent) == std::string::npos);
    CHECK(deck.substr(deck.size() - 10) == "*END STEP\n");
}

TEST_CASE("fe: the legs' rectangular section puts its thin side along the sway direction x") {
    FrameModel m;
    const std::string deck = default_deck(m);
    const auto legs = data_after(deck, "*BEAM SECTION, ELSET=LEGS, MATERIAL=ALUMINIUM, SECTION=RECT", 2);
    REQUIRE(legs.size() == 2);
    // RECT: first the side along the section's 1-axis, then along its 2-axis; then the 1-axis itself.
    CHECK(legs[0] == "0.003, 0.025");
    CHECK(legs[1] == "1., 0., 0.");
    const auto alu = data_after(deck, "*MATERIAL, NAME=ALUMINIUM", 4);
    CHECK(alu == std::vector<std::string>{"*ELASTIC", "70000000000., 0.33", "*DENSITY", "2700."});
    // Every leg element is vertical, so the 1-axis (x) is normal to it and the 2-axis is y.
    const FrameMesh mesh = build_mesh(m);
    auto node = [&](int id) {
        for (const MeshNode& n : mesh.nodes)
            if (n.id == id) return n;
        FAIL("no node " << id);
        return MeshNode{};
    };
    for (const MeshElement& e : mesh.legs) {
        const MeshNode a = node(e.nodes.front()), b = node(e.nodes.back());
        CHECK(a.x == b.x);
        CHECK(a.y == b.y);
        CHECK(b.z > a.z);
    }
    m.leg_thickness = 4e-3;
    m.leg_width = 30e-3;
    CHECK(data_after(default_deck(m), "*BEAM SECTION, ELSET=LEGS", 1)[0] == "0.004, 0.03");
}

TEST_CASE("fe: each floor's mass sits on its nodes, adds up to the floor mass and has a plate's inertia") {
    FrameModel m;
    m.floor_mass = {5.0, 4.0, 3.0};
    const FrameMesh mesh = build_mesh(m);
    REQUIRE(mesh.floors.size() == 3);
    const double a = m.leg_spacing_x / 2, b = m.leg_spacing_y / 2;
    for (int i = 0; i < 3; ++i) {
        const FloorNodes& f = mesh.floors[static_cast<std::size_t>(i)];
        double total = 0, polar = 0;
        for (const MassPoint& p : f.mass_points) {
            total += p.mass;
            const bool corner = p.node != f.centre;
            polar += corner ? p.mass * (a * a + b * b) : 0.0;
        }
        CHECK(total == Approx(m.floor_mass[static_cast<std::size_t>(i)]).epsilon(1e-14));
        // A uniform plate spanning the legs: m ((2a)^2 + (2b)^2) / 12.
        CHECK(polar == Approx(m.floor_mass[static_cast<std::size_t>(i)] * (4 * a * a + 4 * b * b) / 12).epsilon(1e-12));
    }
    const std::string deck = abaqus_deck(m, mesh, {}, "masses");
    CHECK(data_after(deck, "*MASS, ELSET=F2CENTRE", 1)[0] == deck_number(4.0 * 2 / 3));
    CHECK(data_after(deck, "*MASS, ELSET=F3CORNERS", 1)[0] == deck_number(3.0 / 12));
    const std::string centre_mass = data_after(deck, "*ELEMENT, TYPE=MASS, ELSET=F1CENTRE", 1)[0];
    CHECK(centre_mass.substr(centre_mass.find(',')) == ", 15");  // on floor 1's centre node
    // The floor members carry no mass of their own.
    CHECK(data_after(deck, "*MATERIAL, NAME=FLOOR", 4)[3] == "0.");
    CHECK(data_after(deck, "*NSET, NSET=FLOORS", 2) == std::vector<std::string>{"15, 11, 12, 13, 14, 25, 21, 22", "23, 24, 35, 31, 32, 33, 34"});
}

TEST_CASE("fe: the base is clamped in all six degrees of freedom and floors sit at the storey heights") {
    FrameModel m;
    m.storey_height = {0.15, 0.16, 0.17};
    const FrameMesh mesh = build_mesh(m);
    const std::string deck = abaqus_deck(m, mesh, {}, "heights");
    CHECK(data_after(deck, "*BOUNDARY", 1)[0] == "BASE, 1, 6");
    CHECK(data_after(deck, "*NSET, NSET=BASE", 1)[0] == "1, 2, 3, 4");
    std::map<int, MeshNode> nodes;
    for (const MeshNode& n : mesh.nodes) nodes[n.id] = n;
    for (int id : mesh.base) CHECK(nodes[id].z == 0.0);
    const double z[] = {0.15, 0.31, 0.48};
    for (int i = 0; i < 3; ++i) {
        const FloorNodes& f = mesh.floors[static_cast<std::size_t>(i)];
        CHECK(nodes[f.centre].z == Approx(z[i]).epsilon(1e-14));
        for (int c : f.corners) CHECK(nodes[c].z == Approx(z[i]).epsilon(1e-14));
        CHECK(std::abs(nodes[f.corners[1]].x - nodes[f.corners[0]].x) == Approx(m.leg_spacing_x));
        CHECK(std::abs(nodes[f.corners[2]].y - nodes[f.corners[1]].y) == Approx(m.leg_spacing_y));
    }
    // Node ids are unique.
    CHECK(nodes.size() == mesh.nodes.size());
}

TEST_CASE("fe: every leg has elements_per_leg elements, and B32 elements carry midside nodes") {
    for (const BeamType type : {BeamType::b31, BeamType::b32}) {
        FrameModel m;
        m.elements_per_leg = 7;
        m.element = type;
        const FrameMesh mesh = build_mesh(m);
        CHECK(mesh.legs.size() == 3u * 4u * 7u);
        std::map<int, MeshNode> nodes;
        for (const MeshNode& n : mesh.nodes) nodes[n.id] = n;
        CHECK(nodes.size() == mesh.nodes.size());
        for (const MeshElement& e : mesh.legs) {
            REQUIRE(e.nodes.size() == (type == BeamType::b31 ? 2u : 3u));
            const double dz = nodes[e.nodes.back()].z - nodes[e.nodes.front()].z;
            CHECK(dz == Approx(0.1533 / 7).epsilon(1e-12));
            if (type == BeamType::b32) CHECK(nodes[e.nodes[1]].z == Approx(nodes[e.nodes[0]].z + dz / 2).epsilon(1e-12));
        }
        const std::string deck = abaqus_deck(m, mesh, {}, "elements");
        CHECK(deck.find(std::string("*ELEMENT, TYPE=") + beam_type_name(type) + ", ELSET=LEGS\n") != std::string::npos);
    }
}

TEST_CASE("fe: the frequency step asks for the modes and the frequency range given") {
    CHECK(data_after(default_deck({}, {10}), "*FREQUENCY", 1)[0] == "10");
    CHECK(data_after(default_deck({}, {12, 5, 40}), "*FREQUENCY", 1)[0] == "12, 5., 40.");
    CHECK(data_after(default_deck({}, {6, 0, 40}), "*FREQUENCY", 1)[0] == "6, 0., 40.");
    CHECK(data_after(default_deck({}, {6, 2.5, 0}), "*FREQUENCY", 1)[0] == "6, 2.5");
    CHECK(data_after(default_deck(), "*NODE PRINT, NSET=FLOORS", 1)[0] == "U");
}

TEST_CASE("fe: numbers are written so both solvers read them as reals") {
    CHECK(deck_number(70e9) == "70000000000.");
    CHECK(deck_number(0.1533) == "0.1533");
    CHECK(deck_number(2700) == "2700.");
    CHECK(deck_number(0) == "0.");
    CHECK(deck_number(-0.175) == "-0.175");
    CHECK(deck_number(7e13) == "70000000000000.");
    CHECK(deck_number(7e20) == "7E+20");
    CHECK(deck_number(1.25e-5) == "1.25E-05");
}

TEST_CASE("fe: bad model and extraction parameters are refused by name") {
    auto param_of = [](auto&& f) {
        try {
            f();
        } catch (const InvalidParameter& e) {
            return e.param;
        }
        return std::string("(none)");
    };
    FrameModel m;
    CHECK(param_of([&] { m.check(); }) == "(none)");
    m.storey_height = {0.15, 0.16};
    CHECK(param_of([&] { m.check(); }) == "storey_height");
    m = {};
    m.floor_mass = {5, -1, 5};
    CHECK(param_of([&] { m.check(); }) == "floor_mass");
    m = {};
    m.elements_per_leg = 0;
    CHECK(param_of([&] { m.check(); }) == "elements_per_leg");
    m = {};
    m.poisson_ratio = 0.5;
    CHECK(param_of([&] { m.check(); }) == "poisson_ratio");
    m = {};
    m.floor_rigidity = 0.5;
    CHECK(param_of([&] { m.check(); }) == "floor_rigidity");
    CHECK(param_of([] { Extraction{10, 40, 20}.check(); }) == "f_max");
    CHECK(param_of([] { Extraction{0}.check(); }) == "modes");
    CHECK(param_of([] { beam_type_from_name("B33"); }) == "element");
}
