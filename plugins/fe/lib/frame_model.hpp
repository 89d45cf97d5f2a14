// The benchtop frame as a finite-element model (physics.md section 8): four legs per storey at the
// corners of each floor, floors stiff and carrying their mass, base clamped. Sway is along global x,
// the direction in which the legs' thin side bends; z is up.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace dtop::fe {

// A parameter that is wrong, by name, so a plugin can point the user at it.
struct InvalidParameter : std::invalid_argument {
    InvalidParameter(std::string param, const std::string& message)
        : std::invalid_argument(param + ": " + message), param(std::move(param)), reason(message) {}
    std::string param, reason;
};

// Beam element of the legs: B31 (2 nodes, linear) or B32 (3 nodes, quadratic); both solvers know both.
enum class BeamType { b31, b32 };
BeamType beam_type_from_name(const std::string& name);  // "B31" or "B32"
const char* beam_type_name(BeamType t);

struct FrameModel {
    int storeys = 3;
    std::vector<double> storey_height{0.1533};  // m, free leg length per storey (one value: all storeys)
    std::vector<double> floor_mass{5.201};      // kg, per floor (one value: all floors)
    double youngs_modulus = 70e9;               // Pa
    double poisson_ratio = 0.33;
    double density = 2700;                      // kg/m^3, of the legs
    double leg_width = 25e-3;                   // m, across the sway direction (global y)
    double leg_thickness = 3e-3;                // m, along the sway direction (global x): the side that bends
    double leg_spacing_x = 0.35;                // m, between leg centres along x
    double leg_spacing_y = 0.22;                // m, between leg centres along y
    int elements_per_leg = 20;
    BeamType element = BeamType::b31;
    // Floor members: a square section this wide, massless, `floor_rigidity` times stiffer than the
    // legs' material, so the floors act as rigid bodies without a solver-specific rigid-body keyword.
    double floor_member_size = 25e-3;           // m
    double floor_rigidity = 1000;

    double height(int storey) const;  // storey 1..storeys
    double mass(int floor) const;     // floor 1..storeys
    // Throws InvalidParameter naming the first wrong parameter.
    void check() const;
};

// What the frequency step asks for.
struct Extraction {
    int modes = 10;      // eigenmodes to extract
    double f_min = 0;    // Hz; 0: no lower bound
    double f_max = 0;    // Hz; 0: no upper bound
    bool has_range() const { return f_min > 0 || f_max > 0; }
    void check() const;  // throws InvalidParameter
};

}  // namespace dtop::fe
