// What a run tells the user while it goes: a live progress line on a terminal (node i/N, simulated
// time %), nothing when stderr is not a terminal, or a JSON-lines event stream on stdout for
// machines (--progress=jsonl). Everything, including plugins' log messages, also goes to run.log.
// Thread-safe: batch nodes may run in parallel.
#pragma once

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

class Reporter {
public:
    Reporter(ProgressMode mode, Verbosity verbosity);
    ~Reporter();

    void open_log(const std::filesystem::path& file);
    // level: 0 debug, 1 info, 2 warning, 3 error. `node` may be "".
    void log(int level, const std::string& node, const std::string& message);

    void run_start(const std::string& scenario, const std::filesystem::path& dir, std::size_t nodes);
    void node_start(const std::string& node, std::size_t index);
    void node_end(const std::string& node, const std::string& status, double seconds, const std::string& error);
    // Called often from the co-simulation loop; cheap when nothing needs printing.
    void cosim(double t, double t_start, double t_stop, bool force = false);
    void run_end(const std::string& status, const std::filesystem::path& dir);

    ProgressMode mode() const { return mode_; }

private:
    void event(nlohmann::json j);
    void draw(const std::string& line);
    void clear_line();
    std::mutex mutex_;
    ProgressMode mode_;
    Verbosity verbosity_;
    std::ofstream log_;
    std::string pending_;  // logged before the results directory (and run.log) existed
    void write_log(const std::string& line);
    std::size_t total_ = 0, done_ = 0;
    std::string current_;
    bool line_shown_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
    double last_fraction_ = -1;
};

}  // namespace dtop
