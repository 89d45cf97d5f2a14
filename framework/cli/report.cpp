// dtop report RESULTS_DIR, and `dtop run --report`: the run report, report.html, in a results directory.
#include "cli.hpp"

#include "registry.hpp"
#include "report.hpp"
#include "report_assets.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

void write(const fs::path& dir, const Options& o, std::ostream& say) {
    // The registry (manifests only, no plugin loaded) tells series from tables by declared port kinds.
    Registry reg(Registry::search_path(o.plugin_path));
    const auto file = report::write_report(dir, &reg);
    if (o.verbosity != Verbosity::quiet) say << "report: " << file.string() << '\n';
}

}  // namespace

Command add_report_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("report",
                                  "write report.html there: the run's status, parameters, outputs and interactive "
                                  "charts in one page that works offline");
    c->add_option("results-dir", o.args, "a run's results directory")->expected(0, 1)->type_name("RESULTS_DIR");
    return {c, "report <results-dir>", 1, report};
}

int report(const Options& o) {
    try {
        write(o.args[0], o, std::cout);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "dtop report: " << e.what() << '\n';
        return 1;
    }
}

int check_report_assets() {
    // Before anything runs: a report that cannot be written is a setup error, not a surprise at the end.
    try {
        report::load_assets();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "dtop: --report: " << e.what() << '\n';
        return 1;
    }
}

int write_run_report(const fs::path& results, const Options& o) {
    try {
        write(results, o, std::cerr);  // beside "run ok; results in ...": stdout is for --print
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "dtop: the run report could not be written: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace dtop::cli
