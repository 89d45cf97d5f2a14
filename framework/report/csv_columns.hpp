// Reading back an output CSV that dtop wrote (results.cpp, to_csv): a header of "name (unit)" cells,
// then rows of numbers. For the run report, which charts and tabulates them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dtop::report {

struct CsvColumns {
    std::vector<std::string> names, units;
    std::vector<std::vector<double>> columns;  // one vector per header cell; an empty cell is NaN
    std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
};

// "dotx1 (m/s)" -> {"dotx1", "m/s"}; "c1" -> {"c1", ""}.
std::pair<std::string, std::string> split_header_cell(const std::string& cell);

// Throws std::runtime_error if the file cannot be read or a cell is not a number.
CsvColumns read_csv_columns(const std::filesystem::path& file);

}  // namespace dtop::report
