// dtop doctor FILE: why a plugin library does or does not load, step by step, stopping at the first
// step that fails: the file, its format and exported symbols (read without loading it), the shared
// libraries it needs (ldd), loading it (first in a child process, so a library that crashes while
// loading is explained, not fatal), the ABI handshake, and its manifest.
#include "cli.hpp"

#include "elf_check.hpp"
#include "hash.hpp"
#include "registry.hpp"

#include <CLI/CLI.hpp>
#include <boost/dll/library_info.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

// Runs a program (no shell) and returns what it printed on stdout and stderr.
std::string capture(const std::vector<std::string>& argv) {
    int fd[2];
    if (pipe(fd) != 0) return "";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fd[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fd[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, fd[0]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fd[1]);
    std::string out;
    if (rc == 0) {
        char buf[4096];
        ssize_t n;
        while ((n = read(fd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
        int status = 0;
        waitpid(pid, &status, 0);
    }
    close(fd[0]);
    return out;
}

void ok(const std::string& what) { std::cout << "  ok    " << what << '\n'; }
int bad(const std::string& what, const std::string& hint = "") {
    std::cout << "  FAIL  " << what << '\n';
    if (!hint.empty()) std::cout << "        " << hint << '\n';
    return 1;
}

}  // namespace

Command add_doctor_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("doctor", "why a plugin library does or does not load");
    c->add_option("plugin-file", o.args, "the plugin library")->expected(0, 1)->type_name("PLUGIN_FILE");
    return {c, "doctor <plugin-file>", 1, doctor};
}

int doctor(const Options& o) {
    const fs::path file = fs::absolute(o.args[0]);
    std::cout << "dtop doctor " << file.string() << '\n';
    std::error_code ec;
    if (!fs::exists(file, ec)) return bad("file does not exist");
    if (!fs::is_regular_file(file, ec)) return bad("not a regular file");
    std::ifstream probe(file, std::ios::binary);
    char magic[4] = {};
    if (!probe.read(magic, 4)) return bad("cannot read the file (permissions?)");
    if (std::string(magic, 4) != "\x7f" "ELF") return bad("not an ELF shared library", "a plugin is a .so built with dtop_add_plugin()");
    if (const std::string why = elf_library_problem(file); !why.empty())
        return bad(why, "a truncated copy or an interrupted build: rebuild or copy the library again");
    ok("complete ELF shared library, " + std::to_string(fs::file_size(file)) + " bytes");

    std::vector<std::string> symbols;
    try {
        boost::dll::library_info info(boost::dll::fs::path(file.string()));
        symbols = info.symbols();
    } catch (const std::exception& e) {
        return bad(std::string("cannot read its symbol table: ") + e.what());
    }
    bool has_entry = false;
    for (const auto& s : symbols) has_entry = has_entry || s == DTOP_ENTRY_SYMBOL;
    if (!has_entry) {
        std::string hint = "declare the plugin class with DTOP_PLUGIN(Class) in one source file; exported symbols:";
        std::size_t shown = 0;
        for (const auto& s : symbols)
            if (shown++ < 8) hint += " " + s;
        if (symbols.size() > 8) hint += " ... (" + std::to_string(symbols.size()) + ")";
        if (symbols.empty()) hint += " none";
        return bad(std::string("no exported entry symbol '") + DTOP_ENTRY_SYMBOL + "'", hint);
    }
    ok(std::string("exports ") + DTOP_ENTRY_SYMBOL + " (" + std::to_string(symbols.size()) + " exported symbols)");

    const std::string ldd = capture({"ldd", file.string()});
    std::vector<std::string> missing;
    std::size_t needed = 0;
    std::istringstream lines(ldd);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("=>") != std::string::npos) ++needed;
        if (line.find("not found") != std::string::npos) missing.push_back(line.substr(line.find_first_not_of(" \t")));
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += "\n        missing: " + m;
        return bad("shared libraries it needs are not found:" + list,
                   "install them (Debian: apt-file search <lib>), or add their folder to LD_LIBRARY_PATH");
    }
    ok(ldd.empty() ? "dependencies not checked (ldd unavailable)" : "all " + std::to_string(needed) + " shared libraries it needs are found");

    // First in a child process: a library whose constructors or describe() crash takes only the child.
    try {
        describe_in_child(file);
    } catch (const std::exception& e) {
        return bad(e.what(), "its load-time code (constructors, static objects, describe()) fails: run it under gdb");
    }
    std::shared_ptr<PluginLibrary> lib;
    try {
        lib = PluginLibrary::load(file);
    } catch (const std::exception& e) {
        return bad(e.what());
    }
    const auto& d = lib->desc();
    ok("loads; handshake passed: plugin API " + std::to_string(d.api_major) + "." + std::to_string(d.api_minor) +
       " (this dtop: " + std::to_string(DTOP_API_VERSION_MAJOR) + "." + std::to_string(DTOP_API_VERSION_MINOR) + ")");
    ok("plugin '" + d.name + "' " + d.version + ": " + std::to_string(d.params.size()) + " parameters, " +
       std::to_string(d.ports.size()) + " ports, " + (d.can_run() ? "batch" : "") + (d.can_run() && d.can_step() ? " and " : "") +
       (d.can_step() ? "stepped" : ""));
    try {
        Instance inst(lib, nullptr);
        ok("creates an instance and destroys it");
    } catch (const std::exception& e) {
        return bad(e.what());
    }

    const fs::path manifest = manifest_path_for(file);
    if (!fs::exists(manifest, ec)) {
        std::cout << "  note  no manifest " << manifest.filename().string()
                  << ": dtop loads the library to describe it (run `dtop manifest " << file.filename().string() << "`)\n";
    } else {
        try {
            std::ifstream in(manifest);
            const auto j = nlohmann::json::parse(in);
            if (j.at("library_sha256").get<std::string>() != sha256_file(file))
                std::cout << "  note  manifest " << manifest.filename().string() << " is stale: rebuild, or run `dtop manifest`\n";
            else
                ok("manifest " + manifest.filename().string() + " matches the library");
        } catch (const std::exception& e) {
            std::cout << "  note  manifest unreadable: " << e.what() << '\n';
        }
    }
    std::cout << "plugin '" << d.name << "' is usable\n";
    return 0;
}

}  // namespace dtop::cli
