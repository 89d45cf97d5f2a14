// Runs a checked scenario (a Plan). Three phases:
//  1. prepare: load the plugins the scenario uses (only those), create one instance per node, set
//     parameters and configure. Any error here stops the run before anything ran, with every
//     problem reported at its place in the scenario.
//  2. batch nodes that the co-simulation needs, in dependency order; independent ones in parallel.
//  3. the co-simulation of the stepped nodes, then the batch nodes that need its results.
// Communication-step semantics: at t_k = start + k*step (k = 0..N) every stepped node, in step order,
// reads its inputs at t_k, sets its outputs at t_k and advances its state to t_{k+1}. An input wired
// against the step order (a feedback loop) reads the value its source set at t_{k-1} (0 at k = 0).
#pragma once

#include "plan.hpp"
#include "registry.hpp"
#include "reporter.hpp"

#include <filesystem>
#include <functional>
#include <optional>

namespace dtop {

struct RunOptions {
    std::optional<std::filesystem::path> out;  // --out
    bool overwrite = false;
    unsigned jobs = 0;  // parallel batch nodes; 0: number of cores
    std::vector<std::string> command_line;
    // Called with the results folder right after it is claimed, before any node runs (the supervised
    // `dtop run` passes it to its parent, which finishes the manifest if the engine process dies).
    std::function<void(const std::filesystem::path&)> on_results_dir;
};

struct RunOutcome {
    int exit_code = 0;  // 0 ok, 1 invalid scenario (nothing ran), 2 a node failed
    std::filesystem::path results;
    Diagnostics problems;  // for exit code 1
};

RunOutcome run_plan(Plan& plan, Registry& registry, Reporter& reporter, const RunOptions& options);

// Phase 1 alone (load the scenario's plugins, set parameters, configure), for `dtop validate`: the
// plugins' own checks of their parameters, each at the parameter's place in the scenario.
Diagnostics check_plugins(Plan& plan, Registry& registry);

extern const char* const kDtopVersion;

}  // namespace dtop
