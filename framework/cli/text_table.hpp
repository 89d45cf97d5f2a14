// Small text-layout helpers for the commands' tables.
#pragma once

#include <string>

namespace dtop::cli {

// `s` left-aligned in a column of width n (followed by at least one space).
inline std::string pad(const std::string& s, std::size_t n) {
    return s.size() >= n ? s + " " : s + std::string(n - s.size(), ' ');
}

}  // namespace dtop::cli
