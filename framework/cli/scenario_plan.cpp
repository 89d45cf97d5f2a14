// Loading a scenario into a checked Plan, for validate and run.
#include "scenario_plan.hpp"

#include "engine.hpp"
#include "scenario_check.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace dtop::cli {

void add_scenario_arguments(CLI::App& command, Options& o) {
    command.add_option("scenario", o.args, "the scenario file")->expected(0, 1)->type_name("SCENARIO.yaml");
    command.add_option("--set", o.sets, "override a parameter (repeatable); V is YAML: 3, 2.5 mm, [1, 2]")
        ->allow_extra_args(false)
        ->type_name("node.param=V");
}

Registry make_registry(const Options& o) {
    // A directory named on the command line or in DTOP_PLUGIN_PATH that does not exist is most
    // likely a typo: say so (the default directory beside dtop is not checked).
    std::vector<std::string> named = o.plugin_path;
    if (const char* env = std::getenv("DTOP_PLUGIN_PATH")) named.emplace_back(env);
    for (const auto& entry : named) {
        std::stringstream dirs(entry);
        for (std::string dir; std::getline(dirs, dir, ':');) {
            std::error_code ec;
            if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
                std::cerr << "dtop: warning: plugin path " << dir << " is not a directory (ignored)\n";
        }
    }
    return Registry(Registry::search_path(o.plugin_path));
}

void warn_skipped_libraries(Registry& reg) {
    for (const auto& f : reg.failures()) std::cerr << "dtop: warning: skipped " << f.reason << '\n';
}

std::optional<Plan> load_plan(const Options& o, Registry& reg, bool static_only) {
    Diagnostics d;
    Scenario s = parse_scenario_file(o.args[0], d);
    if (!s.nodes.empty())
        for (std::size_t i = 0; i < o.sets.size(); ++i) apply_override(s, o.sets[i], static_cast<int>(i + 1), d);
    Plan plan = check_scenario(std::move(s), reg, d);
    warn_skipped_libraries(reg);
    for (const auto& ref : o.prints) {
        const auto dot = ref.rfind('.');
        const PlannedNode* node = nullptr;
        for (const auto& n : plan.nodes)
            if (dot != std::string::npos && n.spec->name == ref.substr(0, dot)) node = &n;
        const PortDesc* port = node ? node->desc.port(ref.substr(dot + 1)) : nullptr;
        if (!port || port->is_input())
            d.error({"--print " + ref, 0, 0}, "expected node.output_port of a node in the scenario");
    }
    if (!static_only) {
        const Diagnostics plugin_checks = check_plugins(plan, reg);
        for (const auto& problem : plugin_checks.list()) d.error(problem.where, problem.message);
    }
    if (!d.empty()) {
        std::cerr << d.format() << d.size() << (d.size() == 1 ? " problem" : " problems") << " in " << o.args[0] << '\n';
        return std::nullopt;
    }
    return plan;
}

}  // namespace dtop::cli
