// dtop plugins, describe, validate, run, manifest.
#include "cli.hpp"

#include "engine.hpp"
#include "registry.hpp"
#include "results.hpp"
#include "scenario_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

Registry make_registry(const Options& o) { return Registry(Registry::search_path(o.plugin_path)); }

std::string pad(const std::string& s, std::size_t n) { return s.size() >= n ? s + " " : s + std::string(n - s.size(), ' '); }

std::string port_kind(const PortDesc& p) {
    std::string k = std::string(p.is_stepped() ? "stepped " : "") + kind_name(p.kind);
    if (p.is_stepped() && p.kind == DTOP_KIND_REAL_ARRAY) k += p.width ? "[" + std::to_string(p.width) + "]" : "[n]";
    return k;
}

// Parses, applies --set overrides and checks a scenario against the plugins' descriptions, then,
// unless static_only, has the plugins check their parameters (every node whose parameters are valid).
// Prints every problem at once; returns the plan only if there were none.
std::optional<Plan> load_plan(const Options& o, Registry& reg, bool static_only) {
    Diagnostics d;
    Scenario s = parse_scenario_file(o.args[0], d);
    if (!s.nodes.empty())
        for (std::size_t i = 0; i < o.sets.size(); ++i) apply_override(s, o.sets[i], static_cast<int>(i + 1), d);
    Plan plan = check_scenario(std::move(s), reg, d);
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

// Prints a CSV file as an aligned table.
void print_csv(const fs::path& file, std::ostream& out) {
    std::ifstream in(file);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) {
            char* end = nullptr;
            const double x = std::strtod(cell.c_str(), &end);
            if (!rows.empty() && end && *end == '\0' && !cell.empty()) {
                std::ostringstream f;
                f << std::setprecision(6) << x;
                cell = f.str();
            }
            cells.push_back(cell);
        }
        rows.push_back(cells);
    }
    std::vector<std::size_t> width;
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) {
            if (width.size() <= c) width.push_back(0);
            width[c] = std::max(width[c], r[c].size());
        }
    const std::size_t shown = std::min<std::size_t>(rows.size(), 41);
    for (std::size_t r = 0; r < shown; ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) out << (c ? "  " : "") << std::setw(static_cast<int>(width[c])) << rows[r][c];
        out << '\n';
    }
    if (rows.size() > shown) out << "... (" << rows.size() - 1 << " rows in " << file.string() << ")\n";
}

// Prints a JSON output; an array of flat records as an aligned table, anything else as it is.
void print_json(const fs::path& file, std::ostream& out) {
    std::ifstream in(file);
    const auto j = nlohmann::ordered_json::parse(in, nullptr, false);  // columns in the file's order
    const bool records = j.is_array() && !j.empty() && std::all_of(j.begin(), j.end(), [](const nlohmann::ordered_json& r) {
        return r.is_object() && std::none_of(r.begin(), r.end(), [](const nlohmann::ordered_json& v) { return v.is_structured(); });
    });
    if (!records) {
        out << (j.is_discarded() ? std::string("(unreadable)") : j.dump(2)) << '\n';
        return;
    }
    std::vector<std::string> columns;
    for (const auto& r : j)
        for (const auto& [k, v] : r.items())
            if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
    auto cell = [](const nlohmann::ordered_json& v) -> std::string {
        if (v.is_null()) return "-";
        if (v.is_string()) return v.get<std::string>();
        if (v.is_number_float()) {
            std::ostringstream f;
            f << std::setprecision(6) << v.get<double>();
            return f.str();
        }
        return v.dump();
    };
    std::vector<std::vector<std::string>> rows{columns};
    for (const auto& r : j) {
        rows.emplace_back();
        for (const auto& c : columns) rows.back().push_back(r.contains(c) ? cell(r.at(c)) : "-");
    }
    std::vector<std::size_t> width(columns.size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    for (const auto& r : rows) {
        for (std::size_t c = 0; c < r.size(); ++c)
            out << (c ? "  " : "") << (c == 0 ? std::left : std::right) << std::setw(static_cast<int>(width[c])) << r[c];
        out << std::right << '\n';
    }
}

}  // namespace

int plugins(const Options& o) {
    Registry reg = make_registry(o);
    const auto& ps = reg.plugins();
    if (o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& p : ps)
            j.push_back({{"name", p.desc.name},
                         {"version", p.desc.version},
                         {"api_version", std::to_string(p.desc.api_major) + "." + std::to_string(p.desc.api_minor)},
                         {"file", p.file.string()},
                         {"summary", p.desc.summary},
                         {"described_by", p.described_by}});
        nlohmann::json failures = nlohmann::json::array();
        for (const auto& f : reg.failures()) failures.push_back({{"file", f.file.string()}, {"reason", f.reason}});
        std::cout << nlohmann::json{{"plugins", j}, {"failures", failures}}.dump(2) << '\n';
        return reg.failures().empty() ? 0 : 1;
    }
    std::size_t wn = 4, wv = 7;
    for (const auto& p : ps) wn = std::max(wn, p.desc.name.size()), wv = std::max(wv, p.desc.version.size());
    std::cout << pad("NAME", wn + 1) << pad("VERSION", wv + 1) << "API  SUMMARY\n";
    for (const auto& p : ps) {
        std::cout << pad(p.desc.name, wn + 1) << pad(p.desc.version, wv + 1)
                  << pad(std::to_string(p.desc.api_major) + "." + std::to_string(p.desc.api_minor), 5) << p.desc.summary << '\n'
                  << std::string(wn + wv + 7, ' ') << p.file.string() << '\n';
        for (const auto& s : p.shadows) std::cout << std::string(wn + wv + 7, ' ') << "(shadows " << s.string() << ")\n";
    }
    if (ps.empty()) {
        std::cout << "no plugins found in:";
        for (const auto& d : reg.dirs()) std::cout << ' ' << d.string();
        std::cout << '\n';
    }
    for (const auto& f : reg.failures()) std::cerr << "not loaded: " << f.reason << '\n';
    return reg.failures().empty() ? 0 : 1;
}

int describe(const Options& o) {
    Registry reg = make_registry(o);
    const PluginEntry* p = reg.find(o.args[0]);
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

int run(const Options& o) {
    if (!o.prints.empty() && o.progress == ProgressMode::jsonl) {
        std::cerr << "dtop: --print and --progress=jsonl both write to stdout; use one of them\n";
        return 1;
    }
    if (o.report && check_report_assets() != 0) return 1;
    Registry reg = make_registry(o);
    // Static checks only here: the run's own first phase is the plugins' checks, reported the same way.
    auto plan = load_plan(o, reg, true);
    if (!plan) return 1;
    Reporter reporter(o.progress, o.verbosity);
    RunOptions ro;
    if (!o.out.empty()) ro.out = fs::path(o.out);
    ro.overwrite = o.overwrite;
    ro.jobs = o.jobs;
    ro.command_line = o.command_line;
    RunOutcome outcome = run_plan(*plan, reg, reporter, ro);
    if (outcome.exit_code == 1) {
        std::cerr << outcome.problems.format() << outcome.problems.size()
                  << (outcome.problems.size() == 1 ? " problem" : " problems") << "; nothing was run\n";
        return 1;
    }
    // Summary from the manifest the run wrote.
    std::ifstream in(outcome.results / "manifest.json");
    const auto m = nlohmann::json::parse(in);
    if (o.progress != ProgressMode::jsonl) {
        for (const auto& [node, nj] : m.at("nodes").items()) {
            if (nj.at("status") == "ok") continue;
            std::cerr << "node " << node << ": " << nj.at("status").get<std::string>()
                      << (nj.contains("error") ? ": " + nj.at("error").get<std::string>() : "") << '\n';
        }
        if (o.verbosity != Verbosity::quiet || outcome.exit_code != 0)
            std::cerr << (outcome.exit_code == 0 ? "run ok" : "run FAILED") << "; results in " << outcome.results.string() << '\n';
    }
    for (const auto& ref : o.prints) {
        const auto dot = ref.rfind('.');
        const std::string node = ref.substr(0, dot), port = dot == std::string::npos ? "" : ref.substr(dot + 1);
        if (!m.at("nodes").contains(node) || !m["nodes"][node]["outputs"].contains(port)) {
            std::cerr << "dtop: --print " << ref << ": no such output in the results\n";
            continue;
        }
        const fs::path file = outcome.results / m["nodes"][node]["outputs"][port].get<std::string>();
        std::cout << ref << ":\n";
        if (file.extension() == ".csv") print_csv(file, std::cout);
        else print_json(file, std::cout);
    }
    if (o.report) {
        const int code = write_run_report(outcome.results, o);
        if (code != 0 && outcome.exit_code == 0) return code;
    }
    return outcome.exit_code;
}

int manifest(const Options& o) {
    const fs::path lib = fs::absolute(o.args[0]);
    std::shared_ptr<PluginLibrary> loaded;
    try {
        loaded = PluginLibrary::load(lib);
    } catch (const std::exception& e) {
        std::cerr << "dtop manifest: " << e.what() << '\n';
        return 1;
    }
    const fs::path out = o.output.empty() ? manifest_path_for(lib) : fs::path(o.output);
    write_atomic(out, make_manifest(*loaded).dump(2) + "\n");
    if (o.verbosity == Verbosity::verbose) std::cout << "wrote " << out.string() << '\n';
    return 0;
}

}  // namespace dtop::cli
