// A scenario file as the user wrote it: named nodes, each a plugin with parameters and inputs wired
// to other nodes' outputs ("node.port"), plus an optional clock for stepped nodes. Parsing checks
// only the file's shape; scenario_check.hpp checks it against the plugins.
//
//   name: demo                      # optional, default: the file's stem
//   description: what it shows
//   clock: {start: 0, stop: 10, step: 0.001}     # needed when any node is stepped
//   nodes:
//     source:
//       plugin: signal-generator
//       params: {shape: sine, frequency: 2 Hz}
//     smooth:
//       plugin: moving-average
//       params: {window: 5}
//       inputs: {u: source.y}       # or {u: {from: source.y, channels: [x]}}: some channels only
//       record: true                # save its stepped outputs as CSV
#pragma once

#include "diagnostics.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dtop {

// What a scenario may ask for; beyond these it is refused with a message saying so.
constexpr std::size_t kMaxScenarioBytes = std::size_t{64} << 20;  // 64 MiB of YAML
constexpr std::size_t kMaxNodes = 1'000'000;
constexpr long long kMaxClockSteps = 1'000'000'000'000LL;  // 1e12 communication steps

struct ParamSetting {
    std::string name;
    YAML::Node value;
    Location name_at;
    Location value_at;
};

struct SourceRef {
    std::string node;
    std::string port;
    Location at;
};

struct InputWiring {
    std::string port;
    Location port_at;
    SourceRef source;
    // `{from: node.port, channels: [a, b]}`: only these channels of a series (or stepped) output, in
    // this order; empty: all of them.
    std::vector<std::string> channels;
    Location channels_at;
};

struct NodeSpec {
    std::string name;
    Location at;
    std::string plugin;
    Location plugin_at;
    std::vector<ParamSetting> params;
    Location params_at;
    std::vector<InputWiring> inputs;
    std::string mode;  // "", "batch" or "stepped"
    Location mode_at;
    bool record = false;
};

struct Clock {
    bool present = false;
    double start = 0.0, stop = 0.0, step = 0.0;
    Location at;
    // Number of communication points k = 0..steps(): t_k = start + k * step.
    long long steps() const;
};

struct Scenario {
    std::filesystem::path file;
    std::string text;  // the file's content, hashed into the manifest
    std::string name;
    std::string description;
    Clock clock;
    std::vector<NodeSpec> nodes;
    std::vector<std::string> overrides;  // --set arguments applied, for the manifest

    const NodeSpec* node(const std::string& n) const;
    std::filesystem::path dir() const { return file.parent_path(); }
};

// Reads and parses a scenario file; problems go to diags (the scenario may be partial then).
Scenario parse_scenario_file(const std::filesystem::path& file, Diagnostics& diags);
// Parses scenario text; `file` labels locations and anchors relative paths.
Scenario parse_scenario_text(const std::string& text, const std::filesystem::path& file, Diagnostics& diags);
// Applies one `--set node.param=value` (value is YAML, e.g. 3, 2.5 mm, [1, 2], text).
void apply_override(Scenario& s, const std::string& arg, int arg_index, Diagnostics& diags);

}  // namespace dtop
