// What a run tells whoever watches it. The engine knows nothing of files, terminals, HTTP or MQTT:
// it calls its observers at run and node start and end, for every output produced, for co-simulation
// progress and for log lines (libcosim's observers are the model). The results folder, the manifest,
// the progress line, --progress=jsonl and run.log are observers; a server's live stream or a study's
// collector are more observers, never code inside the loop.
//
// Thread rule: batch nodes run in parallel, so node_started, output_produced, node_finished and log
// may come from several threads at once; an observer protects its own state. run_started and
// run_finished come from the thread that called run, before and after everything else.
#pragma once

#include "plan.hpp"
#include "run_state.hpp"
#include "value.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace dtop {

// How a node ended.
struct NodeResult {
    RunState state = RunState::queued;
    std::string error;  // why, for every state but ok
    double wall_s = 0;  // wall time from start to end (a co-simulation's nodes share one)
};

// A plugin library a run uses, as the manifest names it.
struct LoadedPlugin {
    std::string name, version;
    std::filesystem::path file;
    std::string sha256;  // of the file when it was loaded
};

// What every observer may read during the run (lives as long as the run).
struct RunContext {
    const Plan& plan;
    const std::vector<LoadedPlugin>& plugins;
    const std::vector<std::vector<Value>>& params;  // the values each node runs with, in its plugin's order
    std::filesystem::path results;                  // the results folder; empty if the run writes none
    std::string started;                            // ISO 8601 UTC
    const std::string& node_name(std::size_t i) const { return plan.nodes[i].spec->name; }
};

class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void run_started(const RunContext&) {}
    virtual void node_started(std::size_t /*node*/) {}
    // A batch output, or a stepped output recorded over the co-simulation. partial: the co-simulation
    // ended early (a node failed, or the run was cancelled), so it holds the steps up to then only.
    // May throw: the node then fails with the exception's message (a full disk, say).
    virtual void output_produced(std::size_t /*node*/, std::size_t /*port*/, const Value&, bool /*partial*/) {}
    virtual void node_finished(std::size_t /*node*/, const NodeResult&) {}
    // Simulated time t reached; called every 1,024 steps or so, and once with last = true at the end.
    virtual void cosim_progress(double /*t*/, bool /*last*/) {}
    // level: 0 debug, 1 info, 2 warning, 3 error. node: index, or kNoNode for the run itself.
    virtual void log(int /*level*/, std::size_t /*node*/, const std::string& /*message*/) {}
    virtual void run_finished(RunState) {}

    static constexpr std::size_t kNoNode = static_cast<std::size_t>(-1);
};

}  // namespace dtop
