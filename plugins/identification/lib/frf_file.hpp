// Measured frequency responses from delimited text: one row per frequency line, the frequency first,
// then one complex value per output (as Python writes them, "0.5-0.1j", or as pairs of real and
// imaginary columns). The quantity (receptance, mobility, accelerance) and its unit are stated by the
// caller, so g/N and (m/s^2)/N both read right; values are returned in SI units. Every problem names
// the file, line and column and what was expected. Lines and fields come from the plugin-support
// library (line_reader.hpp, fields.hpp), as every delimited reader of the plugins does.
#pragma once

#include "chain_model.hpp"

#include <dtop_support/data_error.hpp>

#include <Eigen/Core>

#include <complex>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace dtop::identification {

// The plugin-support library's located error: "file:line:column: problem".
using FrfFileError = dtop::support::DataError;

enum class ComplexFormat { python, pairs };

struct FrfFileOptions {
    char separator = ';';
    ComplexFormat format = ComplexFormat::python;
    Quantity quantity = Quantity::accelerance;
    std::string unit = "(m/s^2)/N";
    int header_lines = 0;  // lines skipped before the data
};

struct MeasuredFrf {
    Eigen::VectorXd f_hz;
    Eigen::MatrixXcd H;  // lines x outputs, SI: m/N, (m/s)/N or (m/s^2)/N
    Quantity quantity = Quantity::accelerance;
};

// The SI factor of a unit for a quantity; throws std::invalid_argument listing the accepted units.
double unit_factor(Quantity q, const std::string& unit);
Quantity quantity_from_name(const std::string& name);  // receptance|mobility|accelerance
const char* quantity_name(Quantity q);
const char* si_unit(Quantity q);

// Parses "a+bj", "a-bj", "(a+bj)", "bj", "a"; false if the text is none of these.
bool parse_complex(const char* begin, const char* end, std::complex<double>& out);

MeasuredFrf read_frf_file(const std::filesystem::path& file, const FrfFileOptions& options);

// The same FRF as another quantity (divides or multiplies by (j w)^k).
Eigen::MatrixXcd convert(const Eigen::VectorXd& f_hz, const Eigen::MatrixXcd& H, Quantity from, Quantity to);

}  // namespace dtop::identification
