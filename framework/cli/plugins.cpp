// dtop plugins [--json]: every plugin found, with the libraries that failed to load and why.
#include "cli.hpp"

#include "scenario_plan.hpp"
#include "text_table.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace dtop::cli {

Command add_plugins_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("plugins", "every plugin found: name, version, API version, file, summary");
    c->add_flag("--json", o.json, "machine-readable output");
    return {c, "plugins [--json]", 0, plugins};
}

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

}  // namespace dtop::cli
