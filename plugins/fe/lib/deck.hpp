// The flat ABAQUS keyword deck of the frame: model data (nodes, elements, sets, sections, material,
// masses, clamped base) and one frequency step with the floor displacements printed to the .dat.
// Only keywords and parameters that ABAQUS/Standard and CalculiX read alike, so one deck serves both.
#pragma once

#include "frame_mesh.hpp"
#include "frame_model.hpp"

#include <string>

namespace dtop::fe {

// Set names the deck defines and the results are read against.
inline constexpr const char* kFloorSet = "FLOORS";
inline constexpr const char* kBaseSet = "BASE";

std::string abaqus_deck(const FrameModel& model, const FrameMesh& mesh, const Extraction& extraction,
                        const std::string& heading);

// A number as both solvers read it: up to 15 significant digits, always with a decimal point or
// an exponent ("70000000000.", "0.1533", "1.3E-05").
std::string deck_number(double v);

}  // namespace dtop::fe
