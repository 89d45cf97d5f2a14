// The dtop command line: options shared by every command, and one file per command. Each command
// file declares its CLI11 subcommand (options, arguments, help text) next to what the command does;
// main.cpp gathers them, parses, and hands over to the command that was named.
#pragma once

#include "reporter.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace dtop::cli {

struct Options {
    // Global options, accepted before or after the command.
    std::vector<std::string> plugin_path;  // --plugin-path (repeatable)
    Verbosity verbosity = Verbosity::normal;
    ProgressMode progress = ProgressMode::automatic;
    // The commands' own options.
    bool json = false;                     // --json (plugins, describe)
    bool overwrite = false;                // --overwrite (run)
    bool static_only = false;              // --static: validate without loading plugins
    bool report = false;                   // --report: run writes report.html at the end
    bool check_finite_all = false;         // --check-finite (run): batch outputs too
    bool no_check_finite = false;          // --no-check-finite (run): not even stepped outputs
    std::string out;                       // --out DIR (run)
    bool stepped = false;                  // --stepped: new-plugin writes a stepped plugin
    std::string output;                    // -o FILE (manifest)
    unsigned jobs = 0;                     // --jobs N (run)
    std::vector<std::string> sets;         // --set node.param=value (validate, run)
    std::vector<std::string> prints;       // --print node.port (run)
    std::vector<std::string> args;         // the command's positional arguments
    std::vector<std::string> command_line; // everything, for the run manifest
};

// One command: its CLI11 subcommand, the usage line printed when its arguments are missing, how
// many positional arguments it needs, and what it does.
struct Command {
    CLI::App* app = nullptr;
    std::string usage;
    std::size_t needs_args = 0;
    std::function<int(const Options&)> run;
};

// Each adds its subcommand to `dtop`, binding its options to `o`.
Command add_plugins_command(CLI::App& dtop, Options& o);
Command add_describe_command(CLI::App& dtop, Options& o);
Command add_validate_command(CLI::App& dtop, Options& o);
Command add_run_command(CLI::App& dtop, Options& o);
Command add_report_command(CLI::App& dtop, Options& o);
Command add_doctor_command(CLI::App& dtop, Options& o);
Command add_new_plugin_command(CLI::App& dtop, Options& o);
Command add_manifest_command(CLI::App& dtop, Options& o);

int plugins(const Options& o);
int describe(const Options& o);
int validate(const Options& o);
int run(const Options& o);
int doctor(const Options& o);
int manifest(const Options& o);
int report(const Options& o);
// `dtop run --report`: the assets checked before the run (exit code 1 if missing), and the report
// written into the run's results after it, failed runs included (exit code 2 if it cannot be).
int check_report_assets();
int write_run_report(const std::filesystem::path& results, const Options& o);

}  // namespace dtop::cli
