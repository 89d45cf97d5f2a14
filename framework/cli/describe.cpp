// dtop describe PLUGIN [--json]: a plugin's parameters and ports, from its description.
#include "cli.hpp"

#include "scenario_plan.hpp"
#include "text_table.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

namespace dtop::cli {

namespace {

std::string port_kind(const PortDesc& p) {
    std::string k = std::string(p.is_stepped() ? "stepped " : "") + kind_name(p.kind);
    if (p.is_stepped() && p.kind == DTOP_KIND_REAL_ARRAY) k += p.width ? "[" + std::to_string(p.width) + "]" : "[n]";
    return k;
}

}  // namespace

Command add_describe_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("describe", "a plugin's parameters and ports");
    c->add_option("plugin", o.args, "the plugin's name")->expected(0, 1)->type_name("PLUGIN");
    c->add_flag("--json", o.json, "machine-readable output");
    return {c, "describe <plugin> [--json]", 1, describe};
}

int describe(const Options& o) {
    Registry reg = make_registry(o);
    const PluginEntry* p = reg.find(o.args[0]);
    warn_skipped_libraries(reg);
    if (!p) {
        std::cerr << "dtop: no plugin named '" << o.args[0] << "'" << did_you_mean(o.args[0], reg.names()) << "; "
                  << reg.found_summary() << '\n';
        return 1;
    }
    const PluginDesc& d = p->desc;
    if (o.json) {
        auto j = to_json(d);
        j["file"] = p->file.string();
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    std::cout << d.name << ' ' << d.version << " - " << d.summary << '\n';
    if (!d.doc.empty()) std::cout << '\n' << d.doc << '\n';
    std::cout << "\nfile: " << p->file.string() << "\nplugin API: " << d.api_major << '.' << d.api_minor
              << "\nruns: " << (d.can_run() && d.can_step() ? "batch or stepped" : d.can_run() ? "batch" : "stepped") << '\n';
    std::cout << "\nparameters:\n";
    if (d.params.empty()) std::cout << "  (none)\n";
    for (const auto& pa : d.params) {
        std::cout << "  " << pad(pa.name, 18) << pad(kind_name(pa.kind), 11)
                  << pad(pa.required() ? "required" : "default " + *pa.default_value, 20)
                  << pad(pa.unit.empty() ? "-" : pa.unit, 8) << pa.range_text();
        if (!pa.choices.empty()) {
            std::cout << "one of:";
            for (const auto& c : pa.choices) std::cout << ' ' << c;
        }
        std::cout << '\n';
        if (!pa.doc.empty()) std::cout << "      " << pa.doc << '\n';
    }
    std::cout << "\nports:\n";
    if (d.ports.empty()) std::cout << "  (none)\n";
    for (const auto& po : d.ports) {
        std::cout << "  " << pad(po.is_input() ? (po.is_optional() ? "in (opt)" : "in") : "out", 9) << pad(po.name, 16)
                  << pad(port_kind(po), 22) << pad(po.unit.empty() ? "-" : po.unit == "*" ? "any" : po.unit, 8) << po.doc << '\n';
    }
    return 0;
}

}  // namespace dtop::cli
