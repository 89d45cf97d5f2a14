// The dtop command line: options shared by every command, and one function per command.
#pragma once

#include "reporter.hpp"

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace dtop::cli {

struct Options {
    std::vector<std::string> plugin_path;  // --plugin-path (repeatable)
    Verbosity verbosity = Verbosity::normal;
    ProgressMode progress = ProgressMode::automatic;
    bool json = false;                     // --json
    bool overwrite = false;                // --overwrite
    bool static_only = false;              // --static: validate without loading plugins
    bool report = false;                   // --report: run writes report.html at the end
    bool stepped = false;                  // --stepped: new-plugin writes a stepped plugin
    std::string out;                       // --out DIR
    std::string output;                    // -o FILE (manifest)
    unsigned jobs = 0;                     // --jobs N
    std::vector<std::string> sets;         // --set node.param=value
    std::vector<std::string> prints;       // --print node.port
    std::vector<std::string> args;         // positional arguments after the command
    std::vector<std::string> command_line; // everything, for the run manifest
};

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
