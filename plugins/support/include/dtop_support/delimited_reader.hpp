// Streaming reader of numeric delimited text (comma, semicolon or tab) with one header row whose cells
// may carry units: "dotx1 (m/s)" or "dotx1 [m/s]". Memory stays bounded whatever the file size: it
// reads in 1 MiB blocks and parses rows in place (std::from_chars). Every problem is a DataError that
// names the file, line and column and says what was expected.
#pragma once

#include "dtop_support/data_error.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace dtop::support {

class DelimitedReader {
public:
    // delimiter: ',', ';', '\t', or 0 to detect it from the header. Throws DataError (missing or
    // empty file, no header).
    explicit DelimitedReader(const std::filesystem::path& file, char delimiter = 0);
    ~DelimitedReader();
    DelimitedReader(const DelimitedReader&) = delete;
    DelimitedReader& operator=(const DelimitedReader&) = delete;

    const std::vector<std::string>& names() const { return names_; }
    const std::vector<std::string>& units() const { return units_; }
    char delimiter() const { return delimiter_; }
    // Index of a column by name, or -1.
    int column(const std::string& name) const;

    // Reads the next data row into row[0..columns). False at the end of the file. Throws DataError on
    // a ragged row or a field that is not a number. Blank lines are skipped.
    bool next(double* row);
    // Only these columns are converted (and checked to be numbers) from now on; the others are
    // skipped, but every row must still have all the header's fields. Empty: all columns.
    void convert_only(std::vector<bool> wanted) { wanted_ = std::move(wanted); }
    // The line number of the row last returned (1-based, header = 1).
    long line() const { return line_; }
    // 1-based column (character position) where field `index` of the last row starts.
    long field_column(std::size_t index) const { return index < starts_.size() ? starts_[index] : 0; }
    const std::filesystem::path& file() const { return file_; }

private:
    bool read_line(const char*& begin, const char*& end);  // the next line, without its newline
    std::filesystem::path file_;
    std::FILE* f_ = nullptr;
    std::vector<char> buf_;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
    long line_ = 0;
    char delimiter_ = ',';
    std::vector<std::string> names_, units_;
    std::vector<long> starts_;
    std::vector<bool> wanted_;
};

}  // namespace dtop::support
