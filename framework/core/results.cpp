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

}  // namespace

fs::path make_results_dir(const std::optional<fs::path>& out, bool overwrite, const std::string& scenario_name) {
    std::error_code ec;
    if (out) {
        if (fs::exists(*out, ec) && !fs::is_directory(*out, ec))
            throw std::runtime_error("--out " + out->string() + " exists and is not a directory");
        if (fs::exists(*out, ec) && !fs::is_empty(*out, ec)) {
            if (!overwrite)
                throw std::runtime_error("results directory " + out->string() +
                                         " already exists and is not empty; choose another --out, or pass "
                                         "--overwrite to replace an earlier run's results");
            // Only ever delete what dtop wrote: a directory holding a run manifest.
            if (!fs::exists(*out / "manifest.json", ec))
                throw std::runtime_error("--overwrite refused: " + out->string() +
                                         " is not an earlier dtop results directory (it has no manifest.json)");
            fs::remove_all(*out, ec);
            if (ec) throw std::runtime_error("cannot remove " + out->string() + ": " + ec.message());
        }
        fs::create_directories(*out, ec);
        if (ec) throw std::runtime_error("cannot create results directory " + out->string() + ": " + ec.message());
        return *out;
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
    for (int n = 1; n < 1000; ++n) {
        const fs::path candidate = n == 1 ? base : fs::path(base.string() + "-" + std::to_string(n));
        if (fs::create_directory(candidate, ec)) return candidate;  // fails if it exists: never reused
        if (ec) throw std::runtime_error("cannot create results directory " + candidate.string() + ": " + ec.message());
    }
    throw std::runtime_error("cannot find a free results directory name under results/");
}

void write_atomic(const fs::path& file, const std::string& content) {
    const fs::path tmp = file.parent_path() / ("." + file.filename().string() + ".tmp" + std::to_string(::getpid()));
    {
        std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
        if (!o) throw std::runtime_error("cannot write " + tmp.string());
        o.write(content.data(), static_cast<std::streamsize>(content.size()));
        o.flush();
        if (!o) throw std::runtime_error("write failed for " + tmp.string() + " (disk full?)");
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw std::runtime_error("cannot move " + tmp.string() + " to " + file.string());
    }
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
