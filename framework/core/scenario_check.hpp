// Checks a parsed scenario against the plugins' descriptions, reporting every problem in one pass:
// unknown plugins, parameters (with "did you mean"), types, ranges, missing inputs, unknown ports,
// kind and unit mismatches, missing clock, cycles among batch nodes. Uses only the descriptions, so
// no plugin library is loaded.
#pragma once

#include "plan.hpp"
#include "registry.hpp"

namespace dtop {

// Returns the plan; it is complete only if diags stayed empty.
Plan check_scenario(Scenario scenario, Registry& registry, Diagnostics& diags);

// Converts a YAML parameter value to the parameter's kind and unit; on failure returns nullopt and
// sets `why` to what was expected. `scenario_dir` anchors relative paths.
std::optional<Value> param_value(const ParamDesc& p, const YAML::Node& v, const std::filesystem::path& scenario_dir,
                                 std::string& why);

}  // namespace dtop
