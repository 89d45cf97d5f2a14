#include "cycles.hpp"

#include <dtop_support/fields.hpp>
#include <dtop_support/line_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace dtop::battery {

long Cycles::index_of(double cycle_number) const {
    for (std::size_t i = 0; i < cycle.size(); ++i)
        if (cycle[i] == cycle_number) return static_cast<long>(i);
    return -1;
}

Cycles Cycles::head(std::size_t n) const {
    auto cut = [n](const std::vector<double>& v) {
        return std::vector<double>(v.begin(), v.begin() + static_cast<long>(std::min(n, v.size())));
    };
    return Cycles{cut(cycle), cut(capacity_ah), cut(discharge_time_s), cut(temperature_c)};
}

namespace {

std::string number_text(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// The problem with row `i`, or an empty string.
std::string row_problem(const Cycles& c, std::size_t i) {
    const double values[] = {c.cycle[i], c.capacity_ah[i], c.discharge_time_s[i], c.temperature_c[i]};
    for (std::size_t k = 0; k < 4; ++k)
        if (!std::isfinite(values[k])) return std::string(kCycleColumns[k]) + " is not a finite number";
    if (i > 0 && c.cycle[i] <= c.cycle[i - 1])
        return "cycle " + number_text(c.cycle[i]) + " does not follow cycle " + number_text(c.cycle[i - 1]) +
               " (cycles must increase)";
    if (c.capacity_ah[i] <= 0) return "capacity_ah must be positive, got " + number_text(c.capacity_ah[i]);
    if (c.discharge_time_s[i] <= 0) return "discharge_time_s must be positive, got " + number_text(c.discharge_time_s[i]);
    return {};
}

}  // namespace

void check_cycles(const Cycles& c) {
    if (c.size() == 0) throw std::invalid_argument("no cycles");
    for (std::size_t i = 0; i < c.size(); ++i) {
        const std::string problem = row_problem(c, i);
        if (!problem.empty()) throw std::invalid_argument("row " + std::to_string(i + 1) + ": " + problem);
    }
}

Cycles read_cycles_csv(const std::string& path) {
    // Lines and fields come from the plugin-support library; the words are this file's own.
    std::optional<support::LineReader> lines;
    try {
        lines.emplace(path);
    } catch (const support::DataError& e) {
        throw std::runtime_error(e.what());  // "<path>: cannot open the file: <why>"
    }
    auto fail = [&](std::size_t line, const std::string& what) -> std::runtime_error {
        return std::runtime_error(path + ":" + std::to_string(line) + ": " + what);
    };

    std::string_view line;
    std::size_t line_no = 0;
    std::vector<long> column_of(4, -1);  // position of each of the four columns in a row
    std::size_t header_fields = 0;
    Cycles c;
    while (lines->next(line)) {
        line_no = static_cast<std::size_t>(lines->line());
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines carry nothing
        const auto fields = support::split_fields(line, ',');
        if (header_fields == 0) {
            header_fields = fields.size();
            for (std::size_t f = 0; f < fields.size(); ++f)
                for (std::size_t k = 0; k < 4; ++k)
                    if (fields[f].text == kCycleColumns[k]) column_of[k] = static_cast<long>(f);
            for (std::size_t k = 0; k < 4; ++k)
                if (column_of[k] < 0)
                    throw fail(line_no, std::string("the header has no column '") + kCycleColumns[k] +
                                            "' (expected cycle,capacity_ah,discharge_time_s,max_temperature_c)");
            continue;
        }
        if (fields.size() != header_fields)
            throw fail(line_no, std::to_string(fields.size()) + " fields, the header has " + std::to_string(header_fields));
        double v[4];
        for (std::size_t k = 0; k < 4; ++k) {
            const std::string_view f = fields[static_cast<std::size_t>(column_of[k])].text;
            const auto number = support::parse_number(f);
            if (!number) throw fail(line_no, std::string("column '") + kCycleColumns[k] + "': '" + std::string(f) + "' is not a number");
            v[k] = *number;
        }
        c.cycle.push_back(v[0]);
        c.capacity_ah.push_back(v[1]);
        c.discharge_time_s.push_back(v[2]);
        c.temperature_c.push_back(v[3]);
        const std::string problem = row_problem(c, c.size() - 1);
        if (!problem.empty()) throw fail(line_no, problem);
    }
    if (header_fields == 0) throw std::runtime_error(path + ": the file is empty");
    if (c.size() == 0) throw fail(line_no, "no cycles after the header");
    return c;
}

}  // namespace dtop::battery
