// dtop: entry point. Parses the command line and hands over to one command.
#include "cli.hpp"
#include "engine.hpp"
#include "new_plugin.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace {

const char* kUsage = R"(dtop - an open, plugin-based digital-twin platform

usage: dtop [options] <command> [arguments]

commands:
  plugins                       every plugin found: name, version, API version, file, summary
  describe <plugin> [--json]    a plugin's parameters and ports
  validate <scenario.yaml>      check a scenario and the plugins' own parameter checks; every
                                problem with file:line:column (exit 1); --static: without loading
                                any plugin (descriptions only)
  run <scenario.yaml>           run it; results in results/<name>-<time>/ or --out DIR
  report <results-dir>          write report.html there: the run's status, parameters, outputs and
                                interactive charts in one page that works offline
  doctor <plugin-file>          why a plugin library does or does not load
  new-plugin <name> [dir]       create an out-of-tree plugin project for the installed SDK: a batch
                                plugin, or with --stepped a stepped one
  manifest <plugin-file>        write <plugin>.dtop.json beside a plugin (done by the build)

options:
  --plugin-path DIR     search DIR for plugins first (repeatable; also $DTOP_PLUGIN_PATH)
  --set node.param=V    override a parameter (validate, run; repeatable; V is YAML: 3, 2.5 mm, [1, 2])
  --out DIR             results directory for run (must not exist or be empty)
  --overwrite           allow --out to replace an existing results directory
  --print node.port     after run, print that output (repeatable)
  --report              after run, write the run report (report.html) into the results, failed runs too
  --jobs N              batch nodes run in parallel at most N at a time (default: cores)
  --json                machine-readable output (plugins, describe)
  --progress=MODE       tty, none or jsonl (JSON-lines events on stdout); default: tty on a terminal
  -q, --quiet           only errors
  -v, --verbose         also informational messages and per-node timings
  -o FILE               output file (manifest)
  --version, -h, --help
exit codes: 0 ok, 1 invalid input (nothing ran), 2 a node failed (results of the others are kept) or
  --report could not write the report
)";

bool take_value(int& i, int argc, char** argv, const char* flag, std::string& out) {
    const std::size_t n = std::strlen(flag);
    if (std::strncmp(argv[i], flag, n) == 0 && argv[i][n] == '=') {
        out = argv[i] + n + 1;
        return true;
    }
    if (std::strcmp(argv[i], flag) == 0) {
        if (i + 1 >= argc) throw std::runtime_error(std::string(flag) + " needs a value");
        out = argv[++i];
        return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace dtop;
    cli::Options o;
    std::string command;
    try {
        for (int i = 1; i < argc; ++i) o.command_line.emplace_back(argv[i]);
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            std::string v;
            if (a == "-h" || a == "--help") {
                std::cout << kUsage;
                return 0;
            } else if (a == "--version") {
                std::cout << "dtop " << kDtopVersion << " (plugin API " << DTOP_API_VERSION_MAJOR << "."
                          << DTOP_API_VERSION_MINOR << ")\n";
                return 0;
            } else if (a == "-q" || a == "--quiet") {
                o.verbosity = Verbosity::quiet;
            } else if (a == "-v" || a == "--verbose") {
                o.verbosity = Verbosity::verbose;
            } else if (a == "--json") {
                o.json = true;
            } else if (a == "--overwrite") {
                o.overwrite = true;
            } else if (a == "--static") {
                o.static_only = true;
            } else if (a == "--report") {
                o.report = true;
            } else if (a == "--stepped") {
                o.stepped = true;
            } else if (take_value(i, argc, argv, "--plugin-path", v)) {
                o.plugin_path.push_back(v);
            } else if (take_value(i, argc, argv, "--set", v)) {
                o.sets.push_back(v);
            } else if (take_value(i, argc, argv, "--print", v)) {
                o.prints.push_back(v);
            } else if (take_value(i, argc, argv, "--out", v)) {
                o.out = v;
            } else if (take_value(i, argc, argv, "-o", v)) {
                o.output = v;
            } else if (take_value(i, argc, argv, "--jobs", v)) {
                char* end = nullptr;
                const unsigned long jobs = std::strtoul(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || jobs == 0 || jobs > 1024)
                    throw std::runtime_error("--jobs takes a whole number from 1 to 1024, not '" + v + "'");
                o.jobs = static_cast<unsigned>(jobs);
            } else if (take_value(i, argc, argv, "--progress", v)) {
                if (v == "tty") o.progress = ProgressMode::tty;
                else if (v == "none") o.progress = ProgressMode::none;
                else if (v == "jsonl") o.progress = ProgressMode::jsonl;
                else throw std::runtime_error("--progress takes tty, none or jsonl, not '" + v + "'");
            } else if (a.size() > 1 && a[0] == '-') {
                throw std::runtime_error("unknown option '" + a + "' (see dtop --help)");
            } else if (command.empty()) {
                command = a;
            } else {
                o.args.push_back(a);
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "dtop: " << e.what() << '\n';
        return 1;
    }
    auto need = [&](std::size_t n, const char* usage) {
        if (o.args.size() < n) {
            std::cerr << "dtop: usage: dtop " << usage << '\n';
            return false;
        }
        return true;
    };
    try {
        if (command == "plugins") return cli::plugins(o);
        if (command == "describe") return need(1, "describe <plugin> [--json]") ? cli::describe(o) : 1;
        if (command == "validate") return need(1, "validate <scenario.yaml> [--set node.param=value]") ? cli::validate(o) : 1;
        if (command == "run") return need(1, "run <scenario.yaml> [--set node.param=value] [--out DIR] [--report]") ? cli::run(o) : 1;
        if (command == "report") return need(1, "report <results-dir>") ? cli::report(o) : 1;
        if (command == "doctor") return need(1, "doctor <plugin-file>") ? cli::doctor(o) : 1;
        if (command == "manifest") return need(1, "manifest <plugin-file> [-o FILE]") ? cli::manifest(o) : 1;
        if (command == "new-plugin") {
            if (!need(1, "new-plugin <name> [dir] [--stepped]")) return 1;
            const std::filesystem::path dir = o.args.size() > 1 ? o.args[1] : o.args[0];
            return cli::new_plugin(o.args[0], dir, std::cout, std::cerr, o.stepped);
        }
        if (command.empty()) {
            std::cerr << kUsage;
            return 1;
        }
        std::cerr << "dtop: unknown command '" << command << "' (see dtop --help)\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "dtop: " << e.what() << '\n';
        return 1;
    }
}
