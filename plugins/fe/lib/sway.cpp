#include "sway.hpp"

#include <cmath>
#include <limits>

namespace dtop::fe {

namespace {

struct FloorMotion {
    double share;
    Eigen::VectorXd floor_x;  // rigid x translation of each floor
};

// NaN share if a floor's node is missing from the printed shape.
FloorMotion motion(const std::map<int, Eigen::Vector3d>& u, const std::vector<FloorNodes>& floors) {
    FloorMotion m{0, Eigen::VectorXd::Zero(static_cast<Eigen::Index>(floors.size()))};
    double sway = 0, total = 0;
    for (std::size_t j = 0; j < floors.size(); ++j) {
        double mass = 0, mx = 0;
        for (const MassPoint& p : floors[j].mass_points) {
            const auto it = u.find(p.node);
            if (it == u.end()) return {std::numeric_limits<double>::quiet_NaN(), m.floor_x};
            mass += p.mass;
            mx += p.mass * it->second.x();
            total += p.mass * it->second.squaredNorm();
        }
        const double ubar = mx / mass;
        m.floor_x[static_cast<Eigen::Index>(j)] = ubar;
        sway += mass * ubar * ubar;
    }
    m.share = total > 0 ? sway / total : 0.0;
    return m;
}

// Largest entry +1, as a shape is compared by form, not by the solver's normalisation.
Eigen::VectorXd unit_shape(Eigen::VectorXd v) {
    Eigen::Index k = 0;
    v.cwiseAbs().maxCoeff(&k);
    return v[k] != 0 ? Eigen::VectorXd(v / v[k]) : v;
}

}  // namespace

SwaySelection select_sway_modes(const EigenTable& table, const ModeShapes& shapes, const std::vector<FloorNodes>& floors,
                                int wanted) {
    SwaySelection s;
    s.shapes_available = !shapes.empty();
    std::vector<Eigen::VectorXd> columns;
    for (const EigenRow& r : table.rows) {
        ModeClass c{r.mode, r.hz, std::numeric_limits<double>::quiet_NaN(), false};
        Eigen::VectorXd floor_x = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(floors.size()));
        if (const auto it = shapes.find(r.mode); it != shapes.end()) {
            const FloorMotion m = motion(it->second, floors);
            c.share = m.share;
            floor_x = m.floor_x;
        }
        // Without any printed shapes there is nothing to tell modes apart by: take them in order.
        c.sway = s.shapes_available ? c.share >= kSwayShare : true;
        if (c.sway && static_cast<int>(s.selected.size()) < wanted) {
            s.selected.push_back(static_cast<int>(s.modes.size()));
            columns.push_back(unit_shape(floor_x));
        }
        s.modes.push_back(c);
    }
    const auto n = static_cast<Eigen::Index>(s.selected.size());
    s.hz.resize(n);
    s.shapes.resize(static_cast<Eigen::Index>(floors.size()), n);
    for (Eigen::Index k = 0; k < n; ++k) {
        s.hz[k] = s.modes[static_cast<std::size_t>(s.selected[static_cast<std::size_t>(k)])].hz;
        s.shapes.col(k) = columns[static_cast<std::size_t>(k)];
    }
    return s;
}

}  // namespace dtop::fe
