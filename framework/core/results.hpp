// The results directory of one run: every output as CSV (series, tables, arrays) or JSON (scalars,
// text, structured), the manifest, and the log. Every file is written to a temporary name and
// renamed into place, so a reader (or a crash) never sees half a file.
#pragma once

#include "value.hpp"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace dtop {

// The directory a run writes to: --out DIR if given (refused if it exists and is not empty, unless
// overwrite), else results/<scenario>-<date>-<time>[-N] under the current directory. Creates it.
// Throws std::runtime_error with a message for the user.
std::filesystem::path make_results_dir(const std::optional<std::filesystem::path>& out, bool overwrite,
                                       const std::string& scenario_name);

// Writes `content` to `file` atomically (temporary file in the same folder, then rename).
void write_atomic(const std::filesystem::path& file, const std::string& content);

// "t (s),dotx1 (m/s)" headers and full-precision numbers; the same format the replay plugin reads.
std::string to_csv(const Value& v);
nlohmann::json to_json(const Value& v);
// The content of a .json output file.
std::string json_file_text(const Value& v);
// File name for an output: <node>.<port>.csv or .json.
std::string output_file_name(const std::string& node, const std::string& port, const Value& v);

}  // namespace dtop
