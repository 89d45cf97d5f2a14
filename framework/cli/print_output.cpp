// Output files shown on the terminal for `dtop run --print`.
#include "print_output.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace dtop::cli {

namespace {

// Prints a CSV file as an aligned table.
void print_csv(const fs::path& file, std::ostream& out) {
    std::ifstream in(file);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) {
            char* end = nullptr;
            const double x = std::strtod(cell.c_str(), &end);
            if (!rows.empty() && end && *end == '\0' && !cell.empty()) {
                std::ostringstream f;
                f << std::setprecision(6) << x;
                cell = f.str();
            }
            cells.push_back(cell);
        }
        rows.push_back(cells);
    }
    std::vector<std::size_t> width;
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) {
            if (width.size() <= c) width.push_back(0);
            width[c] = std::max(width[c], r[c].size());
        }
    const std::size_t shown = std::min<std::size_t>(rows.size(), 41);
    for (std::size_t r = 0; r < shown; ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) out << (c ? "  " : "") << std::setw(static_cast<int>(width[c])) << rows[r][c];
        out << '\n';
    }
    if (rows.size() > shown) out << "... (" << rows.size() - 1 << " rows in " << file.string() << ")\n";
}

// Prints a JSON output; an array of flat records as an aligned table, anything else as it is.
void print_json(const fs::path& file, std::ostream& out) {
    std::ifstream in(file);
    const auto j = nlohmann::ordered_json::parse(in, nullptr, false);  // columns in the file's order
    const bool records = j.is_array() && !j.empty() && std::all_of(j.begin(), j.end(), [](const nlohmann::ordered_json& r) {
        return r.is_object() && std::none_of(r.begin(), r.end(), [](const nlohmann::ordered_json& v) { return v.is_structured(); });
    });
    if (!records) {
        out << (j.is_discarded() ? std::string("(unreadable)") : j.dump(2)) << '\n';
        return;
    }
    std::vector<std::string> columns;
    for (const auto& r : j)
        for (const auto& [k, v] : r.items())
            if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
    auto cell = [](const nlohmann::ordered_json& v) -> std::string {
        if (v.is_null()) return "-";
        if (v.is_string()) return v.get<std::string>();
        if (v.is_number_float()) {
            std::ostringstream f;
            f << std::setprecision(6) << v.get<double>();
            return f.str();
        }
        return v.dump();
    };
    std::vector<std::vector<std::string>> rows{columns};
    for (const auto& r : j) {
        rows.emplace_back();
        for (const auto& c : columns) rows.back().push_back(r.contains(c) ? cell(r.at(c)) : "-");
    }
    std::vector<std::size_t> width(columns.size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    for (const auto& r : rows) {
        for (std::size_t c = 0; c < r.size(); ++c)
            out << (c ? "  " : "") << (c == 0 ? std::left : std::right) << std::setw(static_cast<int>(width[c])) << r[c];
        out << std::right << '\n';
    }
}

}  // namespace

void print_output(const fs::path& file, std::ostream& out) {
    if (file.extension() == ".csv") print_csv(file, out);
    else print_json(file, out);
}

}  // namespace dtop::cli
