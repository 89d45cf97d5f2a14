#include "reporter.hpp"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace dtop {

namespace {
const char* level_name(int level) {
    switch (level) {
    case 0: return "debug";
    case 1: return "info";
    case 2: return "warning";
    default: return "error";
    }
}
double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

Reporter::Reporter(ProgressMode mode, Verbosity verbosity) : mode_(mode), verbosity_(verbosity) {
    if (mode_ == ProgressMode::automatic)
        mode_ = (verbosity != Verbosity::quiet && ::isatty(STDERR_FILENO)) ? ProgressMode::tty : ProgressMode::none;
    start_ = last_draw_ = std::chrono::steady_clock::now();
}

Reporter::~Reporter() { clear_line(); }

void Reporter::open_log(const std::filesystem::path& file) {
    std::lock_guard lock(mutex_);
    log_.open(file, std::ios::app);
    log_ << pending_ << std::flush;
    pending_.clear();
}

void Reporter::write_log(const std::string& line) {
    if (log_.is_open()) log_ << line << std::flush;
    else pending_ += line;
}

void Reporter::clear_line() {
    if (line_shown_) {
        std::fputs("\r\033[K", stderr);
        line_shown_ = false;
    }
}

void Reporter::draw(const std::string& line) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    line_shown_ = true;
    last_draw_ = std::chrono::steady_clock::now();
}

void Reporter::event(nlohmann::json j) {
    j["elapsed_s"] = seconds_since(start_);
    std::cout << j.dump() << '\n' << std::flush;
}

void Reporter::log(int level, const std::string& node, const std::string& message) {
    std::lock_guard lock(mutex_);
    const std::string text = (node.empty() ? "" : "[" + node + "] ") + message;
    write_log(std::string("[") + level_name(level) + "] " + text + "\n");
    if (mode_ == ProgressMode::jsonl) {
        event({{"event", "log"}, {"level", level_name(level)}, {"node", node}, {"message", message}});
        return;
    }
    const bool show = verbosity_ == Verbosity::verbose || (verbosity_ == Verbosity::normal && level >= 2) ||
                      (verbosity_ == Verbosity::quiet && level >= 3);
    if (!show) return;
    clear_line();
    std::fprintf(stderr, "%s: %s\n", level_name(level), text.c_str());
}

void Reporter::run_start(const std::string& scenario, const std::filesystem::path& dir, std::size_t nodes) {
    std::lock_guard lock(mutex_);
    total_ = nodes;
    start_ = std::chrono::steady_clock::now();
    write_log("[info] run of " + scenario + " into " + dir.string() + "\n");
    if (mode_ == ProgressMode::jsonl)
        event({{"event", "run_start"}, {"scenario", scenario}, {"results", dir.string()}, {"nodes", nodes}});
}

void Reporter::node_start(const std::string& node, std::size_t index) {
    std::lock_guard lock(mutex_);
    current_ = node;
    write_log("[info] node " + node + " started\n");
    if (mode_ == ProgressMode::jsonl) event({{"event", "node_start"}, {"node", node}, {"index", index}, {"of", total_}});
    if (mode_ == ProgressMode::tty) draw("[" + std::to_string(done_ + 1) + "/" + std::to_string(total_) + "] " + node);
    if (verbosity_ == Verbosity::verbose && mode_ != ProgressMode::jsonl) {
        clear_line();
        std::fprintf(stderr, "node %s started\n", node.c_str());
    }
}

void Reporter::node_end(const std::string& node, const std::string& status, double seconds, const std::string& error) {
    std::lock_guard lock(mutex_);
    ++done_;
    write_log("[info] node " + node + " " + status + " in " + std::to_string(seconds) + " s" + (error.empty() ? "" : ": " + error) + "\n");
    if (mode_ == ProgressMode::jsonl) {
        nlohmann::json j{{"event", "node_end"}, {"node", node}, {"status", status}, {"wall_time_s", seconds}};
        if (!error.empty()) j["error"] = error;
        event(j);
    }
    if (verbosity_ == Verbosity::verbose && mode_ != ProgressMode::jsonl) {
        clear_line();
        std::fprintf(stderr, "node %s %s in %.3f s\n", node.c_str(), status.c_str(), seconds);
    }
}

void Reporter::cosim(double t, double t_start, double t_stop, bool force) {
    if (mode_ == ProgressMode::none) return;
    const double fraction = (t - t_start) / (t_stop - t_start);
    if (mode_ == ProgressMode::jsonl) {
        if (!force && fraction - last_fraction_ < 0.01) return;
        std::lock_guard lock(mutex_);
        last_fraction_ = fraction;
        event({{"event", "progress"}, {"t", t}, {"fraction", fraction}});
        return;
    }
    if (!force && seconds_since(last_draw_) < 0.1) return;
    std::lock_guard lock(mutex_);
    char line[160];
    std::snprintf(line, sizeof line, "[%zu/%zu] co-simulation t = %.4g s (%.0f %%)", done_ + 1, total_, t, 100 * fraction);
    draw(line);
}

void Reporter::run_end(const std::string& status, const std::filesystem::path& dir) {
    std::lock_guard lock(mutex_);
    clear_line();
    write_log("[info] run " + status + " after " + std::to_string(seconds_since(start_)) + " s\n");
    if (mode_ == ProgressMode::jsonl)
        event({{"event", "run_end"}, {"status", status}, {"results", dir.string()}});
}

}  // namespace dtop
