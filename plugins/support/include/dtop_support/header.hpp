// The header row of delimited text: which separator it uses (comma, semicolon or tab), and its
// cells as a name and a unit, "dotx1 (m/s)" or "dotx1 [m/s]".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dtop::support {

// Whichever of ',', ';', '\t' the line holds most (the first of them on a tie); ',' when it holds
// none (a file of one column).
char detect_separator(std::string_view header);

struct Heading {
    std::string name;  // "dotx1"
    std::string unit;  // "m/s"; empty when the cell gives none
    long column = 0;   // 1-based character position where the cell starts in the header line
};

// One header cell: "name (unit)" or "name [unit]" when the cell ends with the closing bracket (the
// last opening one starts the unit), else the whole cell is the name. Spaces, tabs, CRs and double
// quotes around the cell, the name and the unit are dropped. The name may come out empty.
Heading parse_heading(std::string_view cell);

// A header line split at `separator`, every cell parsed. Throws DataError(file, line, column,
// "empty column name in the header") for a cell without a name.
std::vector<Heading> parse_header(std::string_view line, char separator, const std::filesystem::path& file, long line_number);

}  // namespace dtop::support
