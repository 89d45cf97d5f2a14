// A text file line by line, read in 1 MiB blocks: memory stays bounded whatever the file size, and a
// line is handed out in place (a view into the block, no copy). Line ends "\n" and "\r\n" are both
// taken; a last line without an end is a line too. Errors are DataErrors naming the file and line.
#pragma once

#include "dtop_support/data_error.hpp"

#include <cstdio>
#include <filesystem>
#include <string_view>
#include <vector>

namespace dtop::support {

class LineReader {
public:
    // Throws DataError naming why the file cannot be read: it does not exist, is a directory, a FIFO
    // or another special file, a symbolic-link loop, or is not readable.
    explicit LineReader(const std::filesystem::path& file);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next line without its end; the view holds until the next call. False at the end of the
    // file. Throws DataError on a read error or a line longer than 64 MiB (that is no text data).
    bool next(std::string_view& line);
    // 1-based number of the line last returned (0 before the first).
    long line() const { return line_; }
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
    std::FILE* f_ = nullptr;
    std::vector<char> buf_;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
    long line_ = 0;
};

}  // namespace dtop::support
