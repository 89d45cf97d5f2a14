#include "deck.hpp"

#include <cstdio>
#include <sstream>

namespace dtop::fe {

std::string deck_number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15G", v);
    std::string s(buf);
    if (s.find_first_of(".E") == std::string::npos) s += '.';
    return s;
}

namespace {

// Data lines of at most `per_line` entries (ABAQUS reads at most 16 per line).
void id_lines(std::ostringstream& out, const std::vector<int>& ids, std::size_t per_line = 8) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        out << ids[i] << (i + 1 == ids.size() || (i + 1) % per_line == 0 ? "\n" : ", ");
}

void elements(std::ostringstream& out, const char* type, const std::string& set, const std::vector<MeshElement>& list) {
    out << "*ELEMENT, TYPE=" << type << ", ELSET=" << set << "\n";
    for (const MeshElement& e : list) {
        out << e.id;
        for (int n : e.nodes) out << ", " << n;
        out << "\n";
    }
}

// Strip line breaks so free text cannot start a keyword line.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

std::string abaqus_deck(const FrameModel& m, const FrameMesh& mesh, const Extraction& x, const std::string& heading) {
    m.check();
    x.check();
    const auto& num = deck_number;
    std::ostringstream out;
    out << "*HEADING\n" << one_line(heading) << "\n";
    out << "** Written by the dtop fe-frame plugin. Units: m, kg, s, N, Pa. Sway along x; z up.\n"
        << "** " << m.storeys << " storeys, 4 legs each (" << beam_type_name(m.element) << ", " << m.elements_per_leg
        << " per leg), floors of stiff massless members carrying point masses, base clamped.\n";

    out << "**\n** Nodes: level i has corners 10i+1..10i+4 and centre 10i+5 (ground: 1..4).\n*NODE\n";
    for (const MeshNode& n : mesh.nodes) out << n.id << ", " << num(n.x) << ", " << num(n.y) << ", " << num(n.z) << "\n";

    out << "**\n";
    elements(out, beam_type_name(m.element), "LEGS", mesh.legs);
    elements(out, beam_type_name(m.element), "FLOORMEMBERS", mesh.floor_members);
    for (const MassSet& s : mesh.masses) elements(out, "MASS", s.name, s.elements);

    out << "**\n*NSET, NSET=" << kBaseSet << "\n";
    id_lines(out, {mesh.base.begin(), mesh.base.end()});
    out << "*NSET, NSET=" << kFloorSet << "\n";
    id_lines(out, mesh.floor_node_ids());

    out << "**\n*MATERIAL, NAME=ALUMINIUM\n*ELASTIC\n"
        << num(m.youngs_modulus) << ", " << num(m.poisson_ratio) << "\n*DENSITY\n" << num(m.density) << "\n";
    out << "** The floors' mass is in the point masses; their members only hold the leg tops together.\n"
        << "*MATERIAL, NAME=FLOOR\n*ELASTIC\n"
        << num(m.floor_rigidity * m.youngs_modulus) << ", " << num(m.poisson_ratio) << "\n*DENSITY\n0.\n";

    out << "**\n** Legs: the section's 1-axis is global x, so its " << num(m.leg_thickness)
        << " m side lies along the sway and bends.\n"
        << "*BEAM SECTION, ELSET=LEGS, MATERIAL=ALUMINIUM, SECTION=RECT\n"
        << num(m.leg_thickness) << ", " << num(m.leg_width) << "\n1., 0., 0.\n";
    out << "*BEAM SECTION, ELSET=FLOORMEMBERS, MATERIAL=FLOOR, SECTION=RECT\n"
        << num(m.floor_member_size) << ", " << num(m.floor_member_size) << "\n0., 0., 1.\n";
    for (const MassSet& s : mesh.masses) out << "*MASS, ELSET=" << s.name << "\n" << num(s.mass) << "\n";

    out << "**\n*BOUNDARY\n" << kBaseSet << ", 1, 6\n";

    out << "**\n*STEP\n*FREQUENCY\n" << x.modes;
    if (x.has_range()) out << ", " << num(x.f_min) << (x.f_max > 0 ? ", " + num(x.f_max) : std::string());
    out << "\n*NODE PRINT, NSET=" << kFloorSet << "\nU\n*END STEP\n";
    return out.str();
}

}  // namespace dtop::fe
