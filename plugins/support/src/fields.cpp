#include "dtop_support/fields.hpp"

#include <charconv>

namespace dtop::support {

std::vector<Field> split_fields(std::string_view line, char separator) {
    auto blank = [separator](char c) { return c == ' ' || (c == '\t' && separator != '\t'); };
    std::vector<Field> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t stop = line.find(separator, start);
        std::size_t a = start, b = stop == std::string_view::npos ? line.size() : stop;
        while (a < b && blank(line[a])) ++a;
        while (b > a && blank(line[b - 1])) --b;
        fields.push_back({line.substr(a, b - a), static_cast<long>(a + 1)});
        if (stop == std::string_view::npos) return fields;
        start = stop + 1;
    }
}

std::optional<double> parse_number(std::string_view text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);  // from_chars does not take it
        if (!text.empty() && text.front() == '-') return std::nullopt;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

}  // namespace dtop::support
