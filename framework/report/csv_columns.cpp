#include "csv_columns.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace dtop::report {

namespace {

// Cells of one CSV line; quoted cells ("a, b" with "" for a quote) as written by results.cpp.
std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cells.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else cells.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else if (c != '\r') {
            cells.back() += c;
        }
    }
    return cells;
}

}  // namespace

std::pair<std::string, std::string> split_header_cell(const std::string& cell) {
    if (cell.size() > 3 && cell.back() == ')') {
        const auto open = cell.rfind(" (");
        if (open != std::string::npos) return {cell.substr(0, open), cell.substr(open + 2, cell.size() - open - 3)};
    }
    return {cell, ""};
}

CsvColumns read_csv_columns(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    CsvColumns t;
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error(file.string() + " is empty");
    for (const auto& cell : cells_of(line)) {
        auto [name, unit] = split_header_cell(cell);
        t.names.push_back(name);
        t.units.push_back(unit);
    }
    t.columns.resize(t.names.size());
    std::size_t row = 1;
    while (std::getline(in, line)) {
        ++row;
        if (line.empty() || line == "\r") continue;
        std::size_t col = 0, start = 0;
        while (col < t.columns.size()) {
            std::size_t end = line.find(',', start);
            if (end == std::string::npos) end = line.size();
            if (end > start && line[end - 1] == '\r') --end;
            double v = NAN;
            if (end > start) {
                const auto r = std::from_chars(line.data() + start, line.data() + end, v);
                if (r.ec != std::errc() || r.ptr != line.data() + end)
                    throw std::runtime_error(file.string() + ":" + std::to_string(row) + ": column " + std::to_string(col + 1) +
                                             " is not a number");
            }
            t.columns[col++].push_back(v);
            start = line.find(',', start);
            if (start == std::string::npos) break;
            ++start;
        }
        for (; col < t.columns.size(); ++col) t.columns[col].push_back(NAN);
    }
    return t;
}

}  // namespace dtop::report
