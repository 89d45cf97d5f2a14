#include "results_writer.hpp"

#include "hash.hpp"
#include "results.hpp"
#include "safe_text.hpp"

#include <algorithm>
#include <ctime>

namespace fs = std::filesystem;

namespace dtop {

extern const char* const kDtopVersion;

namespace {

std::string iso_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// <node>.<port>.partial.csv for a recording that stopped early.
std::string partial_name(std::string file) {
    const auto dot = file.rfind('.');
    return file.substr(0, dot) + ".partial" + file.substr(dot);
}

// A manifest of more than this many nodes is rewritten at a node event only when the last write
// took less than a twentieth of the time since: its cost stays small beside the run's.
constexpr std::size_t kSmallManifest = 64;

}  // namespace

ResultsWriter::ResultsWriter(std::vector<std::string> command_line) : command_line_(std::move(command_line)) {}

void ResultsWriter::run_started(const RunContext& ctx) {
    std::lock_guard lock(mutex_);
    ctx_ = &ctx;
    nodes_.assign(ctx.plan.nodes.size(), NodeResult{});
    files_.assign(ctx.plan.nodes.size(), nlohmann::json::object());
    write_manifest(true);
}

void ResultsWriter::node_started(std::size_t node) {
    std::lock_guard lock(mutex_);
    nodes_[node].state = RunState::running;
    write_manifest(false);
}

void ResultsWriter::output_produced(std::size_t node, std::size_t port, const Value& v, bool partial) {
    const PlannedNode& pn = ctx_->plan.nodes[node];
    // A stepped output is recorded for a batch consumer; it is a result only when the node says `record: true`.
    if (pn.desc.ports[port].is_stepped() && !pn.spec->record) return;
    const std::string& port_name = pn.desc.ports[port].name;
    std::string file = output_file_name(ctx_->node_name(node), port_name, v);
    if (partial) file = partial_name(file);
    const bool csv = file.size() > 4 && file.compare(file.size() - 4, 4, ".csv") == 0;
    write_atomic(ctx_->results / file, csv ? to_csv(v) : json_file_text(v));
    std::lock_guard lock(mutex_);
    files_[node][port_name] = file;
    if (partial) write_manifest(true);
}

void ResultsWriter::node_finished(std::size_t node, const NodeResult& r) {
    std::lock_guard lock(mutex_);
    nodes_[node] = r;
    write_manifest(r.state != RunState::ok);
}

void ResultsWriter::run_finished(RunState state) {
    std::lock_guard lock(mutex_);
    run_state_ = state;
    write_manifest(true);
}

nlohmann::json ResultsWriter::plugins_json() const {
    nlohmann::json plugins = nlohmann::json::object();
    for (const auto& p : ctx_->plugins) plugins[p.name] = {{"version", p.version}, {"file", p.file.string()}, {"sha256", p.sha256}};
    return plugins;
}

nlohmann::json ResultsWriter::node_json(std::size_t i) const {
    const auto& pn = ctx_->plan.nodes[i];
    nlohmann::json params = nlohmann::json::object();
    for (std::size_t p = 0; p < pn.params.size(); ++p) params[pn.desc.params[p].name] = to_json(ctx_->params[i][p]);
    const auto& r = nodes_[i];
    nlohmann::json nj{{"plugin", pn.desc.name},
                      {"mode", pn.stepped ? "stepped" : "batch"},
                      {"params", params},
                      {"status", state_name(r.state)},
                      {"wall_time_s", r.wall_s},
                      {"outputs", files_[i]}};
    // Files the plugin wrote itself, in its own folder.
    std::error_code ec;
    const fs::path own_dir = ctx_->results / ctx_->node_name(i);
    if (fs::is_directory(own_dir, ec)) {
        nlohmann::json own = nlohmann::json::array();
        for (const auto& e : fs::recursive_directory_iterator(own_dir, ec))
            if (e.is_regular_file(ec)) own.push_back(fs::relative(e.path(), ctx_->results).string());
        std::sort(own.begin(), own.end());
        nj["files"] = own;
    }
    if (!r.error.empty()) nj["error"] = r.error;
    return nj;
}

void ResultsWriter::write_manifest(bool force) {
    // A manifest that cannot be written while the run goes on (a full disk) is written again at the
    // next event; only the last write's failure reaches the engine.
    try {
        write_manifest_now(force);
    } catch (const std::exception&) {
        if (is_final(run_state_)) throw;
    }
}

void ResultsWriter::write_manifest_now(bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && ctx_->plan.nodes.size() > kSmallManifest &&
        std::chrono::duration<double>(now - last_write_).count() < 20 * last_write_s_)
        return;
    const Scenario& sc = ctx_->plan.scenario;
    nlohmann::json m;
    m["dtop_version"] = kDtopVersion;
    m["plugin_api_version"] = std::to_string(DTOP_API_VERSION_MAJOR) + "." + std::to_string(DTOP_API_VERSION_MINOR);
    m["status"] = state_name(run_state_);
    m["started"] = ctx_->started;
    if (is_final(run_state_)) m["finished"] = iso_now();
    m["command_line"] = command_line_;
    m["scenario"] = {{"file", fs::absolute(sc.file).lexically_normal().string()},
                     {"sha256", sha256_hex(sc.text)},
                     {"name", sc.name},
                     {"description", sc.description},
                     {"overrides", sc.overrides}};
    if (sc.clock.present) m["clock"] = {{"start", sc.clock.start}, {"stop", sc.clock.stop}, {"step", sc.clock.step}};
    m["plugins"] = plugins_json();
    nlohmann::json nodes = nlohmann::json::object();
    for (std::size_t i = 0; i < ctx_->plan.nodes.size(); ++i) nodes[ctx_->node_name(i)] = node_json(i);
    m["nodes"] = nodes;
    write_atomic(ctx_->results / "manifest.json", json_text(m, 2) + "\n");
    last_write_ = std::chrono::steady_clock::now();
    last_write_s_ = std::chrono::duration<double>(last_write_ - now).count();
}

}  // namespace dtop
