// Physical units of plugin ports: parse a unit expression ("kN*m", "km/h", "W/(m^2*K)"), check that
// two units measure the same quantity, and give the affine map that converts a value between them.
// The host uses it when it wires an output port to an input port: "mm" into "m" is scaled by 1e-3,
// "m/s" into "N" is refused.
//
// Grammar (whitespace is ignored around operators):
//   ""  "1"  "-"                    dimensionless
//   a*b  a.b  a·b  a b              product
//   a/b/c                           division, left to right: m/s/s = m s^-2
//   a^2  a^-1  a**2  a2  s-1  m²    integer exponents (bare digits and superscripts only right after a name)
//   (kg*m)/(s^2)                    parentheses
// All operators have the same precedence and associate to the left, except that an implicit product
// (a space) right after a division is refused as ambiguous: "J/kg K" must be written J/(kg*K) or J/kg/K.
//
// Units: m g s A K mol cd, Hz N Pa J W C V Ohm (ohm, Ω) F H T Wb S, rad sr (dimensionless), deg (pi/180),
// min h d, L (l), Ah, Wh, bar, degC (°C), degF (°F), % (0.01), dB. SI prefixes y z a f p n u µ m c d da
// h k M G T P E apply to m g s A K mol cd Hz N Pa J W C V Ohm F H T Wb S rad sr L Ah Wh bar; a whole unit
// name always wins over prefix+unit, so "cd" is candela, "min" is minutes, "Pa" is pascal, "h" is hour.
//
// Temperatures: degC and degF carry their offset only when the unit stands alone ("degC" -> "K" adds
// 273.15). Inside a compound ("degC/s", "W/degC") or with an exponent only the scale is kept, because
// there the unit measures a temperature difference.
//
// Decibels: "dB" parses as dimensionless with scale 1, but a level in dB is a logarithm, and turning
// it into a linear ratio is not a unit conversion. conversion() therefore treats dB as its own private
// dimension: dB converts to dB (and dB/s to dB/min), never to "1", "%" or anything without dB.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dtop::units {

// value_in_SI = scale * value + offset
struct Unit {
    double scale = 1.0;
    double offset = 0.0;          // non-zero only for a standalone degC or degF
    std::array<int8_t, 7> dim{};  // exponents of m, kg, s, A, K, mol, cd
    bool dimensionless() const;
};

// Parses a unit expression. Throws std::invalid_argument naming the text, the part it could not read
// and what it expected there.
Unit parse(std::string_view text);

// to = scale * from + offset
struct Conversion {
    double scale = 1.0;
    double offset = 0.0;
    bool identity() const;
};

// Conversion from unit `from` to unit `to`. std::nullopt if they measure different quantities
// (including dB against anything without dB). Throws std::invalid_argument if either does not parse.
// A scale within 1e-12 of 1 is returned as exactly 1, so "N" -> "kg*m/s^2" is an identity.
std::optional<Conversion> conversion(std::string_view from, std::string_view to);

// The dimension as SI base-unit exponents, e.g. "m kg s^-2"; "dimensionless" when there are none.
std::string describe_dimension(const Unit& u);

// Why `from` does not convert to `to`, for an error message, e.g.
//   "m/s" is a velocity (m s^-1) but "N" is a force (m kg s^-2)
// Throws std::invalid_argument if either does not parse.
std::string explain_mismatch(std::string_view from, std::string_view to);

}  // namespace dtop::units
