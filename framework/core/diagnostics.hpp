// Problems found in a scenario, each tied to where the user can fix it: file:line:column, or the
// command-line argument that caused it.
#pragma once

#include <string>
#include <vector>

namespace dtop {

struct Location {
    std::string file;  // scenario file, or "--set" for a command-line override
    int line = 0;      // 1-based; 0 when unknown
    int col = 0;       // 1-based
    std::string text() const;
};

struct Diagnostic {
    Location where;
    std::string message;
};

class Diagnostics {
public:
    void error(const Location& where, std::string message) { list_.push_back({where, std::move(message)}); }
    bool empty() const { return list_.empty(); }
    std::size_t size() const { return list_.size(); }
    const std::vector<Diagnostic>& list() const { return list_; }
    // "file:line:col: error: message" lines, in file order.
    std::string format() const;

private:
    std::vector<Diagnostic> list_;
};

// The candidate closest to `word` by edit distance, if close enough to be a likely typo; "" if none.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace dtop
