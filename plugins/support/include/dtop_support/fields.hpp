// The fields of one line of delimited text, and numbers in them. For readers that want each field
// as text (other columns than numbers, messages of their own); DelimitedReader parses numbers in
// place instead, faster, for tables of numbers.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace dtop::support {

struct Field {
    std::string_view text;  // without the spaces (and tabs, unless tab is the separator) around it
    long column = 0;        // 1-based character position of text in the line (where it would be, if empty)
};

// The line split at every separator: n separators give n + 1 fields. The views point into `line`.
std::vector<Field> split_fields(std::string_view line, char separator);

// The whole text as a number (std::from_chars, so "C" locale always; a leading '+' is taken), or
// nothing. "nan" and "inf" do parse: whether a value must be finite is the caller's rule.
std::optional<double> parse_number(std::string_view text);

}  // namespace dtop::support
