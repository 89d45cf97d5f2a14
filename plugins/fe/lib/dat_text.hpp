// Reading the solvers' printed output (.dat): lines, whitespace-separated tokens, Fortran-style numbers.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dtop::fe {

// A .dat file that does not hold what was expected; says what and where (1-based line).
struct DatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::vector<std::string_view> split_lines(std::string_view text);  // without the line ends ('\r' too)
std::vector<std::string_view> tokens(std::string_view line);
std::string squeezed(std::string_view line);                         // all whitespace removed: "EIGENVALUEOUTPUT"
std::string_view trimmed(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool contains(std::string_view s, std::string_view part);

// "0.2036547E+04", "22999.", "-6.1169E-04", "1.0D+03" -> the value; anything else (including
// Fortran's "*******" for an overflowed field, "NaN" and infinities) -> nullopt.
std::optional<double> number(std::string_view token);
std::optional<long> integer(std::string_view token);

std::string read_text(const std::string& path);  // "" if it cannot be read

}  // namespace dtop::fe
