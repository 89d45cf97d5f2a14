// dtop_results_golden: records the numbers of a results folder compactly, and compares a results
// folder with such a record, within the tolerance an engine change must keep (issue 10: 1e-9 relative,
// or 1e-12 of the series' largest magnitude for values near zero; a table's columns are one series).
//
//   dtop_results_golden record RESULTS_DIR GOLDEN.json
//   dtop_results_golden compare RESULTS_DIR GOLDEN.json     exit 0: same; 1: differences (listed)
//
// What is recorded: every output listed in the run's manifest and every .csv/.json a node wrote in
// its own folder. A CSV keeps its header, row count, each column's largest magnitude and 33 rows
// spread evenly over the file (first and last included); a JSON file keeps its whole content when it
// is under 64 KiB. Pictures and logs are not compared.
#include "csv_columns.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kSampleRows = 33;
constexpr std::uintmax_t kMaxJson = 64 * 1024;

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::size_t> sample_rows(std::size_t rows) {
    std::set<std::size_t> picked;
    for (std::size_t k = 0; k < kSampleRows && rows > 0; ++k) picked.insert(k * (rows - 1) / (kSampleRows - 1));
    return {picked.begin(), picked.end()};
}

json record_csv(const fs::path& file) {
    const auto csv = dtop::report::read_csv_columns(file);
    json j{{"names", csv.names}, {"units", csv.units}, {"rows", csv.rows()}};
    const auto rows = sample_rows(csv.rows());
    j["sample_rows"] = rows;
    json cols = json::array();
    for (const auto& c : csv.columns) {
        double biggest = 0;
        for (double x : c)
            if (std::isfinite(x)) biggest = std::max(biggest, std::abs(x));
        json values = json::array();
        for (std::size_t r : rows) values.push_back(std::isfinite(c[r]) ? json(c[r]) : json(std::to_string(c[r])));
        cols.push_back({{"max_abs", biggest}, {"values", values}});
    }
    j["columns"] = cols;
    return j;
}

// The files of a results folder worth comparing, relative to it.
std::set<std::string> files_of(const fs::path& dir) {
    const json m = json::parse(read(dir / "manifest.json"));
    std::set<std::string> files;
    for (const auto& [node, nj] : m.at("nodes").items()) {
        const json outputs = nj.value("outputs", json::object()), own = nj.value("files", json::array());
        for (const auto& [port, f] : outputs.items()) files.insert(f.get<std::string>());
        for (const auto& f : own) {
            const std::string name = f.get<std::string>();
            const std::string ext = fs::path(name).extension().string();
            if (ext == ".csv" || ext == ".json") files.insert(name);
        }
    }
    return files;
}

// Paths into the results folder are written "<results>/...", so two folders compare.
void relative_paths(json& j, const std::string& dir) {
    if (j.is_string()) {
        std::string text = j.get<std::string>();
        if (text.rfind(dir, 0) == 0) j = "<results>" + text.substr(dir.size());
    } else if (j.is_structured()) {
        for (auto& e : j) relative_paths(e, dir);
    }
}

json record(const fs::path& dir) {
    const std::string absolute = fs::absolute(dir).lexically_normal().string();
    const std::string prefix = absolute.ends_with("/") ? absolute.substr(0, absolute.size() - 1) : absolute;
    json golden = json::object();
    for (const auto& f : files_of(dir)) {
        const fs::path file = dir / f;
        if (file.extension() == ".csv") golden[f] = {{"csv", record_csv(file)}};
        else if (fs::file_size(file) <= kMaxJson) {
            json content = json::parse(read(file));
            relative_paths(content, prefix);
            golden[f] = {{"json", content}};
        }
    }
    return golden;
}

bool close(double a, double b, double scale) {
    if (a == b) return true;
    const double diff = std::abs(a - b);
    return diff <= 1e-9 * std::max(std::abs(a), std::abs(b)) || diff <= 1e-12 * scale;
}

// Largest magnitude among the numbers of a JSON value (the "series" a number belongs to).
double max_abs(const json& j) {
    if (j.is_number()) return std::abs(j.get<double>());
    double m = 0;
    if (j.is_structured())
        for (const auto& e : j) m = std::max(m, max_abs(e));
    return m;
}

// Keys whose values are measurements of the machine, not results: wall times, a picture's byte count.
bool varies_by_run(const std::string& where) {
    const auto dot = where.rfind('.');
    const std::string key = dot == std::string::npos ? where : where.substr(dot + 1);
    return key == "seconds" || key == "bytes" || key.ends_with("_seconds") || key.ends_with("wall_time_s") ||
           where.find(".seconds.") != std::string::npos;
}

void compare_json(const json& want, const json& got, const std::string& where, double scale, std::vector<std::string>& diffs) {
    if (varies_by_run(where)) return;
    if (want.is_number() && got.is_number()) {
        if (!close(want.get<double>(), got.get<double>(), scale))
            diffs.push_back(where + ": " + want.dump() + " -> " + got.dump());
        return;
    }
    if (want.type() != got.type() || (want.is_structured() && want.size() != got.size())) {
        diffs.push_back(where + ": " + want.dump().substr(0, 80) + " -> " + got.dump().substr(0, 80));
        return;
    }
    if (want.is_array()) {
        const double s = std::max(scale, max_abs(want));
        for (std::size_t k = 0; k < want.size(); ++k) compare_json(want[k], got[k], where + "[" + std::to_string(k) + "]", s, diffs);
    } else if (want.is_object()) {  // its numbers are one "series" too: a residual of 1e-15 beside frequencies of 7 Hz
        const double s = std::max(scale, max_abs(want));
        for (const auto& [key, value] : want.items()) {
            if (!got.contains(key)) diffs.push_back(where + "." + key + ": missing");
            else compare_json(value, got[key], where + "." + key, s, diffs);
        }
    } else if (want != got) {
        diffs.push_back(where + ": " + want.dump().substr(0, 80) + " -> " + got.dump().substr(0, 80));
    }
}

void compare_csv(const json& want, const json& got, const std::string& file, std::vector<std::string>& diffs) {
    for (const char* key : {"names", "units", "rows", "sample_rows"})
        if (want[key] != got[key]) diffs.push_back(file + ": " + key + " " + want[key].dump() + " -> " + got[key].dump());
    if (!diffs.empty()) return;
    // Near zero, a value is compared on the scale of the whole table: a fit's residual of 1e-13 Hz
    // sits beside frequencies of 7-29 Hz, and is rounding noise on their scale.
    double table_scale = 0;
    for (const auto& c : want["columns"]) table_scale = std::max(table_scale, c["max_abs"].get<double>());
    for (std::size_t c = 0; c < want["columns"].size(); ++c) {
        const json& w = want["columns"][c];
        const json& g = got["columns"][c];
        const std::string where = file + " column '" + want["names"][c].get<std::string>() + "'";
        const double scale = table_scale;
        if (!close(w["max_abs"].get<double>(), g["max_abs"].get<double>(), scale)) diffs.push_back(where + " largest magnitude " + w["max_abs"].dump() + " -> " + g["max_abs"].dump());
        for (std::size_t k = 0; k < w["values"].size(); ++k)
            compare_json(w["values"][k], g["values"][k], where + " row " + want["sample_rows"][k].dump(), scale, diffs);
    }
}

int compare(const fs::path& dir, const fs::path& golden_file) {
    const json want = json::parse(read(golden_file));
    const json got = record(dir);
    std::vector<std::string> diffs;
    for (const auto& [file, w] : want.items()) {
        if (!got.contains(file)) {
            diffs.push_back(file + ": missing from " + dir.string());
            continue;
        }
        if (w.contains("csv")) compare_csv(w["csv"], got[file]["csv"], file, diffs);
        else compare_json(w["json"], got[file]["json"], file, 0, diffs);
    }
    for (const auto& [file, g] : got.items())
        if (!want.contains(file)) diffs.push_back(file + ": new, not in " + golden_file.string());
    for (std::size_t k = 0; k < diffs.size() && k < 40; ++k) std::cerr << diffs[k] << '\n';
    if (!diffs.empty()) std::cerr << diffs.size() << " differences between " << dir.string() << " and " << golden_file.string() << '\n';
    return diffs.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4 || (std::string(argv[1]) != "record" && std::string(argv[1]) != "compare")) {
        std::cerr << "usage: dtop_results_golden record|compare RESULTS_DIR GOLDEN.json\n";
        return 2;
    }
    try {
        if (std::string(argv[1]) == "compare") return compare(argv[2], argv[3]);
        std::ofstream(argv[3]) << record(argv[2]).dump(1) << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "dtop_results_golden: " << e.what() << '\n';
        return 2;
    }
}
