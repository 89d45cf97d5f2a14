#include "reporter.hpp"

#include "safe_text.hpp"

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
const std::string kNoName;
}  // namespace

Reporter::Reporter(ProgressMode mode, Verbosity verbosity) : mode_(mode), verbosity_(verbosity) {
    if (mode_ == ProgressMode::automatic)
        mode_ = (verbosity != Verbosity::quiet && ::isatty(STDERR_FILENO)) ? ProgressMode::tty : ProgressMode::none;
    start_ = last_draw_ = std::chrono::steady_clock::now();
}

Reporter::~Reporter() { clear_line(); }

const std::string& Reporter::node_name(std::size_t node) const {
    const Plan* plan = ctx_ ? &ctx_->plan : plan_;
    return (plan && node < plan->nodes.size()) ? plan->nodes[node].spec->name : kNoName;
}

void Reporter::set_plan(const Plan& plan) {
    std::lock_guard lock(mutex_);
    plan_ = &plan;
}

void Reporter::write_log(const std::string& line) {
    if (log_.is_open()) log_ << line << std::flush;
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
    std::cout << json_text(j) << '\n' << std::flush;
}

void Reporter::log(int level, std::size_t node, const std::string& message) {
    std::lock_guard lock(mutex_);
    const std::string& name = node_name(node);
    const std::string text = (name.empty() ? "" : "[" + name + "] ") + message;
    if (ctx_) write_log(std::string("[") + level_name(level) + "] " + text + "\n");
    else pending_.push_back({level, node, message});  // before the run started: run.log gets it then
    if (mode_ == ProgressMode::jsonl) {
        if (ctx_) event({{"event", "log"}, {"level", level_name(level)}, {"node", name}, {"message", message}});
        return;  // else after run_start, the first event
    }
    const bool show = verbosity_ == Verbosity::verbose || (verbosity_ == Verbosity::normal && level >= 2) ||
                      (verbosity_ == Verbosity::quiet && level >= 3);
    if (!show) return;
    clear_line();
    std::fprintf(stderr, "%s: %s\n", level_name(level), printable(text).c_str());
}

void Reporter::run_started(const RunContext& ctx) {
    std::vector<Pending> pending;
    {
        std::lock_guard lock(mutex_);
        ctx_ = &ctx;
        total_ = ctx.plan.nodes.size();
        start_ = std::chrono::steady_clock::now();
        if (!ctx.results.empty()) log_.open(ctx.results / "run.log", std::ios::app);
        const std::string scenario = ctx.plan.scenario.file.string();
        if (mode_ == ProgressMode::jsonl)
            event({{"event", "run_start"}, {"schema", kProgressSchema}, {"scenario", scenario},
                   {"results", ctx.results.string()}, {"nodes", total_}});
        pending.swap(pending_);
        for (const auto& p : pending) {  // configure's messages come first in run.log, as they happened
            const std::string& name = node_name(p.node);
            write_log(std::string("[") + level_name(p.level) + "] " + (name.empty() ? "" : "[" + name + "] ") + p.message + "\n");
        }
        write_log("[info] run of " + scenario + " into " + ctx.results.string() + "\n");
    }
    if (mode_ != ProgressMode::jsonl) return;
    std::lock_guard lock(mutex_);
    for (const auto& p : pending)
        event({{"event", "log"}, {"level", level_name(p.level)}, {"node", node_name(p.node)}, {"message", p.message}});
}

void Reporter::node_started(std::size_t node) {
    std::lock_guard lock(mutex_);
    const std::string& name = node_name(node);
    write_log("[info] node " + name + " started\n");
    if (mode_ == ProgressMode::jsonl) event({{"event", "node_start"}, {"node", name}, {"index", node}, {"of", total_}});
    if (mode_ == ProgressMode::tty) draw("[" + std::to_string(done_ + 1) + "/" + std::to_string(total_) + "] " + name);
    if (verbosity_ == Verbosity::verbose && mode_ != ProgressMode::jsonl) {
        clear_line();
        std::fprintf(stderr, "node %s started\n", name.c_str());
    }
}

void Reporter::node_finished(std::size_t node, const NodeResult& r) {
    std::lock_guard lock(mutex_);
    ++done_;
    const std::string& name = node_name(node);
    const std::string status = state_name(r.state);
    write_log("[info] node " + name + " " + status + " in " + std::to_string(r.wall_s) + " s" + (r.error.empty() ? "" : ": " + r.error) + "\n");
    if (mode_ == ProgressMode::jsonl) {
        nlohmann::json j{{"event", "node_end"}, {"node", name}, {"status", status}, {"wall_time_s", r.wall_s}};
        if (!r.error.empty()) j["error"] = r.error;
        event(j);
    }
    if (verbosity_ == Verbosity::verbose && mode_ != ProgressMode::jsonl) {
        clear_line();
        std::fprintf(stderr, "node %s %s in %.3f s\n", name.c_str(), status.c_str(), r.wall_s);
    }
}

void Reporter::cosim_progress(double t, bool last) {
    if (mode_ == ProgressMode::none || !ctx_) return;
    const Clock& clock = ctx_->plan.scenario.clock;
    const double fraction = (t - clock.start) / (clock.stop - clock.start);
    if (mode_ == ProgressMode::jsonl) {
        if (!last && fraction - last_fraction_ < 0.01) return;
        std::lock_guard lock(mutex_);
        last_fraction_ = fraction;
        event({{"event", "progress"}, {"t", t}, {"fraction", fraction}});
        return;
    }
    if (!last && seconds_since(last_draw_) < 0.1) return;
    std::lock_guard lock(mutex_);
    char line[160];
    std::snprintf(line, sizeof line, "[%zu/%zu] co-simulation t = %.4g s (%.0f %%)", done_ + 1, total_, t, 100 * fraction);
    draw(line);
}

void Reporter::run_finished(RunState state) {
    std::lock_guard lock(mutex_);
    clear_line();
    write_log(std::string("[info] run ") + state_name(state) + " after " + std::to_string(seconds_since(start_)) + " s\n");
    if (mode_ == ProgressMode::jsonl)
        event({{"event", "run_end"}, {"status", state_name(state)}, {"results", ctx_ ? ctx_->results.string() : ""}});
    log_.close();
    ctx_ = nullptr;
}

}  // namespace dtop
