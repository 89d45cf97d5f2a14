// Streaming reader of numeric delimited text: comma, semicolon or tab separated, one header row
// whose cells may carry units ("dotx1 (m/s)" or "dotx1 [m/s]", header.hpp), then rows of numbers.
// Memory stays bounded whatever the file size: it reads in 1 MiB blocks (line_reader.hpp) and parses
// rows in place (std::from_chars, "C" locale always). Every problem is a DataError that names the
// file, line and column and says what was expected.
//
// Typical use (columns chosen by name; only those are converted):
//
//     DelimitedReader r(path);                         // separator detected from the header
//     const auto cols = r.select({"t", "force"});      // DataError if the header lacks one
//     const std::string& unit = r.units()[cols[1]];    // "N" for a header cell "force (N)"
//     std::vector<double> row(r.names().size());
//     while (r.next(row.data())) use(row[cols[0]], row[cols[1]]);
//
// To put a check of your own on a value with its place: DataError(r.file(), r.line(),
// r.field_column(index), "..."). For a small file read at once, see columns.hpp.
#pragma once

#include "dtop_support/data_error.hpp"
#include "dtop_support/header.hpp"
#include "dtop_support/line_reader.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace dtop::support {

class DelimitedReader {
public:
    // separator: ',', ';', '\t', or 0 to detect it from the header (detect_separator). Reads the
    // header. Throws DataError (missing or empty file, a header cell without a name).
    explicit DelimitedReader(const std::filesystem::path& file, char separator = 0);

    // The header's cells: names and units (empty where none is given), one per column.
    const std::vector<std::string>& names() const { return names_; }
    const std::vector<std::string>& units() const { return units_; }
    // 1-based character position of column `index`'s cell in the header line (line 1).
    long header_column(std::size_t index) const { return index < header_columns_.size() ? header_columns_[index] : 0; }
    char separator() const { return separator_; }
    // Index of a column by name, or -1.
    int column(const std::string& name) const;
    // Index of a column by name; throws DataError(file, 1, 0, "no column '<name>' in the header (it
    // has: a, b, c)") when there is none.
    std::size_t require_column(const std::string& name) const;
    // The columns of these names, in this order (require_column each); from now on only they are
    // converted (convert_only). Returns their indices into a row.
    std::vector<std::size_t> select(const std::vector<std::string>& names);

    // Reads the next data row into row[0..names().size()). False at the end of the file. Throws
    // DataError on a ragged row or a converted field that is not a finite number ("nan" and "inf"
    // are no data). Empty lines are skipped.
    bool next(double* row);
    // Only these columns are converted (and checked to be numbers) from now on; the others are
    // skipped (row[i] keeps what it held), but every row must still have all the header's fields.
    // Empty: all columns.
    void convert_only(std::vector<bool> wanted) { wanted_ = std::move(wanted); }
    // The line number of the row last returned (1-based, header = 1).
    long line() const { return lines_.line(); }
    // 1-based column (character position) where field `index` of the last row starts.
    long field_column(std::size_t index) const { return index < starts_.size() ? starts_[index] : 0; }
    const std::filesystem::path& file() const { return lines_.file(); }

private:
    LineReader lines_;
    char separator_ = ',';
    std::vector<std::string> names_, units_;
    std::vector<long> header_columns_;
    std::vector<long> starts_;
    std::vector<bool> wanted_;
};

}  // namespace dtop::support
