#include "registry.hpp"

#include "elf_check.hpp"
#include "hash.hpp"
#include "supervisor.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace dtop {

namespace {
constexpr int kManifestFormat = 1;

void split_colons(const std::string& text, std::vector<fs::path>& out) {
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ':'))
        if (!item.empty()) out.emplace_back(item);
}
}  // namespace

fs::path executable_dir() { return fs::path(boost::dll::program_location().parent_path().string()); }

fs::path data_root() {
    const fs::path root = executable_dir() / ".." / "share" / "dtop";
    std::error_code ec;
    return fs::exists(root, ec) ? fs::weakly_canonical(root, ec) : fs::path();
}

fs::path manifest_path_for(const fs::path& library) {
    return library.parent_path() / (library.stem().string() + ".dtop.json");
}

namespace {
// A library's size and modification time: when both match the manifest's, the library has not
// changed since and is not hashed again (what makes `dtop plugins` cheap with many plugins).
std::pair<std::uintmax_t, long long> stamp(const fs::path& library) {
    std::error_code ec;
    const auto size = fs::file_size(library, ec);
    const auto time = fs::last_write_time(library, ec).time_since_epoch();
    return {size, static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(time).count())};
}
}  // namespace

// A library without a fresh manifest is described in a short-lived child process: its code
// (constructors, describe()) never runs in dtop's own process unless a scenario runs it, and a library
// that crashes while loading costs the child, not the command. Throws LoadError with the reason.
PluginDesc describe_in_child(const fs::path& library) {
    if (thread_count() > 1)
        throw LoadError(library.string() + ": not described (it has no fresh manifest, and dtop is already running "
                        "threads, so it cannot be described in a child process): run `dtop manifest " + library.string() + "`");
    std::string reply;
    SuperviseOptions options;
    options.on_message = [&reply](const std::string& line) { reply += line; };
    auto child = Child::run_function(
        [&library](int fd) {
            std::string line;
            try {
                line = "ok " + to_json(PluginLibrary::load(library)->desc()).dump();
            } catch (const std::exception& e) {
                line = std::string("error ") + e.what();
            }
            for (char& c : line)
                if (c == '\n') c = ' ';
            line += '\n';
            for (std::size_t at = 0; at < line.size();) {
                const ssize_t n = ::write(fd, line.data() + at, line.size() - at);
                if (n <= 0) return 1;
                at += static_cast<std::size_t>(n);
            }
            return 0;
        },
        options);
    const ChildEnd end = child.wait();
    if (reply.rfind("ok ", 0) == 0) return plugin_desc_from_json(nlohmann::json::parse(reply.substr(3)));
    if (reply.rfind("error ", 0) == 0) throw LoadError(reply.substr(6));
    throw LoadError(library.string() + ": crashed while being described (" + end.describe() + ")");
}

nlohmann::json make_manifest(const PluginLibrary& lib) {
    const auto [size, mtime] = stamp(lib.file());
    return {{"dtop_manifest", kManifestFormat},
            {"library", lib.file().filename().string()},
            {"library_sha256", sha256_file(lib.file())},
            {"library_size", size},
            {"library_mtime_ns", mtime},
            {"plugin", to_json(lib.desc())}};
}

Registry::Registry(std::vector<fs::path> search_path) : dirs_(std::move(search_path)) {}

std::vector<fs::path> Registry::search_path(const std::vector<std::string>& cli_dirs) {
    std::vector<fs::path> dirs;
    for (const auto& d : cli_dirs) split_colons(d, dirs);
    if (const char* env = std::getenv("DTOP_PLUGIN_PATH")) split_colons(env, dirs);
    dirs.push_back(executable_dir() / ".." / "lib" / "dtop" / "plugins");
    std::vector<fs::path> unique;
    for (auto& d : dirs) {
        std::error_code ec;
        fs::path c = fs::weakly_canonical(d, ec);
        if (ec) c = d;
        if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
    }
    return unique;
}

void Registry::scan() {
    if (scanned_) return;
    scanned_ = true;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> libs;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".so" && e.is_regular_file(ec)) libs.push_back(e.path());
        std::sort(libs.begin(), libs.end());
        for (const auto& lib : libs) {
            PluginEntry entry;
            entry.file = lib;
            const fs::path manifest = manifest_path_for(lib);
            if (fs::exists(manifest, ec)) {
                try {
                    std::ifstream in(manifest);
                    const auto j = nlohmann::json::parse(in);
                    if (j.at("dtop_manifest").get<int>() != kManifestFormat)
                        entry.note = "manifest format differs";
                    else if (std::make_pair(j.value("library_size", std::uintmax_t{0}), j.value("library_mtime_ns", 0LL)) != stamp(lib) &&
                             j.at("library_sha256").get<std::string>() != sha256_file(lib))
                        entry.note = "manifest is stale (library changed since)";
                    else {
                        entry.desc = plugin_desc_from_json(j.at("plugin"));
                        entry.described_by = "manifest";
                        // Same size and time as when the manifest was written (or the same bytes):
                        // its hash is the library's, and a run's manifest need not hash it again.
                        entry.sha256 = j.at("library_sha256").get<std::string>();
                    }
                } catch (const std::exception& e) {
                    entry.note = std::string("manifest unreadable: ") + e.what();
                }
            } else {
                entry.note = "no manifest";
            }
            if (entry.described_by.empty()) {
                try {
                    // Headers first: a truncated file is reported without even a child crashing on it.
                    if (const std::string why = elf_library_problem(lib); !why.empty())
                        throw LoadError(lib.string() + ": cannot be loaded: " + why);
                    entry.desc = describe_in_child(lib);
                    entry.described_by = "library";
                } catch (const std::exception& e) {
                    failures_.push_back({lib, e.what()});
                    continue;
                }
            }
            auto same = std::find_if(plugins_.begin(), plugins_.end(),
                                     [&](const PluginEntry& p) { return p.desc.name == entry.desc.name; });
            if (same != plugins_.end())
                same->shadows.push_back(lib);
            else
                plugins_.push_back(std::move(entry));
        }
    }
    std::sort(plugins_.begin(), plugins_.end(),
              [](const PluginEntry& a, const PluginEntry& b) { return a.desc.name < b.desc.name; });
}

const std::vector<PluginEntry>& Registry::plugins() {
    scan();
    return plugins_;
}

const std::vector<LoadFailure>& Registry::failures() {
    scan();
    return failures_;
}

const PluginEntry* Registry::find(const std::string& name) {
    scan();
    for (const auto& p : plugins_)
        if (p.desc.name == name) return &p;
    return nullptr;
}

std::vector<std::string> Registry::names() {
    std::vector<std::string> out;
    for (const auto& p : plugins()) out.push_back(p.desc.name);
    return out;
}

std::shared_ptr<PluginLibrary> Registry::load(const std::string& name) {
    if (auto it = loaded_.find(name); it != loaded_.end()) return it->second;
    const PluginEntry* entry = find(name);
    if (!entry) throw LoadError("no plugin named '" + name + "'; " + found_summary());
    auto lib = PluginLibrary::load(entry->file);
    if (lib->desc().name != name)
        throw LoadError(entry->file.string() + ": its manifest says plugin '" + name +
                        "' but the library is plugin '" + lib->desc().name + "' (rebuild it)");
    loaded_[name] = lib;
    return lib;
}

std::string Registry::found_summary() {
    std::ostringstream s;
    const auto& ps = plugins();
    if (ps.empty()) {
        s << "no plugins found";
    } else {
        s << "plugins found: ";
        for (std::size_t i = 0; i < ps.size(); ++i) s << (i ? ", " : "") << ps[i].desc.name;
    }
    s << " (searched: ";
    for (std::size_t i = 0; i < dirs_.size(); ++i) s << (i ? ", " : "") << dirs_[i].string();
    s << ")";
    for (const auto& f : failures()) s << "; failed to load " << f.reason;
    return s.str();
}

}  // namespace dtop
