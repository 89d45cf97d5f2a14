#include "run_aftermath.hpp"

#include "results.hpp"
#include "safe_text.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <deque>
#include <fstream>

namespace fs = std::filesystem;

namespace dtop {

namespace {

constexpr std::size_t kLogTailLines = 20;

std::string iso_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json read_manifest(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return nlohmann::json::object();
    auto m = nlohmann::json::parse(in, nullptr, false);  // written atomically: whole or absent
    return m.is_object() ? m : nlohmann::json::object();
}

}  // namespace

std::vector<std::string> tail_lines(const fs::path& file, std::size_t lines) {
    std::ifstream in(file);
    std::deque<std::string> last;
    std::string line;
    while (std::getline(in, line)) {
        last.push_back(line);
        if (last.size() > lines) last.pop_front();
    }
    return {last.begin(), last.end()};
}

std::vector<std::string> finish_abnormal_run(const fs::path& results, const AbnormalEnd& how) {
    nlohmann::json m = read_manifest(results / "manifest.json");
    const std::string why = "the engine process was " + how.end.describe();
    m["status"] = how.status;
    m["finished"] = iso_now();
    m["engine_pid"] = how.engine_pid;
    m["error"] = why;
    if (how.end.signalled)
        m["signal"] = {{"number", how.end.signal}, {"name", how.end.signal_name()}, {"core_dumped", how.end.core_dumped}};
    if (how.end.cancel_signal) m["cancelled_by"] = signal_name(how.end.cancel_signal);
    m["log_tail"] = tail_lines(results / "run.log", kLogTailLines);
    std::vector<std::string> running;
    if (!m.contains("nodes") || !m["nodes"].is_object()) m["nodes"] = nlohmann::json::object();
    for (auto& [name, node] : m["nodes"].items()) {
        const std::string status = node.value("status", "");
        if (status == "running") {
            running.push_back(name);
            node["status"] = how.status;
            node["error"] = why + " while this node ran";
        } else if (status == "pending" || status == "queued") {
            node["status"] = "skipped";
            node["error"] = "never started: " + why;
        }
    }
    write_atomic(results / "manifest.json", json_text(m, 2) + "\n");
    return running;
}

}  // namespace dtop
