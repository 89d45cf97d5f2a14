#include "output_digest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dtop::test {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A cell as a JSON number when it is a finite number, else as its text (nan, inf, words).
json cell(const std::string& text) {
    if (!text.empty()) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() + text.size() && std::isfinite(v)) return v;
    }
    return text;
}

// {"series_length", "max_abs", "values"}: values sampled when longer than max_samples.
json series(const std::vector<json>& values, std::size_t max_samples) {
    double max_abs = 0;
    for (const json& v : values)
        if (v.is_number()) max_abs = std::max(max_abs, std::abs(v.get<double>()));
    json sampled = json::array();
    const std::size_t n = values.size();
    if (n <= max_samples) {
        for (const json& v : values) sampled.push_back(v);
    } else {
        for (std::size_t k = 0; k < max_samples; ++k) sampled.push_back(values[k * n / max_samples]);
        sampled.push_back(values[n - 1]);
    }
    return {{"series_length", n}, {"max_abs", max_abs}, {"values", sampled}};
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> parts;
    std::stringstream s(line);
    std::string p;
    while (std::getline(s, p, ',')) parts.push_back(p);
    if (!line.empty() && line.back() == ',') parts.emplace_back();
    return parts;
}

json digest_csv(const fs::path& file, std::size_t max_samples) {
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line)) return {{"header", json::array()}, {"rows", 0}};
    const std::vector<std::string> header = split(line);
    std::vector<std::vector<json>> columns(header.size());
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        const std::vector<std::string> cells = split(line);
        if (cells.size() != header.size())
            throw std::runtime_error(file.string() + ": row " + std::to_string(rows + 2) + " has " +
                                     std::to_string(cells.size()) + " cells, the header " + std::to_string(header.size()));
        for (std::size_t c = 0; c < cells.size(); ++c) columns[c].push_back(cell(cells[c]));
        ++rows;
    }
    json cols = json::array();
    for (const auto& c : columns) cols.push_back(series(c, max_samples));
    return {{"header", header}, {"rows", rows}, {"columns", cols}};
}

// Arrays of numbers become series; paths into the run's folder become "<run>/..."; "seconds" (timings)
// are left out; everything else is kept as it is.
json digest_json(const json& j, std::size_t max_samples, const std::string& run) {
    if (j.is_string() && j.get<std::string>().starts_with(run)) return "<run>" + j.get<std::string>().substr(run.size());
    if (j.is_array() && !j.empty() && std::all_of(j.begin(), j.end(), [](const json& v) { return v.is_number(); }))
        return series(std::vector<json>(j.begin(), j.end()), max_samples);
    if (j.is_array()) {
        json out = json::array();
        for (const json& v : j) out.push_back(digest_json(v, max_samples, run));
        return out;
    }
    if (j.is_object()) {
        json out = json::object();
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key() != "seconds") out[it.key()] = digest_json(it.value(), max_samples, run);
        return out;
    }
    return j;
}

bool is_series(const json& j) { return j.is_object() && j.contains("series_length") && j.contains("values"); }

bool close(double expected, double actual, double scale, const Tolerance& tol) {
    return std::abs(expected - actual) <= std::max(tol.relative * std::abs(expected), tol.of_series * scale);
}

struct Comparer {
    const Tolerance& tol;
    const json& root;  // the expected digest, for a scalar that belongs to another file's series
    std::vector<std::string> diffs;

    // "max_real_eigenvalue" in NODE.result.json is an entry of NODE.eigenvalues.csv: that series' scale.
    double eigenvalue_scale(const std::string& where) const {
        const std::string file = where.substr(1, where.find(".result.json") - 1) + ".eigenvalues.csv";
        double scale = 0;
        if (root.contains(file))
            for (const json& c : root[file]["columns"]) scale = std::max(scale, c["max_abs"].get<double>());
        return scale;
    }

    void differ(const std::string& where, const std::string& what) { diffs.push_back(where + ": " + what); }

    void values(const std::string& where, const json& e, const json& a, double scale) {
        if (e.is_number() && a.is_number()) {
            if (!close(e.get<double>(), a.get<double>(), scale, tol))
                differ(where, "expected " + e.dump() + ", got " + a.dump() + " (difference " +
                                  json(std::abs(e.get<double>() - a.get<double>())).dump() + ", series scale " +
                                  json(scale).dump() + ")");
        } else if (e != a) {
            differ(where, "expected " + e.dump() + ", got " + a.dump());
        }
    }

    void series_pair(const std::string& where, const json& e, const json& a) {
        if (!is_series(a) || e["series_length"] != a["series_length"] || e["values"].size() != a["values"].size()) {
            differ(where, "expected a series of " + e["series_length"].dump() + " values, got " +
                              (is_series(a) ? a["series_length"].dump() + " values" : a.dump().substr(0, 80)));
            return;
        }
        const double scale = e["max_abs"].get<double>();
        std::size_t bad = 0;
        const std::size_t before = diffs.size();
        for (std::size_t k = 0; k < e["values"].size(); ++k) {
            values(where + "[sample " + std::to_string(k) + "]", e["values"][k], a["values"][k], scale);
            if (diffs.size() > before + bad) ++bad;
            if (bad > 3) {  // the first few say enough
                differ(where, "more differences left out");
                break;
            }
        }
        values(where + " largest magnitude", e["max_abs"], a["max_abs"], scale);
    }

    void any(const std::string& where, const json& e, const json& a) {
        if (is_series(e)) return series_pair(where, e, a);
        if (e.is_object()) {
            if (!a.is_object()) return differ(where, "expected an object");
            for (auto it = e.begin(); it != e.end(); ++it) {
                if (!a.contains(it.key())) differ(where + "/" + it.key(), "missing");
                else any(where + "/" + it.key(), it.value(), a[it.key()]);
            }
            for (auto it = a.begin(); it != a.end(); ++it)
                if (!e.contains(it.key())) differ(where + "/" + it.key(), "not expected");
            return;
        }
        if (e.is_array()) {
            if (!a.is_array() || a.size() != e.size()) return differ(where, "expected an array of " + std::to_string(e.size()));
            for (std::size_t k = 0; k < e.size(); ++k) any(where + "[" + std::to_string(k) + "]", e[k], a[k]);
            return;
        }
        // A relative residual is rounding noise on the scale 1 it is relative to.
        double scale = where.ends_with("_residual") ? 1.0 : e.is_number() ? std::abs(e.get<double>()) : 0.0;
        if (where.ends_with(".result.json/max_real_eigenvalue")) scale = std::max(scale, eigenvalue_scale(where));
        values(where, e, a, scale);
    }
};

}  // namespace

json digest_folder(const fs::path& dir, std::size_t max_samples) {
    if (!fs::is_directory(dir)) throw std::runtime_error(dir.string() + ": not a folder");
    json out = json::object();
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        const fs::path& p = entry.path();
        const std::string name = p.filename().string(), rel = fs::relative(p, dir).generic_string();
        if (name == "manifest.json" || name.ends_with(".picture.json")) continue;
        if (p.extension() == ".csv") {
            out[rel] = digest_csv(p, max_samples);
        } else if (p.extension() == ".json") {
            std::ifstream in(p);
            out[rel] = digest_json(json::parse(in), max_samples, fs::absolute(dir).lexically_normal().string());
        }
    }
    return out;
}

std::vector<std::string> compare_digests(const json& expected, const json& actual, const Tolerance& tol) {
    Comparer c{tol, expected, {}};
    c.any("", expected, actual);
    return c.diffs;
}

}  // namespace dtop::test
