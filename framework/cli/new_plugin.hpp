// `dtop new-plugin NAME [DIR] [--stepped]`: writes a ready-to-build plugin project.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace dtop::cli {

// Writes a plugin project for the plugin NAME into `dir` (the caller passes ./NAME by default):
// CMakeLists.txt, src/<name_with_underscores>.cpp, README.md, .gitignore and scenario.yaml.
// NAME must be lowercase letters, digits and dashes, starting with a letter; `dir` must not exist or
// be empty. Prints the next steps to `out` and returns 0; on a problem, explains it on `err` and
// returns 1 without writing anything. stepped: a stepped plugin (a low-pass filter) instead of a batch
// one (a series scaled by a factor).
int new_plugin(const std::string& name, const std::filesystem::path& dir, std::ostream& out, std::ostream& err,
               bool stepped = false);

}  // namespace dtop::cli
