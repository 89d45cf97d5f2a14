// One run of a prepared plan while it runs: the nodes' instances, their states and outputs, and the
// observers told of every change. The batch nodes and the co-simulation both work through it
// (engine internals; the public face is engine.hpp).
#pragma once

#include "engine.hpp"
#include "plugin_library.hpp"
#include "run_events.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace dtop {

class RunCore {
public:
    RunCore(const Plan& plan, std::vector<std::unique_ptr<Instance>>& instances, std::vector<RunObserver*> observers,
            const RunOptions& options);

    const Plan& plan() const { return plan_; }
    const EdgeIndex& edge_index() const { return edge_index_; }
    const RunOptions& options() const { return options_; }
    const std::string& name(std::size_t i) const { return plan_.nodes[i].spec->name; }
    const PortDesc& port(std::size_t node, std::size_t p) const { return plan_.nodes[node].desc.ports[p]; }
    Instance& instance(std::size_t i) { return *instances_[i]; }
    const std::vector<RunObserver*>& observers() const { return observers_; }

    // Node states; every change is told to the observers.
    void start(std::size_t i);
    void end(std::size_t i, RunState state, const std::string& error, double wall_s);
    RunState state(std::size_t i) const;
    std::vector<NodeResult> results() const;

    // Hands a node its batch inputs from the outputs of its producers. False (and the node ended
    // `skipped`) if a producer did not deliver.
    bool feed_batch_inputs(std::size_t i);
    // Reads every batch output of a node that ran, checks it against its port and publishes it.
    // Throws std::runtime_error: the node failed.
    void collect_batch_outputs(std::size_t i);
    // Keeps an output for its consumers and tells the observers (who may throw: the node fails).
    void publish(std::size_t i, std::size_t p, Value v, bool partial);

    void log(int level, std::size_t i, const std::string& message);
    void cosim_progress(double t, bool last);
    bool cancel_requested() const { return options_.cancel && options_.cancel->load(std::memory_order_relaxed); }

private:
    const Value* output(std::size_t i, std::size_t p) const;
    bool consumed(std::size_t node, std::size_t p) const;

    const Plan& plan_;
    const EdgeIndex edge_index_;
    std::vector<std::unique_ptr<Instance>>& instances_;
    std::vector<RunObserver*> observers_;
    const RunOptions& options_;
    mutable std::mutex mutex_;
    std::vector<NodeResult> nodes_;
    std::vector<std::map<std::size_t, Value>> outputs_;
};

// The first non-finite number in a value's data, as "channel 'y' has NaN at sample 12 (t = 0.12)";
// "" when every number is finite.
std::string first_non_finite(const Value& v);

}  // namespace dtop
