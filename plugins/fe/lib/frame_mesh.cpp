#include "frame_mesh.hpp"

namespace dtop::fe {

std::vector<int> FrameMesh::floor_node_ids() const {
    std::vector<int> ids;
    for (const FloorNodes& f : floors)
        for (const MassPoint& p : f.mass_points) ids.push_back(p.node);
    return ids;
}

namespace {

// Numbers nodes and elements as they are created.
struct Builder {
    FrameMesh mesh;
    int next_node = 0;
    int next_element = 1;

    int node(int id, double x, double y, double z) {
        mesh.nodes.push_back({id, x, y, z});
        return id;
    }
    int interior(double x, double y, double z) { return node(next_node++, x, y, z); }
    // A straight member from a to b in `parts` elements, with midside nodes for B32. The end nodes are
    // copies: adding nodes may move the node list.
    void member(std::vector<MeshElement>& into, const MeshNode a, const MeshNode b, int parts, BeamType type) {
        auto point_at = [&](double s) { return interior(a.x + s * (b.x - a.x), a.y + s * (b.y - a.y), a.z + s * (b.z - a.z)); };
        int previous = a.id;
        for (int k = 1; k <= parts; ++k) {
            const int middle = type == BeamType::b32 ? point_at((k - 0.5) / parts) : 0;
            const int end = k == parts ? b.id : point_at(static_cast<double>(k) / parts);
            if (type == BeamType::b32) into.push_back({next_element++, {previous, middle, end}});
            else into.push_back({next_element++, {previous, end}});
            previous = end;
        }
    }
    const MeshNode& find(int id) const {
        for (const MeshNode& n : mesh.nodes)
            if (n.id == id) return n;
        throw std::logic_error("frame mesh: no node " + std::to_string(id));
    }
};

}  // namespace

FrameMesh build_mesh(const FrameModel& model) {
    model.check();
    Builder b;
    const int n = model.storeys;
    // Nodes of level i (0 = ground): corners 10 i + 1..4, centre 10 i + 5, so a deck reads easily;
    // nodes inside members are numbered from the next thousand up.
    b.next_node = (10 * (n + 1) / 1000 + 1) * 1000 + 1;
    const double hx = model.leg_spacing_x / 2, hy = model.leg_spacing_y / 2;
    const std::array<std::array<double, 2>, 4> corner{{{-hx, -hy}, {hx, -hy}, {hx, hy}, {-hx, hy}}};

    double z = 0;
    for (int c = 0; c < 4; ++c) b.mesh.base[c] = b.node(c + 1, corner[c][0], corner[c][1], 0.0);
    std::vector<std::array<int, 4>> level_corners{b.mesh.base};
    for (int i = 1; i <= n; ++i) {
        z += model.height(i);
        std::array<int, 4> ids{};
        for (int c = 0; c < 4; ++c) ids[c] = b.node(10 * i + c + 1, corner[c][0], corner[c][1], z);
        FloorNodes f{b.node(10 * i + 5, 0.0, 0.0, z), ids, {}};
        const double m = model.mass(i);
        f.mass_points.push_back({f.centre, kCentreMassShare * m});
        for (int id : ids) f.mass_points.push_back({id, (1 - kCentreMassShare) / 4 * m});
        b.mesh.floors.push_back(f);
        level_corners.push_back(ids);
    }
    // Legs first (elements 1..), then the floor members, so a leg's elements are contiguous.
    for (int i = 1; i <= n; ++i)
        for (int c = 0; c < 4; ++c)
            b.member(b.mesh.legs, b.find(level_corners[i - 1][c]), b.find(level_corners[i][c]), model.elements_per_leg,
                     model.element);
    for (const FloorNodes& f : b.mesh.floors)
        for (int c = 0; c < 4; ++c) {
            b.member(b.mesh.floor_members, b.find(f.corners[c]), b.find(f.corners[(c + 1) % 4]), 1, model.element);
            b.member(b.mesh.floor_members, b.find(f.corners[c]), b.find(f.centre), 1, model.element);
        }
    for (int i = 1; i <= n; ++i) {
        const FloorNodes& f = b.mesh.floors[i - 1];
        MassSet centre{"F" + std::to_string(i) + "CENTRE", f.mass_points[0].mass, {}};
        centre.elements.push_back({b.next_element++, {f.centre}});
        MassSet corners{"F" + std::to_string(i) + "CORNERS", f.mass_points[1].mass, {}};
        for (int id : f.corners) corners.elements.push_back({b.next_element++, {id}});
        b.mesh.masses.push_back(std::move(centre));
        b.mesh.masses.push_back(std::move(corners));
    }
    return b.mesh;
}

}  // namespace dtop::fe
