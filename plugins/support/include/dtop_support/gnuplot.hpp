// Running gnuplot on a script: found on the PATH (a plugin looks when its node is configured, so
// `dtop validate` already says it is missing), run without a shell from an argument vector in the
// script's folder, in its own process group, under a time limit (process.hpp). What gnuplot printed
// is kept in a log file and handed back line by line. What a failure means (and how it is worded,
// naming the plugin's own parameters) is the caller's: plot checks the PNG it asked for, battery
// only needs gnuplot to have succeeded.
#pragma once

#include "dtop_support/process.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dtop::support {

// The gnuplot on the PATH, if any.
std::optional<std::filesystem::path> find_gnuplot();

// What to say when there is none.
extern const char* const kGnuplotMissing;

struct GnuplotRun {
    ProcessOutcome process;
    std::vector<std::string> messages;  // what gnuplot printed (warnings, errors), non-blank lines
    // Started, exited on its own, exit code 0.
    bool succeeded() const { return process.started && process.exited && process.exit_code == 0; }
};

// Runs `<gnuplot> <script's file name>` in the script's folder; stdout and stderr go to `log`
// (truncated first, left in place: the caller removes it once it is of no more use).
GnuplotRun run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& script,
                       const std::filesystem::path& log, double time_limit);

// The last n of `messages`, each on a line of its own indented by two spaces ("\n  line 3: ...").
std::string message_tail(const std::vector<std::string>& messages, std::size_t n);

}  // namespace dtop::support
