#include "job_name.hpp"

namespace dtop::fe {

namespace {
bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string sanitise_job_name(const std::string& name) {
    std::string s;
    for (char c : name) {
        const bool keep = letter(c) || digit(c) || c == '-' || c == '_';
        // Runs of anything else (spaces, dots, slashes, bytes of non-ASCII letters) become one '_'.
        if (keep) s += c;
        else if (!s.empty() && s.back() != '_') s += '_';
    }
    while (!s.empty() && (s.back() == '_' || s.back() == '-')) s.pop_back();
    if (s.empty()) return "job";
    if (!letter(s.front())) s = "job_" + s;
    if (s.size() > kMaxJobName) s.resize(kMaxJobName);
    while (s.back() == '_' || s.back() == '-') s.pop_back();
    return s;
}

}  // namespace dtop::fe
