// A checked scenario, ready to run: every node resolved to its plugin, every parameter to a typed
// value in the parameter's own unit, every wire to an edge with its unit conversion, and the order
// in which nodes run. Built by check_scenario (scenario_check.hpp).
#pragma once

#include "plugin_desc.hpp"
#include "scenario.hpp"
#include "units.hpp"
#include "value.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dtop {

struct PlannedParam {
    Value value;
    Location at;        // where it was set; the node's location when it is the default
    bool is_default = false;
};

struct PlannedNode {
    const NodeSpec* spec = nullptr;
    PluginDesc desc;
    bool stepped = false;
    std::vector<PlannedParam> params;  // one per plugin parameter, in the plugin's order
    bool params_ok = true;             // every parameter has a valid value (else never configured)
};

struct Edge {
    std::size_t from_node = 0, from_port = 0;
    std::size_t to_node = 0, to_port = 0;
    Location at;          // the input wiring in the scenario
    std::string to_unit;  // the consumer port's unit ("*": any, no conversion)
    bool collect = false;   // stepped output into a batch series input: the host records it
    bool feedback = false;  // stepped edge against the step order: reads the previous step's value
    std::vector<std::string> channels;  // `channels:` on the wire: these channels only, in this order
    Location channels_at;
};

struct Plan {
    Scenario scenario;
    std::vector<PlannedNode> nodes;
    std::vector<Edge> edges;
    std::vector<std::size_t> batch_before;  // batch nodes before the co-simulation, in dependency order
    std::vector<std::size_t> batch_after;   // batch nodes that need co-simulation results
    std::vector<std::size_t> step_order;    // stepped nodes, in the order they step
    bool has_stepped() const { return !step_order.empty(); }
};

// Each node's incoming and outgoing edges (indices into Plan::edges, in plan order), so that the
// engine finds a node's wires without looking through all of them: linear in large plans.
struct EdgeIndex {
    std::vector<std::vector<std::size_t>> into, out_of;
    explicit EdgeIndex(const Plan& plan) : into(plan.nodes.size()), out_of(plan.nodes.size()) {
        for (std::size_t k = 0; k < plan.edges.size(); ++k) {
            into[plan.edges[k].to_node].push_back(k);
            out_of[plan.edges[k].from_node].push_back(k);
        }
    }
};

}  // namespace dtop
