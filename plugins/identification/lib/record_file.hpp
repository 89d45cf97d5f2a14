// A time record from delimited text (the plugin-support library's read_columns): the time, the
// floors' velocities and the force, by column name. For tools and tests; the plugins take records as
// series from replay nodes.
#pragma once

#include "record_fit.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dtop::identification {

// Throws dtop::support::DataError (file, line, column) for a missing column, a bad value, a time step
// that is not uniform.
Record read_record(const std::filesystem::path& file, const std::vector<std::string>& velocities = {"dotx1", "dotx2", "dotx3"},
                   const std::string& force = "fp", const std::string& time = "t");

}  // namespace dtop::identification
