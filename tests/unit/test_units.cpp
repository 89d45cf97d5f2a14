// Tests for the host's physical-units library: parsing, dimension checks and conversion factors.
#include "units.hpp"

#include <catch2/catch.hpp>

#include <numbers>
#include <stdexcept>
#include <string>

using Catch::Matchers::Contains;
namespace units = dtop::units;

namespace {

// The conversion factor, failing the test if the units are refused.
units::Conversion convert(std::string_view from, std::string_view to) {
    const auto c = units::conversion(from, to);
    INFO("from \"" << from << "\" to \"" << to << "\"");
    REQUIRE(c.has_value());
    return *c;
}

bool same(std::string_view a, std::string_view b) {
    const auto c = units::conversion(a, b);
    return c.has_value() && c->identity();
}

bool refused(std::string_view a, std::string_view b) { return !units::conversion(a, b).has_value(); }

}  // namespace

TEST_CASE("units: mm converts to m with factor 1e-3") {
    const auto c = convert("mm", "m");
    CHECK(c.scale == Approx(1e-3));
    CHECK(c.offset == 0.0);
    CHECK(convert("m", "mm").scale == Approx(1e3));
    CHECK_FALSE(c.identity());
}

TEST_CASE("units: km/h converts to m/s with factor 1/3.6") {
    CHECK(convert("km/h", "m/s").scale == Approx(1.0 / 3.6));
    CHECK(convert("m/s", "km/h").scale == Approx(3.6));
}

TEST_CASE("units: N and kg*m/s^2 are the same unit, exactly") {
    CHECK(same("N", "kg*m/s^2"));
    CHECK(same("kN", "Mg*m/s^2"));
    CHECK(same("J", "N*m"));
    CHECK(same("W", "J/s"));
    CHECK(same("V", "W/A"));
    CHECK(same("Ohm", "V/A"));
    CHECK(same("C", "A*s"));
    CHECK(same("Pa", "N/m^2"));
    CHECK(same("T", "Wb/m^2"));
    CHECK(same("F", "C/V"));
    CHECK(same("H", "Wb/A"));
    CHECK(same("S", "1/Ohm"));
}

TEST_CASE("units: m/s into N is refused") {
    CHECK(refused("m/s", "N"));
    CHECK(refused("m", "s"));
    CHECK(refused("kg", "N"));
    CHECK(refused("1", "m"));
    CHECK(units::explain_mismatch("m/s", "N") == "\"m/s\" is a velocity (m s^-1) but \"N\" is a force (m kg s^-2)");
}

TEST_CASE("units: degC converts to K with an offset when it stands alone") {
    const auto c = convert("degC", "K");
    CHECK(c.scale == 1.0);
    CHECK(c.offset == Approx(273.15));
    CHECK(convert("K", "degC").offset == Approx(-273.15));
    CHECK(convert("\xC2\xB0" "C", "K").offset == Approx(273.15));  // °C

    const auto f = convert("degF", "degC");  // 32 F is 0 C, 212 F is 100 C
    CHECK(f.scale * 32.0 + f.offset == Approx(0.0).margin(1e-12));
    CHECK(f.scale * 212.0 + f.offset == Approx(100.0));
    CHECK(units::parse("degC").offset == Approx(273.15));
}

TEST_CASE("units: a temperature inside a compound unit keeps its scale and drops its offset") {
    const auto rate = convert("degC/s", "K/s");
    CHECK(rate.scale == 1.0);
    CHECK(rate.offset == 0.0);
    CHECK(convert("degF/min", "K/s").scale == Approx(5.0 / 9.0 / 60.0));
    CHECK(convert("W/degC", "W/K").identity());
    CHECK(units::parse("degC^2").offset == 0.0);
    CHECK(units::parse("(degC)").offset == Approx(273.15));
}

TEST_CASE("units: Ah converts to C with factor 3600") {
    CHECK(convert("Ah", "C").scale == Approx(3600.0));
    CHECK(convert("mAh", "C").scale == Approx(3.6));
    CHECK(convert("kWh", "J").scale == Approx(3.6e6));
    CHECK(refused("Ah", "A"));
}

TEST_CASE("units: Hz is the same as 1/s") {
    CHECK(same("Hz", "1/s"));
    CHECK(same("Hz", "s^-1"));
    CHECK(same("kHz", "1/ms"));
    CHECK(convert("1/min", "Hz").scale == Approx(1.0 / 60.0));
}

TEST_CASE("units: rad, sr, deg and % are dimensionless") {
    CHECK(units::parse("rad").dimensionless());
    CHECK(units::parse("sr").dimensionless());
    CHECK(same("rad", "1"));
    CHECK(same("rad/s", "Hz"));
    CHECK(convert("deg", "rad").scale == Approx(std::numbers::pi / 180.0));
    CHECK(convert("%", "1").scale == Approx(0.01));
    CHECK(convert("mrad", "rad").scale == Approx(1e-3));
    CHECK_FALSE(units::parse("m").dimensionless());
}

TEST_CASE("units: empty, 1 and - mean dimensionless") {
    for (const char* text : {"", "1", "-", "  ", " - "}) {
        INFO("text \"" << text << "\"");
        const auto u = units::parse(text);
        CHECK(u.dimensionless());
        CHECK(u.scale == 1.0);
    }
    CHECK(same("", "1"));
    CHECK(same("-", "rad"));
}

TEST_CASE("units: dB parses as dimensionless but converts only to dB") {
    const auto u = units::parse("dB");
    CHECK(u.dimensionless());
    CHECK(u.scale == 1.0);
    CHECK(same("dB", "dB"));
    CHECK(refused("dB", "1"));
    CHECK(refused("1", "dB"));
    CHECK(refused("dB", "%"));
    CHECK(refused("dB", "rad"));
    CHECK(refused("dB", "dB/s"));
    CHECK(convert("dB/s", "dB/min").scale == Approx(60.0));
    CHECK_THAT(units::explain_mismatch("dB", "1"), Contains("only to dB"));
}

TEST_CASE("units: whole unit names win over prefix plus unit") {
    CHECK(refused("cd", "d"));                             // candela, not centi-day
    CHECK(convert("min", "s").scale == Approx(60.0));      // minute, not milli-inch
    CHECK(convert("h", "s").scale == Approx(3600.0));      // hour
    CHECK(convert("d", "h").scale == Approx(24.0));        // day
    CHECK(same("Pa", "N/m2"));                             // pascal
    CHECK(same("T", "kg/(A*s^2)"));                        // tesla
    CHECK(convert("hPa", "Pa").scale == Approx(100.0));    // hecto-pascal
    CHECK(convert("daN", "N").scale == Approx(10.0));      // deca-newton
    CHECK(convert("dam", "m").scale == Approx(10.0));      // decametre
    CHECK(convert("mmol", "mol").scale == Approx(1e-3));
    CHECK(convert("mbar", "Pa").scale == Approx(100.0));
    CHECK(convert("mL", "m^3").scale == Approx(1e-6));
    CHECK(convert("l", "L").identity());
}

TEST_CASE("units: micro and ohm accept their ASCII and Unicode spellings") {
    CHECK(convert("um", "m").scale == Approx(1e-6));
    CHECK(convert("\xC2\xB5m", "m").scale == Approx(1e-6));  // µ micro sign
    CHECK(convert("\xCE\xBCm", "m").scale == Approx(1e-6));  // μ Greek mu
    CHECK(same("ohm", "Ohm"));
    CHECK(convert("k\xCE\xA9", "Ohm").scale == Approx(1e3));    // kΩ
    CHECK(convert("M\xE2\x84\xA6", "ohm").scale == Approx(1e6));  // MΩ, ohm sign
}

TEST_CASE("units: m/s^2 and m*s^-2 and their other spellings are the same") {
    for (const char* text : {"m*s^-2", "m/s/s", "m s^-2", "m.s**-2", "m s-2", "m/s2",
                             "m\xC2\xB7s\xE2\x81\xBB\xC2\xB2",  // m·s⁻²
                             "m*s^(-2)"}) {
        INFO("text \"" << text << "\"");
        CHECK(same("m/s^2", text));
    }
    CHECK(same("m\xC2\xB2", "m^2"));  // m²
    CHECK(refused("m/s/s", "m"));
}

TEST_CASE("units: parentheses group products and quotients") {
    CHECK(same("(kg*m)/(s^2)", "N"));
    CHECK(same("(m/s)^2", "m2/s2"));
    CHECK(same("W/(m^2*K)", "W/m^2/K"));
    CHECK(same("1/(1/s)", "s"));
    CHECK(refused("W/(m^2*K)", "W*K/m^2"));
}

TEST_CASE("units: whitespace around names and operators is ignored") {
    CHECK(same("  m / s  ", "m/s"));
    CHECK(same("kg m / s ^ 2", "N"));
    CHECK(same("\tkg *\tm\t/ s ** 2 ", "N"));
    CHECK(same(" ( kg * m ) / ( s ^ 2 ) ", "N"));
    CHECK(same("N m", "J"));
}

TEST_CASE("units: parse errors name the text they could not read") {
    CHECK_THROWS_AS(units::parse("furlong"), std::invalid_argument);
    CHECK_THROWS_WITH(units::parse("m/furlong"), Contains("unknown unit \"furlong\""));
    CHECK_THROWS_WITH(units::parse("m/furlong"), Contains("position 3"));
    CHECK_THROWS_WITH(units::parse("kg#"), Contains("\"#\""));
    CHECK_THROWS_WITH(units::parse("m^x"), Contains("integer exponent"));
    CHECK_THROWS_WITH(units::parse("m^0.5"), Contains("fractional exponent"));
    CHECK_THROWS_WITH(units::parse("(kg*m"), Contains("')' to close"));
    CHECK_THROWS_WITH(units::parse("m/"), Contains("the text ends"));
    CHECK_THROWS_WITH(units::parse("1000 m"), Contains("numeric factor \"1000\""));
    CHECK_THROWS_WITH(units::parse("mmin"), Contains("\"min\" takes no SI prefix"));
    CHECK_THROWS_WITH(units::parse("kdegC"), Contains("takes no SI prefix"));
    CHECK_THROWS_WITH(units::parse("Nm"), Contains("unknown unit \"Nm\""));
    CHECK_THROWS_WITH(units::parse("m^999"), Contains("too large"));
    CHECK_THROWS_AS(units::conversion("m", "bogus"), std::invalid_argument);
    CHECK_THROWS_AS(units::conversion("bogus", "m"), std::invalid_argument);
}

TEST_CASE("units: a space product after a division is refused as ambiguous") {
    CHECK_THROWS_WITH(units::parse("J/kg K"), Contains("ambiguous"));
    CHECK(same("J/(kg K)", "J/kg/K"));
    CHECK(same("J/kg*K", "J*K/kg"));  // explicit '*' reads left to right
}

TEST_CASE("units: describe_dimension lists SI base exponents") {
    CHECK(units::describe_dimension(units::parse("N")) == "m kg s^-2");
    CHECK(units::describe_dimension(units::parse("V")) == "m^2 kg s^-3 A^-1");
    CHECK(units::describe_dimension(units::parse("mol/L")) == "m^-3 mol");
    CHECK(units::describe_dimension(units::parse("%")) == "dimensionless");
    CHECK(units::describe_dimension(units::parse("degC")) == "K");
}

TEST_CASE("units: parse reports scale and exponents") {
    const auto u = units::parse("km/h");
    CHECK(u.scale == Approx(1.0 / 3.6));
    CHECK(u.offset == 0.0);
    CHECK(u.dim == std::array<int8_t, 7>{1, 0, -1, 0, 0, 0, 0});
    CHECK(units::parse("g").scale == Approx(1e-3));
    CHECK(units::parse("kg").scale == 1.0);
}
