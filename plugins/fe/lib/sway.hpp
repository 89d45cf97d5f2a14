// Which modes of the 3D frame are sway modes along x, the direction the lumped shear frame models.
//
// For each mode, each floor's rigid x translation is the mass-weighted mean of u_x over the nodes
// carrying the floor's mass. The mode's sway share is the kinetic energy of those translations over
// the kinetic energy of all floor mass points:
//
//     share = sum_floors M_j ubar_j^2 / sum_points m_i |u_i|^2
//
// Sway along x: share near 1 (the small rest is the rocking of the floors on the legs' axial
// stretch). Sway along y, torsion (the corners move in opposite x directions, so ubar = 0), vertical
// and rocking modes, and local leg modes (floors still): share near 0. A mode is a sway mode when
// its share is at least kSwayShare.
#pragma once

#include "eigen_table.hpp"
#include "frame_mesh.hpp"
#include "mode_shapes.hpp"

#include <Eigen/Core>

#include <vector>

namespace dtop::fe {

inline constexpr double kSwayShare = 0.9;

struct ModeClass {
    int mode;
    double hz;
    double share;  // NaN when the mode has no printed shape
    bool sway;
};

struct SwaySelection {
    std::vector<ModeClass> modes;  // every mode of the table, in its order
    std::vector<int> selected;     // positions in `modes` of the first `wanted` sway modes
    Eigen::VectorXd hz;            // their frequencies
    Eigen::MatrixXd shapes;        // floors x selected modes: floor x translations, largest entry +1
    bool shapes_available = true;  // false: no shapes printed; the first `wanted` modes are taken as they come
};

SwaySelection select_sway_modes(const EigenTable& table, const ModeShapes& shapes, const std::vector<FloorNodes>& floors,
                                int wanted);

}  // namespace dtop::fe
