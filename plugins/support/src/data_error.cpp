#include "dtop_support/data_error.hpp"

namespace dtop::support {

DataError::DataError(const std::filesystem::path& file_, long line_, long column_, const std::string& problem_)
    : std::runtime_error(file_.string() + (line_ > 0 ? ":" + std::to_string(line_) : "") +
                         (column_ > 0 ? ":" + std::to_string(column_) : "") + ": " + problem_),
      file(file_),
      line(line_),
      column(column_),
      problem(problem_) {}

}  // namespace dtop::support
