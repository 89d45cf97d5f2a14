// `dtop run --print node.port`: an output file shown on the terminal, CSV and tables of records
// as aligned columns.
#pragma once

#include <filesystem>
#include <iosfwd>

namespace dtop::cli {

// A .csv output as an aligned table (the first 40 rows), anything else (JSON) as a table of records
// or as indented JSON.
void print_output(const std::filesystem::path& file, std::ostream& out);

}  // namespace dtop::cli
