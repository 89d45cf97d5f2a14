// Mode shapes at printed nodes (*NODE PRINT, U) of a frequency step, from the .dat file. Both
// solvers head each mode's output with "E I G E N V A L U E    N U M B E R     k"; then
//
// CalculiX:
//      displacements (vx,vy,vz) for set FLOORS and time  0.1000000E+01
//
//              15  1.427897E-01  1.970321E-09 -3.577244E-13
//
// ABAQUS/Standard (documented layout; U prints rotations too on beam nodes):
//                                          N O D E   O U T P U T
//
//      THE FOLLOWING TABLE IS PRINTED FOR NODES BELONGING TO NODE SET FLOORS
//
//         NODE FOOT-  U1             U2             U3             UR1            UR2            UR3
//              NOTE
//
//            15      0.14279       1.97032E-09  -3.57724E-13   ...
//
//      MAXIMUM        ...
#pragma once

#include "eigen_table.hpp"

#include <Eigen/Core>

#include <map>
#include <string>
#include <string_view>

namespace dtop::fe {

// mode number -> node -> (u1, u2, u3); modes without a table for the set are absent.
using ModeShapes = std::map<int, std::map<int, Eigen::Vector3d>>;

// Throws DatError for a table that starts but is malformed.
ModeShapes parse_mode_shapes(std::string_view dat, DatLayout layout, const std::string& node_set);

}  // namespace dtop::fe
