// dtop: entry point. Declares the global options, gathers the commands (one file each), parses the
// command line with CLI11 and hands over to the command that was named.
#include "cli.hpp"
#include "engine.hpp"
#include "safe_text.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <vector>

namespace {

using dtop::cli::Options;

const char* kDescription = "dtop - an open, plugin-based digital-twin platform";

const char* kExitCodes = R"(exit codes:
  0  ok
  1  invalid input: nothing ran (bad option, scenario, parameter, plugin, --out)
  2  a node failed (the other nodes' results are kept), or --report could not write the report
  3  crashed: a plugin took the run's engine process down (segfault, abort, stack overflow, killed);
     the supervising dtop finished the manifest (status crashed, the signal, the log tail)
  4  cancelled or interrupted: dtop got SIGINT or SIGTERM (manifest status cancelled)
global options (--plugin-path, --progress, -q, -v) go before or after the command.)";

const char* kGlobalOptionsNote = "global options (before or after the command): --plugin-path DIR, --progress=MODE, "
                                 "-q, -v; exit codes: see dtop --help";

dtop::ProgressMode parse_progress(const std::string& v) {
    if (v == "tty") return dtop::ProgressMode::tty;
    if (v == "none") return dtop::ProgressMode::none;
    if (v == "jsonl") return dtop::ProgressMode::jsonl;
    throw CLI::ValidationError("--progress takes tty, none or jsonl, not '" + v + "'");
}

void add_global_options(CLI::App& app, Options& o, bool& version) {
    app.add_option("--plugin-path", o.plugin_path, "search DIR for plugins first (repeatable; also $DTOP_PLUGIN_PATH)")
        ->allow_extra_args(false)
        ->type_name("DIR");
    app.add_option_function<std::string>("--progress", [&o](const std::string& v) { o.progress = parse_progress(v); },
                                         "tty, none or jsonl (JSON-lines events on stdout); default: tty on a terminal")
        ->type_name("MODE");
    app.add_flag_callback("-q,--quiet", [&o] { o.verbosity = dtop::Verbosity::quiet; }, "only errors");
    app.add_flag_callback("-v,--verbose", [&o] { o.verbosity = dtop::Verbosity::verbose; },
                          "also informational messages and per-node timings");
    app.add_flag("--version", version, "dtop's version and its plugin API version");
}

// CLI11's message for a parse error, in dtop's words where dtop had its own.
std::string parse_error_message(const CLI::ParseError& e, CLI::App& app, bool command_named) {
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        const auto extra = app.remaining(true);
        const std::string first = extra.empty() ? "" : extra.front();
        if (!first.empty() && first[0] == '-') return "unknown option '" + first + "' (see dtop --help)";
        if (!command_named) return "unknown command '" + first + "' (see dtop --help)";
        return "unexpected argument '" + first + "' (see dtop --help)";
    }
    const std::string what = e.what();
    const auto colon = what.find(": ");
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && colon != std::string::npos && what.ends_with("missing"))
        return what.substr(0, colon) + " needs a value";
    return what;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace dtop;
    cli::Options o;
    for (int i = 1; i < argc; ++i) o.command_line.emplace_back(argv[i]);
    bool version = false;

    CLI::App app{kDescription, "dtop"};
    app.footer(kExitCodes);
    app.require_subcommand(0, 1);
    add_global_options(app, o, version);
    const std::vector<cli::Command> commands{
        cli::add_plugins_command(app, o),  cli::add_describe_command(app, o), cli::add_validate_command(app, o),
        cli::add_run_command(app, o),      cli::add_report_command(app, o),   cli::add_doctor_command(app, o),
        cli::add_new_plugin_command(app, o), cli::add_manifest_command(app, o)};
    for (const auto& c : commands) {
        c.app->fallthrough();  // global options after the command too
        c.app->footer(kGlobalOptionsNote);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);  // the help of dtop or of the command, on stdout, exit code 0
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "dtop: " << parse_error_message(e, app, !app.get_subcommands().empty()) << '\n';
        return 1;  // CLI11's own codes all mean "invalid input"
    }
    if (version) {
        std::cout << "dtop " << kDtopVersion << " (plugin API " << DTOP_API_VERSION_MAJOR << "." << DTOP_API_VERSION_MINOR << ")\n";
        return 0;
    }
    for (const auto& c : commands) {
        if (!c.app->parsed()) continue;
        if (o.args.size() < c.needs_args) {
            std::cerr << "dtop: usage: dtop " << c.usage << '\n';
            return 1;
        }
        try {
            return c.run(o);
        } catch (const std::exception& e) {
            std::cerr << "dtop: " << printable(e.what()) << '\n';
            return 1;
        }
    }
    std::cerr << app.help();
    return 1;
}
