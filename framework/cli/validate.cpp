// dtop validate SCENARIO: the scenario checked (and, unless --static, the plugins' own checks of
// their parameters); every problem with file:line:column, exit code 1.
#include "cli.hpp"

#include "scenario_plan.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace dtop::cli {

Command add_validate_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("validate",
                                  "check a scenario and the plugins' own parameter checks; every problem with "
                                  "file:line:column (exit 1)");
    add_scenario_arguments(*c, o);
    c->add_flag("--static", o.static_only, "without loading any plugin (descriptions only)");
    return {c, "validate <scenario.yaml> [--set node.param=value]", 1, validate};
}

int validate(const Options& o) {
    Registry reg = make_registry(o);
    auto plan = load_plan(o, reg, o.static_only);
    if (!plan) return 1;
    std::size_t stepped = 0;
    for (const auto& n : plan->nodes) stepped += n.stepped;
    if (o.verbosity != Verbosity::quiet)
        std::cout << o.args[0] << ": ok (" << plan->nodes.size() << " nodes, " << stepped << " stepped, "
                  << plan->edges.size() << " wires)\n";
    return 0;
}

}  // namespace dtop::cli
