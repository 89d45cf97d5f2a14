#include "dtop_support/delimited_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

namespace dtop::support {

DelimitedReader::DelimitedReader(const std::filesystem::path& file, char separator) : lines_(file), separator_(separator) {
    std::string_view header;
    if (!lines_.next(header)) throw DataError(file, 1, 0, "the file is empty; expected a header row such as \"t (s),x (m)\"");
    if (!separator_) separator_ = detect_separator(header);
    for (Heading& h : parse_header(header, separator_, file, 1)) {
        names_.push_back(std::move(h.name));
        units_.push_back(std::move(h.unit));
        header_columns_.push_back(h.column);
    }
}

int DelimitedReader::column(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return static_cast<int>(i);
    return -1;
}

std::size_t DelimitedReader::require_column(const std::string& name) const {
    const int i = column(name);
    if (i >= 0) return static_cast<std::size_t>(i);
    std::string list;
    for (const auto& n : names_) list += (list.empty() ? "" : ", ") + n;
    throw DataError(file(), 1, 0, "no column '" + name + "' in the header (it has: " + list + ")");
}

std::vector<std::size_t> DelimitedReader::select(const std::vector<std::string>& names) {
    std::vector<std::size_t> indices;
    std::vector<bool> wanted(names_.size(), false);
    for (const auto& n : names) {
        indices.push_back(require_column(n));
        wanted[indices.back()] = true;
    }
    convert_only(std::move(wanted));
    return indices;
}

bool DelimitedReader::next(double* row) {
    const std::size_t columns = names_.size();
    std::string_view text;
    do {
        if (!lines_.next(text)) return false;
    } while (text.empty());  // blank line
    const long at = lines_.line();
    const std::filesystem::path& path = lines_.file();
    const char* b = text.data();
    const char* e = b + text.size();
    starts_.clear();
    const char* p = b;
    for (std::size_t c = 0; c < columns; ++c) {
        if (!wanted_.empty() && !wanted_[c]) {  // not converted: only step over it
            starts_.push_back(static_cast<long>(p - b) + 1);
            const char* stop = c + 1 < columns ? static_cast<const char*>(std::memchr(p, separator_, static_cast<std::size_t>(e - p))) : e;
            if (!stop)
                throw DataError(path, at, static_cast<long>(e - b) + 1,
                                "ragged row: " + std::to_string(c + 1) + " fields, expected " + std::to_string(columns) +
                                    " as in the header");
            p = c + 1 < columns ? stop + 1 : stop;
            if (c + 1 == columns && std::memchr(b + starts_.back() - 1, separator_, static_cast<std::size_t>(e - (b + starts_.back() - 1))))
                throw DataError(path, at, starts_.back(), "ragged row: more fields than the header's " + std::to_string(columns));
            continue;
        }
        while (p < e && (*p == ' ' || *p == '\t') && *p != separator_) ++p;
        starts_.push_back(static_cast<long>(p - b) + 1);
        if (p < e && *p == '+') ++p;  // from_chars does not take a leading '+'
        auto [next, ec] = std::from_chars(p, e, row[c]);
        if (ec != std::errc() || next == p || !std::isfinite(row[c])) {  // "nan", "inf" are no data
            const char* stop = std::find(p, e, separator_);
            throw DataError(path, at, starts_.back(),
                            "'" + std::string(p, stop) + "' in column '" + names_[c] + "' is not a number; expected a number");
        }
        p = next;
        while (p < e && (*p == ' ' || (*p == '\t' && separator_ != '\t'))) ++p;
        // After a number: the separator (or the end of the line, after the last field). Anything else
        // means the field was not a number ("1.5kg").
        if (p < e && *p != separator_) {
            const char* stop = std::find(p, e, separator_);
            throw DataError(path, at, starts_.back(),
                            "'" + std::string(b + starts_.back() - 1, stop) + "' in column '" + names_[c] +
                                "' is not a number; expected a number");
        }
        if (c + 1 < columns) {
            if (p >= e)
                throw DataError(path, at, static_cast<long>(p - b) + 1,
                                "ragged row: " + std::to_string(c + 1) + " fields, expected " + std::to_string(columns) +
                                    " as in the header");
            ++p;  // the separator
        }
    }
    if (p != e) {
        const long extra = static_cast<long>(std::count(p, e, separator_));
        throw DataError(path, at, static_cast<long>(p - b) + 1,
                        "ragged row: " + std::to_string(columns + static_cast<std::size_t>(extra)) + " fields, expected " +
                            std::to_string(columns) + " as in the header");
    }
    return true;
}

}  // namespace dtop::support
