#include "dtop_support/header.hpp"

#include "dtop_support/data_error.hpp"

#include <algorithm>
#include <utility>

namespace dtop::support {

namespace {

std::string trim(std::string_view s) {
    const auto a = s.find_first_not_of(" \t\r\"");
    const auto b = s.find_last_not_of(" \t\r\"");
    return a == std::string_view::npos ? std::string() : std::string(s.substr(a, b - a + 1));
}

}  // namespace

char detect_separator(std::string_view header) {
    char separator = ',';
    std::size_t best = 0;
    for (char c : {',', ';', '\t'}) {
        const auto n = static_cast<std::size_t>(std::count(header.begin(), header.end(), c));
        if (n > best) best = n, separator = c;
    }
    return separator;
}

Heading parse_heading(std::string_view text) {
    Heading h;
    std::string cell = trim(text);
    for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
        const auto o = cell.rfind(open);
        if (o != std::string::npos && !cell.empty() && cell.back() == close) {
            h.unit = trim(std::string_view(cell).substr(o + 1, cell.size() - o - 2));
            cell = trim(std::string_view(cell).substr(0, o));
            break;
        }
    }
    h.name = std::move(cell);
    return h;
}

std::vector<Heading> parse_header(std::string_view line, char separator, const std::filesystem::path& file, long line_number) {
    std::vector<Heading> headings;
    std::size_t start = 0;
    while (true) {
        const auto stop = line.find(separator, start);
        Heading h = parse_heading(line.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start));
        h.column = static_cast<long>(start + 1);
        if (h.name.empty()) throw DataError(file, line_number, h.column, "empty column name in the header");
        headings.push_back(std::move(h));
        if (stop == std::string_view::npos) break;
        start = stop + 1;
    }
    return headings;
}

}  // namespace dtop::support
