// After a run's engine process ended abnormally (crashed, killed, cancelled), the supervising parent
// finishes what the engine could not: the run's manifest.json gets its final status, the signal, the
// node states and the tail of run.log. Everything the engine had written stays.
#pragma once

#include "supervisor.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace dtop {

struct AbnormalEnd {
    std::string status;  // the run's final status: "crashed" or "cancelled"
    ChildEnd end;        // how the engine process ended
    pid_t engine_pid = 0;
};

// Rewrites <results>/manifest.json (atomically): status, finished, the signal, engine_pid, a
// log_tail (last lines of run.log); nodes that were running become `status` (crashed or cancelled),
// nodes never started become skipped. Without a manifest (the engine died before writing its first),
// writes a minimal one. Returns the names of the nodes that were running.
std::vector<std::string> finish_abnormal_run(const std::filesystem::path& results, const AbnormalEnd& how);

// The last `lines` lines of a text file (fewer if it is shorter; none if it cannot be read).
std::vector<std::string> tail_lines(const std::filesystem::path& file, std::size_t lines);

}  // namespace dtop
