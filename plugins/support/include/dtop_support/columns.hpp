// Chosen columns of a delimited file, read whole into memory: for the small files a plugin takes in
// at once (a measured response to identify a model from, a table of settings). Read with
// DelimitedReader, so the same formats and the same located errors; for files of any size, stream
// with DelimitedReader itself.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dtop::support {

struct Columns {
    std::vector<std::string> names;           // as asked for
    std::vector<std::string> units;           // from the header; empty where it gives none
    std::vector<std::vector<double>> values;  // values[k][r]: column names[k], data row r
    std::vector<long> lines;                  // lines[r]: the file's line of data row r, for messages
    std::vector<long> columns;                // columns[k]: where column k starts in the header line

    std::size_t rows() const { return lines.size(); }
};

// The columns of these names (in this order; separator as in DelimitedReader: 0 detects it).
// Throws DataError: no such column (line 1, listing the columns there are), a value that is not a
// finite number (line and column), a ragged row, or no data rows after the header.
Columns read_columns(const std::filesystem::path& file, const std::vector<std::string>& names, char separator = 0);

}  // namespace dtop::support
