// What validate and run share: the scenario argument and --set, the plugin registry, and loading a
// scenario into a checked Plan with every problem printed at its place.
#pragma once

#include "cli.hpp"
#include "plan.hpp"
#include "registry.hpp"

#include <optional>

namespace dtop::cli {

// The scenario file argument and --set node.param=value (repeatable).
void add_scenario_arguments(CLI::App& command, Options& o);

Registry make_registry(const Options& o);  // warns about plugin path entries that are not directories
// One warning line per library on the search path that was skipped, naming it and why.
void warn_skipped_libraries(Registry& reg);

// Parses, applies --set overrides and checks a scenario against the plugins' descriptions (and the
// --print references), then, unless static_only, has the plugins check their parameters (every node
// whose parameters are valid). Prints every problem at once; returns the plan only if there were none.
std::optional<Plan> load_plan(const Options& o, Registry& reg, bool static_only);

}  // namespace dtop::cli
