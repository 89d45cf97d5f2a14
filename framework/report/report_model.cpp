#include "report_model.hpp"

#include "csv_columns.hpp"
#include "decimate.hpp"
#include "registry.hpp"
#include "report_assets.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>

namespace fs = std::filesystem;
using nlohmann::json;

namespace dtop::report {

namespace {

constexpr std::size_t kTableRows = 100;        // rows shown of a table; the CSV has them all
constexpr std::size_t kListValues = 16;        // a longer list of numbers is not a scalar
constexpr std::uintmax_t kChartBytes = 256u << 20;  // a larger CSV is linked, not charted
constexpr std::size_t kLogLines = 400;

// Seven significant digits are more than a chart shows, and keep the page small (JSON numbers are
// written in their shortest exact form).
double for_chart(double v) {
    if (!std::isfinite(v)) return v;
    char buf[32];
    const auto w = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 7);
    double r = v;
    std::from_chars(buf, w.ptr, r);
    return r;
}

// Output files are read keeping their keys' order (a table's columns), so as ordered_json.
using ojson = nlohmann::ordered_json;

bool is_scalar(const ojson& v) { return v.is_primitive(); }

bool short_number_list(const ojson& v) {
    return v.is_array() && !v.empty() && v.size() <= kListValues && std::all_of(v.begin(), v.end(), [](const ojson& e) { return e.is_number(); });
}

bool flat_records(const ojson& v) {
    return v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const ojson& r) {
        return r.is_object() && std::none_of(r.begin(), r.end(), [](const ojson& e) { return e.is_structured(); });
    });
}

// The report reads a manifest someone may have edited: every field it reads is checked for its type
// first, so that a wrong one is named ("nodes.a.status should be text, it is a number") instead of
// surfacing as a JSON library's exception.
void expect_type(const json& parent, const std::string& key, json::value_t type, const std::string& path) {
    if (!parent.contains(key) || parent[key].is_null()) return;
    const json& v = parent[key];
    const bool ok = type == json::value_t::number_float ? v.is_number() : v.type() == type;
    if (ok) return;
    const char* wanted = type == json::value_t::string ? "text"
                         : type == json::value_t::object ? "an object"
                         : type == json::value_t::array ? "a list"
                                                         : "a number";
    throw std::runtime_error("field '" + path + key + "' should be " + wanted + ", it is " + (v.is_null() ? "null" : v.type_name()));
}

void check_manifest_types(const json& m) {
    using t = json::value_t;
    for (const char* k : {"status", "started", "finished", "dtop_version", "plugin_api_version"}) expect_type(m, k, t::string, "");
    expect_type(m, "scenario", t::object, "");
    expect_type(m, "command_line", t::array, "");
    expect_type(m, "plugins", t::object, "");
    expect_type(m, "nodes", t::object, "");
    if (m.contains("scenario") && m["scenario"].is_object())
        for (const char* k : {"name", "description"}) expect_type(m["scenario"], k, t::string, "scenario.");
    if (m.contains("plugins") && m["plugins"].is_object())
        for (const auto& [name, p] : m["plugins"].items()) {
            if (!p.is_object()) throw std::runtime_error("field 'plugins." + name + "' should be an object, it is " + p.type_name());
            for (const char* k : {"version", "file", "sha256"}) expect_type(p, k, t::string, "plugins." + name + ".");
        }
    for (const auto& [name, n] : m["nodes"].items()) {
        if (!n.is_object()) throw std::runtime_error("field 'nodes." + name + "' should be an object, it is " + n.type_name());
        const std::string at = "nodes." + name + ".";
        for (const char* k : {"plugin", "mode", "status", "error"}) expect_type(n, k, t::string, at);
        expect_type(n, "wall_time_s", t::number_float, at);
        expect_type(n, "params", t::object, at);
        expect_type(n, "outputs", t::object, at);
        expect_type(n, "files", t::array, at);
    }
}

class Gatherer {
public:
    Gatherer(const fs::path& dir, Registry* registry) : dir_(dir), registry_(registry) {}

    json run() {
        std::ifstream in(dir_ / "manifest.json");
        if (!in) throw std::runtime_error(dir_.string() + " is not a dtop results directory: it has no manifest.json");
        manifest_ = json::parse(in, nullptr, false);
        if (manifest_.is_discarded() || !manifest_.is_object() || !manifest_.contains("nodes"))
            throw std::runtime_error((dir_ / "manifest.json").string() + " is not a dtop run manifest");
        try {
            check_manifest_types(manifest_);
        } catch (const std::exception& e) {
            throw std::runtime_error((dir_ / "manifest.json").string() + ": " + e.what());
        }
        header();
        for (const auto& [name, node] : manifest_["nodes"].items()) {
            add_node(name, node);
            // Named copies: a range-for over a member of a temporary would outlive the temporary.
            const json outputs = node.value("outputs", json::object()), files = node.value("files", json::array());
            for (const auto& [port, file] : outputs.items())
                if (file.is_string()) add_output(name, node.value("plugin", ""), port, file.get<std::string>());
            for (const auto& file : files)
                if (file.is_string()) add_own_file(name, file.get<std::string>());
        }
        add_file("", "manifest.json");
        add_file("", "run.log");
        add_log();
        return std::move(model_);
    }

private:
    void header() {
        const json& m = manifest_;
        const json scenario = m.value("scenario", json::object());
        model_ = {{"title", scenario.value("name", dir_.filename().string())},
                  {"description", scenario.value("description", "")},
                  {"status", m.value("status", "unknown")},
                  {"started", m.value("started", "")},
                  {"finished", m.value("finished", "")},
                  {"dtop_version", m.value("dtop_version", "")},
                  {"plugin_api_version", m.value("plugin_api_version", "")},
                  {"plotly_version", kPlotlyVersion},
                  {"scenario", scenario},
                  {"command_line", m.value("command_line", json::array())},
                  {"clock", m.value("clock", json())},
                  {"results", fs::absolute(dir_).lexically_normal().string()},
                  {"nodes", json::array()},
                  {"plugins", json::array()},
                  {"scalars", json::array()},
                  {"tables", json::array()},
                  {"charts", json::array()},
                  {"images", json::array()},
                  {"files", json::array()},
                  {"problems", json::array()}};
        const json plugins = m.value("plugins", json::object());
        for (const auto& [name, p] : plugins.items())
            model_["plugins"].push_back({{"name", name},
                                         {"version", p.value("version", "")},
                                         {"file", p.value("file", "")},
                                         {"sha256", p.value("sha256", "")}});
    }

    void add_node(const std::string& name, const json& n) {
        const std::string plugin = n.value("plugin", "");
        json node{{"name", name},
                  {"plugin", plugin},
                  {"version", plugin_version(plugin)},
                  {"mode", n.value("mode", "")},
                  {"status", n.value("status", "")},
                  {"wall_time_s", n.value("wall_time_s", 0.0)},
                  {"params", n.value("params", json::object())}};
        if (n.contains("error")) node["error"] = n["error"];
        model_["nodes"].push_back(node);
    }

    std::string plugin_version(const std::string& plugin) const {
        const auto p = manifest_.find("plugins");
        if (p == manifest_.end() || !p->contains(plugin)) return "";
        return (*p)[plugin].value("version", "");
    }

    void problem(const std::string& text) { model_["problems"].push_back(text); }

    void add_file(const std::string& node, const std::string& file) {
        std::error_code ec;
        const auto bytes = fs::file_size(dir_ / file, ec);
        if (ec) return;
        model_["files"].push_back({{"node", node}, {"file", file}, {"bytes", bytes}});
    }

    void scalar(const std::string& node, const std::string& name, const json& value, const std::string& unit) {
        model_["scalars"].push_back({{"node", node}, {"name", name}, {"value", value}, {"unit", unit}});
    }

    // The kind the plugin declares for an output port, if the registry knows the plugin.
    std::optional<PortDesc> port_desc(const std::string& plugin, const std::string& port) {
        if (!registry_ || plugin.empty()) return std::nullopt;
        const PluginEntry* entry = registry_->find(plugin);
        const PortDesc* p = entry ? entry->desc.port(port) : nullptr;
        return p ? std::optional<PortDesc>(*p) : std::nullopt;
    }

    void add_output(const std::string& node, const std::string& plugin, const std::string& port, const std::string& file) {
        add_file(node, file);
        try {
            if (fs::path(file).extension() == ".json") add_json(node, port, file);
            else if (fs::path(file).extension() == ".csv") add_csv(node, port, file, port_desc(plugin, port));
        } catch (const std::exception& e) {
            problem(file + ": " + e.what());
        }
    }

    void add_json(const std::string& node, const std::string& port, const std::string& file) {
        std::ifstream in(dir_ / file);
        const auto j = ojson::parse(in, nullptr, false);
        if (j.is_discarded()) throw std::runtime_error("not valid JSON");
        if (is_scalar(j)) return scalar(node, port, json(j), "");
        if (j.is_object() && j.size() == 2 && j.contains("value") && j.contains("unit") && is_scalar(j["value"]))
            return scalar(node, port, json(j["value"]), j["unit"].is_string() ? j["unit"].get<std::string>() : "");
        if (j.is_object() && j.contains("values") && short_number_list(j["values"]))
            return scalar(node, port, json(j["values"]), j.value("unit", ""));
        if (flat_records(j)) {
            std::vector<std::string> columns;
            for (const auto& r : j)
                for (const auto& [k, v] : r.items())
                    if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
            json table{{"node", node}, {"name", port}, {"file", file}, {"columns", json::array()}, {"rows", json::array()},
                       {"total_rows", j.size()}};
            for (const auto& c : columns) table["columns"].push_back({{"name", c}, {"unit", ""}});
            for (std::size_t r = 0; r < j.size() && r < kTableRows; ++r) {
                json row = json::array();
                for (const auto& c : columns) row.push_back(j[r].contains(c) ? json(j[r][c]) : json());
                table["rows"].push_back(row);
            }
            model_["tables"].push_back(table);
            return;
        }
        // Structured results: their top-level scalars (and short lists of numbers); the rest is in the file.
        if (j.is_object())
            for (const auto& [k, v] : j.items())
                if (is_scalar(v) || short_number_list(v)) scalar(node, port + "." + k, json(v), "");
    }

    void add_csv(const std::string& node, const std::string& port, const std::string& file, const std::optional<PortDesc>& desc) {
        std::error_code ec;
        if (fs::file_size(dir_ / file, ec) > kChartBytes) {
            problem(file + ": too large to show on the page; open the CSV");
            return;
        }
        const CsvColumns t = read_csv_columns(dir_ / file);
        bool series;
        if (desc) series = desc->kind == DTOP_KIND_SERIES || desc->is_stepped();
        else series = t.rows() >= 2 && std::adjacent_find(t.columns[0].begin(), t.columns[0].end(), std::greater_equal<double>()) == t.columns[0].end();
        if (series && t.names.size() >= 2 && t.rows() >= 2) chart(node, port, file, t);
        else table(node, port, file, t);
    }

    void table(const std::string& node, const std::string& port, const std::string& file, const CsvColumns& t) {
        json table{{"node", node}, {"name", port}, {"file", file}, {"columns", json::array()}, {"rows", json::array()}, {"total_rows", t.rows()}};
        for (std::size_t c = 0; c < t.names.size(); ++c) table["columns"].push_back({{"name", t.names[c]}, {"unit", t.units[c]}});
        for (std::size_t r = 0; r < t.rows() && r < kTableRows; ++r) {
            json row = json::array();
            for (const auto& col : t.columns) row.push_back(col[r]);
            table["rows"].push_back(row);
        }
        model_["tables"].push_back(table);
    }

    // One chart per unit among the channels, so every chart has one meaningful ordinate.
    void chart(const std::string& node, const std::string& port, const std::string& file, const CsvColumns& t) {
        std::vector<std::string> units;
        for (std::size_t c = 1; c < t.names.size(); ++c)
            if (std::find(units.begin(), units.end(), t.units[c]) == units.end()) units.push_back(t.units[c]);
        const auto& x = t.columns[0];
        const bool positive = std::all_of(x.begin(), x.end(), [](double v) { return v > 0; });
        const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
        for (const auto& unit : units) {
            json c{{"id", "chart-" + std::to_string(model_["charts"].size() + 1)},
                   {"node", node},
                   {"name", port + (units.size() > 1 ? " (" + (unit.empty() ? std::string("no unit") : unit) + ")" : "")},
                   {"file", file},
                   {"x", {{"name", t.names[0]}, {"unit", t.units[0]}, {"log", positive && *hi >= 50 * *lo}}},
                   {"y", {{"unit", unit}}},
                   {"samples", t.rows()},
                   {"shown", 0},
                   {"traces", json::array()}};
            std::size_t shown = 0;
            for (std::size_t k = 1; k < t.names.size(); ++k) {
                if (t.units[k] != unit) continue;
                const auto keep = minmax_indices(t.columns[k], kChartBuckets);
                json xs = json::array(), ys = json::array();
                for (std::size_t i : keep) {
                    xs.push_back(for_chart(x[i]));
                    ys.push_back(for_chart(t.columns[k][i]));
                }
                shown = std::max(shown, keep.size());
                c["traces"].push_back({{"name", t.names[k]}, {"x", std::move(xs)}, {"y", std::move(ys)}});
            }
            c["shown"] = shown;
            model_["charts"].push_back(std::move(c));
        }
    }

    void add_own_file(const std::string& node, const std::string& file) {
        add_file(node, file);
        const std::string ext = fs::path(file).extension().string();
        if (ext == ".png" || ext == ".svg" || ext == ".jpg" || ext == ".jpeg") model_["images"].push_back({{"node", node}, {"file", file}});
    }

    void add_log() {
        std::ifstream in(dir_ / "run.log");
        std::vector<std::string> lines;
        std::string line;
        while (std::getline(in, line)) lines.push_back(line);
        const std::size_t first = lines.size() > kLogLines ? lines.size() - kLogLines : 0;
        model_["log"] = std::vector<std::string>(lines.begin() + static_cast<std::ptrdiff_t>(first), lines.end());
        model_["log_skipped"] = first;
    }

    fs::path dir_;
    Registry* registry_;
    json manifest_, model_;
};

}  // namespace

json gather(const fs::path& dir, Registry* registry) { return Gatherer(dir, registry).run(); }

}  // namespace dtop::report
