#include "results.hpp"

#include "safe_text.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/file.h>
#include <algorithm>
#include <unistd.h>

namespace fs = std::filesystem;

namespace dtop {

namespace {

void append_number(std::string& s, double x) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, x);
    s.append(buf, r.ptr);
}

std::string header_cell(const std::string& name, const std::string& unit) {
    std::string cell = unit.empty() ? name : name + " (" + unit + ")";
    if (cell.find_first_of(",\"\n") != std::string::npos) {
        std::string q = "\"";
        for (char c : cell) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    }
    return cell;
}

std::string file_type_name(fs::file_type t) {
    switch (t) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::symlink: return "a symbolic link";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
    }
}

// .<name>.tmp<pid>: hidden, in the same folder (rename stays on one file system), one per process.
fs::path temporary_name(const fs::path& file) {
    return file.parent_path() / ("." + file.filename().string() + ".tmp" + std::to_string(::getpid()));
}

}  // namespace

ResultsDirLock::ResultsDirLock(ResultsDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
ResultsDirLock& ResultsDirLock::operator=(ResultsDirLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}
ResultsDirLock::~ResultsDirLock() {
    if (fd_ >= 0) ::close(fd_);
}

namespace {

// An exclusive flock(2) on the folder itself, held while the run writes there: a second run into
// the same folder is refused instead of mixing its files with the first's. Released when the
// process ends, however it ends, so a crashed run leaves no stale lock.
ResultsDirLock lock_dir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open results directory " + dir.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK)
            throw std::runtime_error("results directory " + dir.string() +
                                     " is in use by another dtop run; choose another --out");
        throw std::runtime_error("cannot lock results directory " + dir.string() + ": " + std::strerror(err));
    }
    return ResultsDirLock(fd);
}

bool not_writable(const std::error_code& ec) {
    return ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted ||
           ec == std::errc::read_only_file_system;
}

// A path a manifest names: relative, inside the folder, no "..".
bool is_inside_path(const std::string& p) {
    const fs::path path(p);
    if (p.empty() || path.is_absolute()) return false;
    for (const auto& part : path)
        if (part == ".." || part == ".") return false;
    return true;
}

// The files an earlier run wrote, as its manifest lists them, plus dtop's own names. Throws with the
// reason when the manifest is not a dtop run manifest.
std::set<std::string> files_of_earlier_run(const fs::path& dir) {
    const fs::path manifest = dir / "manifest.json";
    const std::string refused = "--overwrite refused: " + dir.string() + " is not an earlier dtop results directory";
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(manifest, ec))) throw std::runtime_error(refused + " (it has no manifest.json)");
    nlohmann::json m;
    try {
        std::ifstream in(manifest);
        m = nlohmann::json::parse(in);
    } catch (const std::exception&) {
        throw std::runtime_error(refused + " (its manifest.json is not JSON)");
    }
    std::set<std::string> files{"manifest.json", "run.log", "report.html"};
    auto bad = [&](const std::string& why) { return std::runtime_error(refused + " (its manifest.json " + why + ")"); };
    if (!m.is_object() || !m.contains("dtop_version") || !m["dtop_version"].is_string() || !m.contains("status") ||
        !m["status"].is_string() || !m.contains("nodes") || !m["nodes"].is_object())
        throw bad("is not a dtop run manifest: no dtop_version, status and nodes");
    for (const auto& [node, nj] : m["nodes"].items()) {
        if (!nj.is_object()) throw bad("has node '" + node + "' that is not an object");
        if (nj.contains("outputs")) {
            if (!nj["outputs"].is_object()) throw bad("has outputs of node '" + node + "' that are not an object");
            for (const auto& [port, f] : nj["outputs"].items()) {
                if (!f.is_string() || !is_inside_path(f.get<std::string>())) throw bad("names an output file outside the folder");
                files.insert(f.get<std::string>());
            }
        }
        if (nj.contains("files")) {
            if (!nj["files"].is_array()) throw bad("has files of node '" + node + "' that are not a list");
            for (const auto& f : nj["files"]) {
                if (!f.is_string() || !is_inside_path(f.get<std::string>())) throw bad("names a file outside the folder");
                files.insert(f.get<std::string>());
            }
        }
    }
    return files;
}

// Removes an earlier run's files, and only them: anything the manifest does not list (but dtop's
// temporary files) makes the run refuse before anything is deleted.
void remove_earlier_run(const fs::path& dir) {
    const auto files = files_of_earlier_run(dir);
    std::vector<fs::path> to_remove, folders;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path rel = it->path().lexically_relative(dir);
        if (it->is_directory(ec) && !it->is_symlink(ec)) {
            folders.push_back(it->path());
            continue;
        }
        if (files.count(rel.generic_string()) || is_temporary_name(rel.filename().string()))
            to_remove.push_back(it->path());
        else
            throw std::runtime_error("--overwrite refused: " + dir.string() + " holds " + rel.string() +
                                     ", which its manifest does not list (move it away, or choose another --out)");
    }
    if (ec) throw std::runtime_error("cannot read " + dir.string() + ": " + ec.message());
    for (const auto& f : to_remove)
        if (!fs::remove(f, ec) && ec) throw std::runtime_error("cannot remove " + f.string() + ": " + ec.message());
    // Deepest first: a node's folder goes once empty.
    std::sort(folders.rbegin(), folders.rend());
    for (const auto& f : folders) fs::remove(f, ec);  // fails (and stays) when not empty
}

}  // namespace

ClaimedResultsDir claim_results_dir(const std::optional<fs::path>& out, bool overwrite, const std::string& scenario_name) {
    std::error_code ec;
    if (out) {
        if (out->empty()) throw std::runtime_error("--out is empty: name a results directory");
        const auto status = fs::symlink_status(*out, ec);
        if (fs::exists(status) && !fs::is_directory(fs::status(*out, ec)))
            throw std::runtime_error("--out " + out->string() + " exists and is not a directory");
        if (!fs::exists(status)) {
            ec.clear();  // symlink_status left ENOENT in it
            if (out->has_parent_path()) fs::create_directories(out->parent_path(), ec);
            if (!ec) fs::create_directory(*out, ec);  // false when another run just created it: then the lock decides
            if (ec)
                throw std::runtime_error("cannot create results directory " + out->string() + ": " + ec.message() +
                                         (not_writable(ec) ? " (that folder is not writable)" : ""));
        }
        ClaimedResultsDir claimed{*out, lock_dir(*out)};
        // Checked with the lock held: no other run writes here until the lock goes.
        if (!fs::is_empty(*out, ec)) {
            if (!overwrite)
                throw std::runtime_error("results directory " + out->string() +
                                         " already exists and is not empty; choose another --out, or pass "
                                         "--overwrite to replace an earlier run's results");
            remove_earlier_run(*out);
        }
        return claimed;
    }
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    // The scenario's name becomes a folder name: keep it to safe characters.
    std::string safe;
    for (char c : scenario_name) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    if (safe.empty()) safe = "run";
    const fs::path base = fs::path("results") / (safe + "-" + stamp);
    fs::create_directories(base.parent_path(), ec);
    if (ec)
        throw std::runtime_error("cannot create results directory " + fs::absolute(base.parent_path()).string() + ": " +
                                 ec.message() + (not_writable(ec) ? " (the working directory is not writable; pass --out DIR)" : ""));
    for (int n = 1; n < 1000; ++n) {
        const fs::path candidate = n == 1 ? base : fs::path(base.string() + "-" + std::to_string(n));
        if (fs::create_directory(candidate, ec)) return {candidate, lock_dir(candidate)};  // fails if it exists: never reused
        if (ec) throw std::runtime_error("cannot create results directory " + candidate.string() + ": " + ec.message());
    }
    throw std::runtime_error("cannot find a free results directory name under results/");
}

void write_atomic(const fs::path& file, const std::string& content) {
    // Only a regular file is ever replaced: renaming over a device, a FIFO, a socket, a symbolic link
    // or a directory would destroy something that is not ours to replace.
    std::error_code ec;
    const auto existing = fs::symlink_status(file, ec);
    if (!ec && fs::exists(existing) && !fs::is_regular_file(existing))
        throw std::runtime_error("refusing to replace " + file.string() + ": it exists and is not a regular file (" +
                                 file_type_name(existing.type()) + ")");
    const fs::path tmp = temporary_name(file);
    // O_EXCL: never follow a link planted under the temporary name. One left by a crashed process of
    // the same pid is removed (the name, not what it points to) and the file created again.
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST && ::unlink(tmp.c_str()) == 0)
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(errno));
    // On any failure (a full disk, a file size limit) the temporary file goes: nothing half written stays.
    auto fail = [&](const std::string& what, int err) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return std::runtime_error(what + " " + file.string() + ": " + std::strerror(err));
    };
    for (std::size_t at = 0; at < content.size();) {
        const ssize_t n = ::write(fd, content.data() + at, content.size() - at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw fail("cannot write", n < 0 ? errno : ENOSPC);
        at += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(err));
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot move " + tmp.string() + " to " + file.string() + ": " + std::strerror(err));
    }
}

bool is_temporary_name(const std::string& name) {
    return name.size() > 1 && name[0] == '.' && name.find(".tmp") != std::string::npos;
}

std::string to_csv(const Value& v) {
    std::string s;
    const std::size_t rows = v.rows, cols = v.cols;
    if (v.is_columns()) {
        for (std::size_t c = 0; c < cols; ++c) s += (c ? "," : "") + header_cell(v.names[c], v.units[c]);
        s += '\n';
        s.reserve(s.size() + rows * cols * 14);
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                if (c) s += ',';
                append_number(s, v.data[c * rows + r]);
            }
            s += '\n';
        }
    } else if (v.kind == DTOP_KIND_REAL_ARRAY) {
        for (std::size_t c = 0; c < cols; ++c) s += (c ? "," : "") + header_cell("c" + std::to_string(c + 1), v.unit);
        s += '\n';
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                if (c) s += ',';
                append_number(s, v.data[c * rows + r]);
            }
            s += '\n';
        }
    } else if (v.kind == DTOP_KIND_COMPLEX_ARRAY) {
        for (std::size_t c = 0; c < cols; ++c) {
            const std::string n = std::to_string(c + 1);
            s += (c ? "," : "") + header_cell("re" + n, v.unit) + "," + header_cell("im" + n, v.unit);
        }
        s += '\n';
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                if (c) s += ',';
                append_number(s, v.data[2 * (c * rows + r)]);
                s += ',';
                append_number(s, v.data[2 * (c * rows + r) + 1]);
            }
            s += '\n';
        }
    } else {
        throw std::runtime_error(std::string("a ") + kind_name(v.kind) + " is written as JSON, not CSV");
    }
    return s;
}

nlohmann::json to_json(const Value& v) {
    switch (v.kind) {
    case DTOP_KIND_REAL: return v.unit.empty() ? json_number(v.data[0]) : nlohmann::json{{"value", json_number(v.data[0])}, {"unit", v.unit}};
    case DTOP_KIND_INT: return static_cast<int64_t>(v.data[0]);
    case DTOP_KIND_BOOL: return v.data[0] != 0.0;
    case DTOP_KIND_STRING:
    case DTOP_KIND_PATH: return v.text;
    case DTOP_KIND_JSON: {
        auto j = nlohmann::json::parse(v.text, nullptr, false);
        return j.is_discarded() ? nlohmann::json(v.text) : j;
    }
    case DTOP_KIND_REAL_ARRAY: {
        if (v.cols == 1) {
            nlohmann::json values = nlohmann::json::array();
            for (double x : v.data) values.push_back(json_number(x));
            return nlohmann::json{{"values", values}, {"unit", v.unit}};
        }
        nlohmann::json rows = nlohmann::json::array();
        for (uint64_t r = 0; r < v.rows; ++r) {
            nlohmann::json row = nlohmann::json::array();
            for (uint64_t c = 0; c < v.cols; ++c) row.push_back(json_number(v.data[c * v.rows + r]));
            rows.push_back(row);
        }
        return nlohmann::json{{"values", rows}, {"unit", v.unit}};
    }
    default: {
        nlohmann::json j{{"type", kind_name(v.kind)}, {"rows", v.rows}, {"cols", v.cols}};
        return j;
    }
    }
}

std::string json_file_text(const Value& v) {
    if (v.kind == DTOP_KIND_JSON) {
        // The plugin's key order is kept (e.g. a table's columns), so ordered_json here.
        const auto j = nlohmann::ordered_json::parse(v.text, nullptr, false);
        if (!j.is_discarded()) return json_text(j, 2) + "\n";
    }
    return json_text(to_json(v), 2) + "\n";
}

std::string output_file_name(const std::string& node, const std::string& port, const Value& v) {
    const bool csv = v.is_columns() || v.kind == DTOP_KIND_COMPLEX_ARRAY || (v.kind == DTOP_KIND_REAL_ARRAY && v.cols > 1) ||
                     (v.kind == DTOP_KIND_REAL_ARRAY && v.rows > 16);
    return node + "." + port + (csv ? ".csv" : ".json");
}

}  // namespace dtop
