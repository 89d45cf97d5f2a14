// A problem in a data file, located: "<file>:<line>:<column>: <problem>" (line and column 1-based;
// either is left out of the text when 0). The parts stay readable on their own, so that a plugin can
// put the message under a parameter's name (dtop::ParamError("file", e.what())) or word it anew.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace dtop::support {

struct DataError : std::runtime_error {
    DataError(const std::filesystem::path& file, long line, long column, const std::string& problem);

    std::filesystem::path file;
    long line = 0;
    long column = 0;
    std::string problem;  // the message without its location
};

}  // namespace dtop::support
