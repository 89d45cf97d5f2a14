// `dtop run` in a supervised child process (architecture note, "One supervisor"): plugins only ever
// run in the child; if it dies (segfault, abort, stack overflow, SIGKILL) the parent finishes the
// run's manifest (status crashed, the signal, the running nodes, the log tail) and exits with 3;
// SIGINT/SIGTERM to the parent cancel the run (the child gets SIGTERM, then SIGKILL) with exit code 4.
#pragma once

#include "cli.hpp"

#include <filesystem>
#include <functional>

namespace dtop::cli {

// Everything `dtop run` does after its option checks; calls on_results_dir with the results folder
// as soon as it is claimed.
using RunBody = std::function<int(const std::function<void(const std::filesystem::path&)>& on_results_dir)>;

// Runs `body` in a supervised child and returns the run's exit code: the child's own, or 3 (crashed)
// or 4 (cancelled) after finishing the manifest. Must be called before any plugin is loaded (fork
// without exec from a single-threaded process).
int run_supervised(const Options& o, const RunBody& body);

// The internal switch DTOP_NO_SUPERVISOR=1: the run in this process, unsupervised. Only for the
// benchmark that measures what supervision costs; a crash then takes dtop down with the manifest
// left `running`.
bool supervision_disabled();

}  // namespace dtop::cli
