// The observer that makes a run's results folder: every output as a file (results.hpp formats), and
// manifest.json, rewritten atomically as nodes start and end, so that a reader (or the supervisor
// after a crash) always finds a whole manifest that says where the run got to.
#pragma once

#include "run_events.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>

namespace dtop {

class ResultsWriter : public RunObserver {
public:
    explicit ResultsWriter(std::vector<std::string> command_line);

    void run_started(const RunContext& ctx) override;
    void node_started(std::size_t node) override;
    void output_produced(std::size_t node, std::size_t port, const Value& v, bool partial) override;
    void node_finished(std::size_t node, const NodeResult& r) override;
    void run_finished(RunState state) override;

private:
    void write_manifest(bool force);
    void write_manifest_now(bool force);
    nlohmann::json node_json(std::size_t i) const;
    nlohmann::json plugins_json() const;

    std::vector<std::string> command_line_;
    const RunContext* ctx_ = nullptr;
    std::mutex mutex_;
    RunState run_state_ = RunState::running;
    std::vector<NodeResult> nodes_;
    std::vector<nlohmann::json> files_;  // per node: port -> file name
    std::chrono::steady_clock::time_point last_write_{};
    double last_write_s_ = 0;
};

}  // namespace dtop
