// Runs a checked scenario (a Plan).
//   prepare:  PreparedRun loads the plugins the plan uses (only those), once.
//   run:      each run creates the nodes' instances, sets their parameters (the plan's, or other
//             values checked like --set) and configures them; any problem stops the run before
//             anything ran, every problem at its place in the scenario. Then the batch nodes the
//             co-simulation needs (a ready queue, independent ones in parallel), the co-simulation of
//             the stepped nodes, and the batch nodes that need its results.
// A run tells observers (run_events.hpp) what happens; the results folder, the manifest, the progress
// line and run.log are observers, so a run can also write nothing (a study's in-memory variant).
// Communication-step semantics: at t_k = start + k*step (k = 0..N) every stepped node, in step order,
// reads its inputs at t_k, sets its outputs at t_k and advances its state to t_{k+1}. An input wired
// against the step order (a feedback loop) reads the value its source set at t_{k-1} (0 at k = 0).
#pragma once

#include "plan.hpp"
#include "registry.hpp"
#include "reporter.hpp"
#include "run_events.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

namespace dtop {

// Paces a co-simulation to wall time: the real-time clock of a live run plugs in here. The loop calls
// before_step(t) before the nodes step at t; it may block until wall time catches up.
class Pacer {
public:
    virtual ~Pacer() = default;
    virtual void start(double t_start) = 0;
    virtual void before_step(double t) = 0;
};

struct RunOptions {
    // Results folder. write_results = false: no folder, no files (observers see everything).
    bool write_results = true;
    std::optional<std::filesystem::path> out;  // --out
    bool overwrite = false;
    std::vector<std::string> command_line;     // for the manifest
    // Called once the results folder is claimed, before any node runs (the supervisor's parent
    // learns it there).
    std::function<void(const std::filesystem::path&)> on_results_dir;

    unsigned jobs = 0;  // batch nodes at once; 0: the number of cores
    // The first NaN or Inf a stepped node outputs fails it (node, port, channel, time). Costs one sum
    // per step.
    bool check_finite_stepped = true;
    bool check_finite_batch = false;  // --check-finite: every batch output too
    const std::atomic<bool>* cancel = nullptr;  // set: nodes not started are skipped, the co-simulation stops
    Pacer* pacer = nullptr;                     // none: as fast as it goes
    std::vector<RunObserver*> observers;        // told of everything, besides the results writer
};

// Exit codes of `dtop run` (architecture note): 0 ok; 1 invalid input, nothing ran; 2 a node failed;
// 3 crashed (set by the supervisor); 4 cancelled or interrupted.
struct RunOutcome {
    int exit_code = 0;
    RunState state = RunState::ok;
    std::filesystem::path results;
    Diagnostics problems;            // for exit code 1
    std::vector<NodeResult> nodes;   // in the plan's order
};

// One parameter of one node set to another value for a run.
struct ParamOverride {
    std::size_t node = 0, param = 0;
    Value value;
};

// A plan with its plugins loaded, ready to run any number of times.
class PreparedRun {
public:
    PreparedRun(const Plan& plan, Registry& registry);
    ~PreparedRun();

    const Plan& plan() const { return plan_; }
    // Problems loading the plugins (at each node's `plugin:`); a run with any does nothing.
    const Diagnostics& load_problems() const { return load_problems_; }

    // "node.param" set to `value` (YAML text with its unit, as --set takes it), checked for type, unit
    // and range against the plugin's declaration. nullopt and a problem in `d` if it does not pass.
    std::optional<ParamOverride> parameter(const std::string& node_param, const std::string& value, Diagnostics& d) const;

    // The plugins' own checks of the parameters (configure), each at its place in the scenario.
    Diagnostics check(const std::vector<ParamOverride>& overrides = {});

    // One run; `reporter` (may be null) gets the progress, log lines and run.log.
    RunOutcome run(const RunOptions& options, Reporter* reporter, const std::vector<ParamOverride>& overrides = {});

private:
    struct Loaded;
    const Plan& plan_;
    Diagnostics load_problems_;
    std::unique_ptr<Loaded> loaded_;
};

// Prepare and run once (what `dtop run` does).
RunOutcome run_plan(const Plan& plan, Registry& registry, Reporter& reporter, const RunOptions& options);

// The plugins' own checks alone, for `dtop validate`.
Diagnostics check_plugins(const Plan& plan, Registry& registry);

extern const char* const kDtopVersion;

}  // namespace dtop
