#include "frame_model.hpp"

#include <cmath>

namespace dtop::fe {

BeamType beam_type_from_name(const std::string& name) {
    if (name == "B31") return BeamType::b31;
    if (name == "B32") return BeamType::b32;
    throw InvalidParameter("element", "must be B31 or B32, not '" + name + "'");
}

const char* beam_type_name(BeamType t) { return t == BeamType::b31 ? "B31" : "B32"; }

double FrameModel::height(int storey) const {
    return storey_height.size() == 1 ? storey_height[0] : storey_height.at(static_cast<std::size_t>(storey - 1));
}

double FrameModel::mass(int floor) const {
    return floor_mass.size() == 1 ? floor_mass[0] : floor_mass.at(static_cast<std::size_t>(floor - 1));
}

namespace {
void positive(double v, const char* param) {
    if (!(v > 0) || !std::isfinite(v)) throw InvalidParameter(param, "must be a finite value > 0");
}
void one_or_each(const std::vector<double>& v, int storeys, const char* param) {
    if (v.size() != 1 && v.size() != static_cast<std::size_t>(storeys))
        throw InvalidParameter(param, "give one value, or one per storey (" + std::to_string(storeys) + "); got " +
                                          std::to_string(v.size()));
    for (double x : v) positive(x, param);
}
}  // namespace

void FrameModel::check() const {
    if (storeys < 1) throw InvalidParameter("storeys", "must be at least 1");
    one_or_each(storey_height, storeys, "storey_height");
    one_or_each(floor_mass, storeys, "floor_mass");
    positive(youngs_modulus, "youngs_modulus");
    if (!(poisson_ratio > -1 && poisson_ratio < 0.5)) throw InvalidParameter("poisson_ratio", "must lie in (-1, 0.5)");
    // CalculiX 2.20 aborts (munmap_chunk) when no beam element has mass.
    positive(density, "density");
    positive(leg_width, "leg_width");
    positive(leg_thickness, "leg_thickness");
    positive(leg_spacing_x, "leg_spacing_x");
    positive(leg_spacing_y, "leg_spacing_y");
    if (elements_per_leg < 1) throw InvalidParameter("elements_per_leg", "must be at least 1");
    positive(floor_member_size, "floor_member_size");
    if (!(floor_rigidity >= 1)) throw InvalidParameter("floor_rigidity", "must be at least 1 (floors no softer than legs)");
}

void Extraction::check() const {
    if (modes < 1) throw InvalidParameter("modes", "must be at least 1");
    if (!(f_min >= 0)) throw InvalidParameter("f_min", "must be >= 0");
    if (!(f_max >= 0)) throw InvalidParameter("f_max", "must be >= 0");
    if (f_max > 0 && f_max <= f_min) throw InvalidParameter("f_max", "must be above f_min");
}

}  // namespace dtop::fe
