// dtop run SCENARIO: runs it; results in results/<name>-<time>/ or --out DIR.
#include "cli.hpp"

#include "cancel_signal.hpp"
#include "engine.hpp"
#include "print_output.hpp"
#include "run_supervised.hpp"
#include "safe_text.hpp"
#include "scenario_plan.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

unsigned parse_jobs(const std::string& v) {
    char* end = nullptr;
    const unsigned long jobs = std::strtoul(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || jobs == 0 || jobs > 1024)
        throw CLI::ValidationError("--jobs takes a whole number from 1 to 1024, not '" + v + "'");
    return static_cast<unsigned>(jobs);
}

}  // namespace

Command add_run_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("run", "run it; results in results/<name>-<time>/ or --out DIR");
    add_scenario_arguments(*c, o);
    c->add_option("--out", o.out, "results directory (must not exist or be empty)")
        ->type_name("DIR")
        ->check([](const std::string& v) { return v.empty() ? std::string("--out is empty: name a results directory") : std::string(); });
    c->add_flag("--overwrite", o.overwrite, "allow --out to replace an existing results directory");
    c->add_option("--print", o.prints, "after the run, print that output (repeatable)")
        ->allow_extra_args(false)
        ->type_name("node.port");
    c->add_flag("--report", o.report, "after the run, write the run report (report.html) into the results, failed runs too");
    c->add_option_function<std::string>("--jobs", [&o](const std::string& v) { o.jobs = parse_jobs(v); },
                                        "batch nodes run in parallel at most N at a time (default: cores)")
        ->type_name("N");
    c->add_flag("--check-finite", o.check_finite_all, "fail a node at its first NaN or infinite output, batch outputs too");
    c->add_flag("--no-check-finite", o.no_check_finite,
                "let NaN and infinities through stepped outputs (checked by default: one sum per step)");
    return {c, "run <scenario.yaml> [--set node.param=value] [--out DIR] [--report]", 1, run};
}

namespace {

// Everything after the option checks: in the supervised child, or in this process without supervisor.
int run_engine(const Options& o, const std::function<void(const fs::path&)>& on_results_dir) {
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
    ro.on_results_dir = on_results_dir;
    ro.check_finite_batch = o.check_finite_all;
    ro.check_finite_stepped = !o.no_check_finite;
    ro.cancel = cancel_on_signals();
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
            // The error may quote a data file: its control bytes are escaped, not sent to the terminal.
            std::cerr << "node " << node << ": " << nj.at("status").get<std::string>()
                      << (nj.contains("error") ? ": " + printable(nj.at("error").get<std::string>()) : "") << '\n';
        }
        if (o.verbosity != Verbosity::quiet || outcome.exit_code != 0)
            std::cerr << (outcome.exit_code == 0 ? "run ok" : outcome.exit_code == 4 ? "run cancelled" : "run FAILED") << "; results in " << outcome.results.string() << '\n';
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
        print_output(file, std::cout);
    }
    if (o.report) {
        const int code = write_run_report(outcome.results, o);
        if (code != 0 && outcome.exit_code == 0) return code;
    }
    return outcome.exit_code;
}

}  // namespace

int run(const Options& o) {
    if (!o.prints.empty() && o.progress == ProgressMode::jsonl) {
        std::cerr << "dtop: --print and --progress=jsonl both write to stdout; use one of them\n";
        return 1;
    }
    if (o.report && check_report_assets() != 0) return 1;
    // No plugin is loaded yet (the registry describes a library without a manifest in a child of its
    // own, and loads what the scenario uses): fork here, so plugin code
    // only ever runs in the child.
    if (supervision_disabled()) return run_engine(o, nullptr);
    return run_supervised(o, [&o](const auto& on_results_dir) { return run_engine(o, on_results_dir); });
}

}  // namespace dtop::cli
