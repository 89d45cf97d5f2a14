// dtop manifest PLUGIN_FILE [-o FILE]: writes <plugin>.dtop.json beside a plugin (the build does).
#include "cli.hpp"

#include "registry.hpp"
#include "results.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace fs = std::filesystem;

namespace dtop::cli {

Command add_manifest_command(CLI::App& dtop, Options& o) {
    auto* c = dtop.add_subcommand("manifest", "write <plugin>.dtop.json beside a plugin (done by the build)");
    c->add_option("plugin-file", o.args, "the plugin library")->expected(0, 1)->type_name("PLUGIN_FILE");
    c->add_option("-o", o.output, "output file instead of <plugin>.dtop.json beside it")->type_name("FILE");
    return {c, "manifest <plugin-file> [-o FILE]", 1, manifest};
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
    try {
        write_atomic(out, make_manifest(*loaded).dump(2) + "\n");
    } catch (const std::exception& e) {
        std::cerr << "dtop manifest: " << e.what() << '\n';
        return 1;
    }
    if (o.verbosity == Verbosity::verbose) std::cout << "wrote " << out.string() << '\n';
    return 0;
}

}  // namespace dtop::cli
