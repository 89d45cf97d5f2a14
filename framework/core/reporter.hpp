// What a run tells the user while it goes, as an observer of the run: a live progress line on a
// terminal (node i/N, simulated time %), nothing when stderr is not a terminal, or a JSON-lines
// event stream on stdout for machines (--progress=jsonl, schema below). Everything, including
// plugins' log messages, also goes to run.log in the results folder.
//
// --progress=jsonl, schema "dtop-progress/1": one JSON object per line, each with "event" and
// "elapsed_s" (seconds since the run started):
//   run_start  {schema: "dtop-progress/1", scenario, results, nodes}      always the first event
//   node_start {node, index, of}
//   progress   {t, fraction}               co-simulation time reached (about every 1 % of the clock)
//   log        {level: debug|info|warning|error, node, message}
//   node_end   {node, status, wall_time_s, error?}    status: a state of run_state.hpp
//   run_end    {status, results}                      always the last event
// New fields may be added within schema 1; a field's meaning never changes without a new schema.
#pragma once

#include "run_events.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dtop {

enum class ProgressMode { automatic, none, tty, jsonl };
enum class Verbosity { quiet, normal, verbose };

inline constexpr const char* kProgressSchema = "dtop-progress/1";

class Reporter : public RunObserver {
public:
    Reporter(ProgressMode mode, Verbosity verbosity);
    ~Reporter() override;

    void run_started(const RunContext& ctx) override;
    void node_started(std::size_t node) override;
    void node_finished(std::size_t node, const NodeResult& r) override;
    // Called often from the co-simulation loop; cheap when nothing needs printing.
    void cosim_progress(double t, bool last) override;
    void log(int level, std::size_t node, const std::string& message) override;
    void run_finished(RunState state) override;

    ProgressMode mode() const { return mode_; }
    // The plan about to run, so that messages logged before the run starts (configure) name their node.
    void set_plan(const Plan& plan);

private:
    void event(nlohmann::json j);
    void draw(const std::string& line);
    void clear_line();
    void write_log(const std::string& line);
    const std::string& node_name(std::size_t node) const;

    std::mutex mutex_;
    ProgressMode mode_;
    Verbosity verbosity_;
    const RunContext* ctx_ = nullptr;
    const Plan* plan_ = nullptr;
    std::ofstream log_;
    struct Pending {
        int level;
        std::size_t node;
        std::string message;
    };
    std::vector<Pending> pending_;  // logged before the run started (configure), told at run_started
    std::size_t total_ = 0, done_ = 0;
    bool line_shown_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
    double last_fraction_ = -1;
};

}  // namespace dtop
