// Finding plugins. The search path is, in order: --plugin-path directories, $DTOP_PLUGIN_PATH
// (colon-separated), and lib/dtop/plugins beside the dtop executable. Every `*.so` there is a
// candidate. Where a fresh manifest (<stem>.dtop.json, written at build time) sits beside a library,
// the plugin is described from it without loading the library; the library is loaded only when a
// scenario runs it.
#pragma once

#include "plugin_desc.hpp"
#include "plugin_library.hpp"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dtop {

struct PluginEntry {
    PluginDesc desc;
    std::filesystem::path file;
    std::string described_by;                  // "manifest" or "library"
    std::string note;                          // e.g. why the manifest was not used
    std::string sha256;                        // of the library, from a fresh manifest ("" if not known)
    std::vector<std::filesystem::path> shadows;  // later files with the same plugin name, ignored
};

struct LoadFailure {
    std::filesystem::path file;
    std::string reason;
};

class Registry {
public:
    explicit Registry(std::vector<std::filesystem::path> search_path);

    // --plugin-path entries (each may hold several colon-separated dirs), then the environment, then
    // the directory beside the executable.
    static std::vector<std::filesystem::path> search_path(const std::vector<std::string>& cli_dirs);

    const std::vector<std::filesystem::path>& dirs() const { return dirs_; }
    const std::vector<PluginEntry>& plugins();
    const std::vector<LoadFailure>& failures();
    const PluginEntry* find(const std::string& name);
    std::vector<std::string> names();
    // Loads (once) the library of a plugin found by scan. Throws LoadError.
    std::shared_ptr<PluginLibrary> load(const std::string& name);
    // A sentence listing what was found and what failed, for "unknown plugin" messages.
    std::string found_summary();

private:
    void scan();
    bool scanned_ = false;
    std::vector<std::filesystem::path> dirs_;
    std::vector<PluginEntry> plugins_;
    std::vector<LoadFailure> failures_;
    std::map<std::string, std::shared_ptr<PluginLibrary>> loaded_;
};

std::filesystem::path manifest_path_for(const std::filesystem::path& library);
// Loads `library` in a short-lived child process and returns its description: its code never runs
// in this process. Throws LoadError with the loader's reason, or how the child died (SIGSEGV...).
// The caller must be single-threaded (fork); a multi-threaded one gets a LoadError saying so.
PluginDesc describe_in_child(const std::filesystem::path& library);
nlohmann::json make_manifest(const PluginLibrary& lib);
// Directory holding the running executable.
std::filesystem::path executable_dir();
// share/dtop beside the executable (data/, scenarios/); empty if absent.
std::filesystem::path data_root();

}  // namespace dtop
