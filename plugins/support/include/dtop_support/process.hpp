// Running an external program under a time limit: started from an argument vector (never through a
// shell), in its own process group and working folder, stdout and stderr into one log file. At the
// limit the whole group is ended (SIGTERM, then SIGKILL after a grace period), so a solver's
// helper processes go with it. Nothing a user typed reaches a shell: each argument is one argv entry.
// Used by the FE adapter (CalculiX, ABAQUS) and, through gnuplot.hpp, by plot and battery.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dtop::support {

struct ProcessSpec {
    std::vector<std::string> argv;  // argv[0]: the program's path
    std::filesystem::path cwd;
    std::filesystem::path log;      // stdout and stderr, truncated first
    double time_limit = 60;         // s
    double grace = 2;               // s between SIGTERM and SIGKILL
};

struct ProcessOutcome {
    bool started = false;
    std::string start_error;  // why it did not start
    bool exited = false;      // exited on its own (exit_code is valid)
    int exit_code = -1;
    int signal = 0;           // the signal that ended it, if any
    bool timed_out = false;   // the time limit ended it
    bool group_left_over = false;  // processes of its group outlived it and were ended
    double seconds = 0;       // wall time from start to the end of the group
};

ProcessOutcome run_process(const ProcessSpec& spec);

// A program's path: `name` itself if it holds a '/', else the first executable `name` on PATH.
std::optional<std::filesystem::path> find_executable(const std::string& name);

}  // namespace dtop::support
