// Nodes, elements and sets of the frame model: what the deck writes and what the results are read
// against (which nodes carry each floor's mass).
#pragma once

#include "frame_model.hpp"

#include <array>
#include <string>
#include <vector>

namespace dtop::fe {

struct MeshNode {
    int id;
    double x, y, z;
};

struct MeshElement {
    int id;
    std::vector<int> nodes;
};

// A node that carries part of a floor's mass.
struct MassPoint {
    int node;
    double mass;  // kg
};

// One floor: a centre node and the tops of its four legs (corners, counter-clockwise from -x -y).
struct FloorNodes {
    int centre;
    std::array<int, 4> corners;
    std::vector<MassPoint> mass_points;  // centre 2/3 of the floor mass, each corner 1/12
};

// Point masses of one value, one element set (one *MASS card).
struct MassSet {
    std::string name;
    double mass;  // kg, of each element
    std::vector<MeshElement> elements;
};

struct FrameMesh {
    std::vector<MeshNode> nodes;
    std::vector<MeshElement> legs;           // set LEGS
    std::vector<MeshElement> floor_members;  // set FLOORMEMBERS
    std::vector<MassSet> masses;
    std::array<int, 4> base{};               // set BASE: clamped
    std::vector<FloorNodes> floors;          // floor 1 first; their mass points form set FLOORS
    std::vector<int> floor_node_ids() const; // set FLOORS, in floor order
};

// Share of a floor's mass at its centre; the rest goes in equal parts to the four corners. With 1/3
// at the corners the floor has the polar and rocking inertia of a uniform plate spanning the legs
// (m (a^2 + b^2) / 12), so torsion and rocking modes land where a plate would put them.
inline constexpr double kCentreMassShare = 2.0 / 3.0;

FrameMesh build_mesh(const FrameModel& model);

}  // namespace dtop::fe
