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

// An exclusive lock on a results folder, held while a run writes into it (released when destroyed).
class ResultsDirLock {
public:
    ResultsDirLock() = default;
    explicit ResultsDirLock(int fd) : fd_(fd) {}
    ResultsDirLock(ResultsDirLock&& other) noexcept;
    ResultsDirLock& operator=(ResultsDirLock&& other) noexcept;
    ResultsDirLock(const ResultsDirLock&) = delete;
    ~ResultsDirLock();

private:
    int fd_ = -1;
};

struct ClaimedResultsDir {
    std::filesystem::path path;
    ResultsDirLock lock;
};

// The directory a run writes to, created if needed and locked for the run: --out DIR if given
// (refused if another run holds it, or if it is not empty, unless overwrite: then only when it holds
// an earlier run whose manifest lists every file there, and only those files are removed), else
// results/<scenario>-<date>-<time>[-N] under the current directory, created exclusively.
// Throws std::runtime_error with a message for the user.
ClaimedResultsDir claim_results_dir(const std::optional<std::filesystem::path>& out, bool overwrite,
                                    const std::string& scenario_name);

// Writes `content` to `file` atomically (temporary file in the same folder, then rename).
// Refuses (throws) to replace anything that is not a regular file (a device, FIFO, symlink, folder);
// on failure (a full disk) the temporary file is removed and the message says why (strerror).
void write_atomic(const std::filesystem::path& file, const std::string& content);
// ".<name>.tmp<pid>": the temporary names write_atomic uses.
bool is_temporary_name(const std::string& file_name);

// "t (s),dotx1 (m/s)" headers and full-precision numbers; the same format the replay plugin reads.
std::string to_csv(const Value& v);
nlohmann::json to_json(const Value& v);
// The content of a .json output file.
std::string json_file_text(const Value& v);
// File name for an output: <node>.<port>.csv or .json.
std::string output_file_name(const std::string& node, const std::string& port, const Value& v);

}  // namespace dtop
