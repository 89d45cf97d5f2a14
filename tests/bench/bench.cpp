// dtop benchmarks (Google Benchmark). What each one measures and its target: README.md beside this file.
//   stepped_chain         a chain of N `test-pass` nodes, 1e6 communication steps, in process
//   stepped_chain_unchecked  the same without the finite-value guard (its cost is the difference)
//   rerun_one_node        a prepared one-node plan run again with another parameter value
//   validation_*          parse + check of a 200-node scenario, with the Registry built inside or outside the loop
//   validation_scale      parse + check of a stepped chain of 1k, 10k, 100k nodes: time and peak memory
//   process_*             dtop run / plugins / validate as real processes, start to exit
#include "engine.hpp"
#include "registry.hpp"
#include "reporter.hpp"
#include "scenario.hpp"
#include "scenario_check.hpp"

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

const fs::path kOut = BENCH_OUTPUT_DIR;

void write_text(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// ---------------------------------------------------------------------------------------------
// 1. Stepped co-simulation over the C ABI.

// n0 -> n1 -> ... -> n{N-1}, each y = u + c. The clock gives exactly 1,000,000 communication points
// (k = 0..999,999). Nothing is recorded, so memory does not grow with the step count.
std::string chain_scenario(int n) {
    std::ostringstream s;
    s << "name: bench-chain\n"
      << "clock: {start: 0, stop: 999.999, step: 0.001}\n"
      << "nodes:\n";
    for (int i = 0; i < n; ++i) {
        s << "  n" << i << ":\n"
          << "    plugin: test-pass\n"
          << "    params: {c: 0.001}\n";
        if (i > 0) s << "    inputs: {u: n" << i - 1 << ".y}\n";
    }
    return s.str();
}

void run_chain(benchmark::State& state, bool check_finite) {
    const int n = static_cast<int>(state.range(0));
    const std::string text = chain_scenario(n);
    dtop::Registry registry({TEST_PLUGIN_DIR});
    dtop::RunOptions options;
    options.out = kOut / ("stepped-" + std::to_string(n));
    options.overwrite = true;
    options.jobs = 1;
    options.check_finite_stepped = check_finite;
    long long points = 0;
    for (auto _ : state) {
        dtop::Diagnostics diags;
        dtop::Scenario scenario = dtop::parse_scenario_text(text, kOut / "bench-chain.yaml", diags);
        dtop::Plan plan = dtop::check_scenario(std::move(scenario), registry, diags);
        if (!diags.empty()) {
            state.SkipWithError(("invalid scenario: " + diags.format()).c_str());
            return;
        }
        points = plan.scenario.clock.steps() + 1;
        dtop::Reporter reporter(dtop::ProgressMode::none, dtop::Verbosity::quiet);
        const dtop::RunOutcome outcome = dtop::run_plan(plan, registry, reporter, options);
        if (outcome.exit_code != 0) {
            state.SkipWithError(("run failed, exit code " + std::to_string(outcome.exit_code) + ": " +
                                 outcome.problems.format() + read_text(*options.out / "run.log")).c_str());
            return;
        }
    }
    state.counters["steps"] = static_cast<double>(points);
    // Wall time per node-step (seconds, printed with an SI prefix, e.g. "95n" = 95 ns).
    state.counters["per_node_step"] = benchmark::Counter(static_cast<double>(points) * n,
                                                         benchmark::Counter::kIsIterationInvariantRate |
                                                             benchmark::Counter::kInvert);
}
void stepped_chain(benchmark::State& state) { run_chain(state, true); }
void stepped_chain_unchecked(benchmark::State& state) { run_chain(state, false); }
BENCHMARK(stepped_chain)->ArgName("nodes")->Arg(1)->Arg(3)->Arg(10)->Arg(30)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(stepped_chain_unchecked)->ArgName("nodes")->Arg(3)->Arg(30)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---------------------------------------------------------------------------------------------
// 1b. Re-running a prepared plan (what a study's in-process worker does per variant): one batch
// node, a parameter set to another value each time; results kept in memory (range 0) or written
// to a results folder (range 1).
void rerun_one_node(benchmark::State& state) {
    const bool write = state.range(0) != 0;
    dtop::Registry registry({TEST_PLUGIN_DIR});
    dtop::Diagnostics diags;
    dtop::Plan plan = dtop::check_scenario(
        dtop::parse_scenario_text("nodes:\n  a: {plugin: test-thrower, params: {fail_in: never}}\n", kOut / "rerun.yaml", diags),
        registry, diags);
    dtop::PreparedRun prepared(plan, registry);
    const auto value = prepared.parameter("a.x", "2 m", diags);
    if (!diags.empty() || !value) {
        state.SkipWithError(diags.format().c_str());
        return;
    }
    dtop::RunOptions options;
    options.write_results = write;
    options.out = kOut / "rerun";
    options.overwrite = true;
    options.jobs = 1;
    for (auto _ : state) {
        if (prepared.run(options, nullptr, {*value}).exit_code != 0) {
            state.SkipWithError("the run failed");
            return;
        }
    }
}
BENCHMARK(rerun_one_node)->ArgName("write")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

// ---------------------------------------------------------------------------------------------
// 2. Validation of a 200-node scenario: 100 pairs test-mm -> test-metres, a unit conversion (mm -> m)
// on every wire, parameters with units and ranges, optional series inputs on half of them.

std::string validation_scenario() {
    std::ostringstream s;
    s << "name: bench-200\n"
      << "description: 100 test-mm -> test-metres pairs\n"
      << "nodes:\n";
    for (int i = 0; i < 100; ++i) {
        s << "  mm" << i << ":\n"
          << "    plugin: test-mm\n"
          << "    params: {length: " << (i + 1) * 10 << " mm}\n"
          << "  m" << i << ":\n"
          << "    plugin: test-metres\n"
          << "    params: {count: " << 1 + i % 10 << "}\n";
        if (i % 2 == 0)
            s << "    inputs: {length: mm" << i << ".out, series: mm" << i << ".series}\n";
        else
            s << "    inputs: {length: mm" << i << ".out}\n";
    }
    return s.str();
}

void validate_once(benchmark::State& state, const std::string& text, dtop::Registry& registry) {
    dtop::Diagnostics diags;
    dtop::Scenario scenario = dtop::parse_scenario_text(text, kOut / "bench-200.yaml", diags);
    dtop::Plan plan = dtop::check_scenario(std::move(scenario), registry, diags);
    if (!diags.empty() || plan.nodes.size() != 200) state.SkipWithError(("invalid scenario: " + diags.format()).c_str());
    benchmark::DoNotOptimize(plan);
}

// As `dtop validate` does it: a fresh Registry (directory scan, one manifest read per plugin) per run.
void validation_200_nodes_registry_inside(benchmark::State& state) {
    const std::string text = validation_scenario();
    for (auto _ : state) {
        dtop::Registry registry({TEST_PLUGIN_DIR});
        validate_once(state, text, registry);
    }
    state.counters["nodes"] = 200;
}
BENCHMARK(validation_200_nodes_registry_inside)->Unit(benchmark::kMillisecond);

// Parse and check only: the Registry has scanned its directory before the loop.
void validation_200_nodes_registry_outside(benchmark::State& state) {
    const std::string text = validation_scenario();
    dtop::Registry registry({TEST_PLUGIN_DIR});
    registry.plugins();  // scan now, not in the first iteration
    for (auto _ : state) validate_once(state, text, registry);
    state.counters["nodes"] = 200;
}
BENCHMARK(validation_200_nodes_registry_outside)->Unit(benchmark::kMillisecond);

// The whole of `dtop validate` since the plugins check their own parameters: a fresh Registry, parse,
// check, then load the scenario's plugins, create 200 instances, set parameters and configure.
void validation_200_nodes_with_plugin_checks(benchmark::State& state) {
    const std::string text = validation_scenario();
    for (auto _ : state) {
        dtop::Registry registry({TEST_PLUGIN_DIR});
        dtop::Diagnostics diags;
        dtop::Plan plan = dtop::check_scenario(dtop::parse_scenario_text(text, kOut / "bench-200.yaml", diags), registry, diags);
        const dtop::Diagnostics plugin_checks = dtop::check_plugins(plan, registry);
        if (!diags.empty() || !plugin_checks.empty()) state.SkipWithError("invalid scenario");
        benchmark::DoNotOptimize(plan);
    }
    state.counters["nodes"] = 200;
}
BENCHMARK(validation_200_nodes_with_plugin_checks)->Unit(benchmark::kMillisecond);

// How validation grows with the scenario (issue 15): a stepped chain of N `test-pass` nodes with a
// clock, so the mode decision, the wiring and the step order all see N nodes and N - 1 wires. Time
// is parse + check with the Registry built outside the loop; `peak_rss_MB` is the peak resident
// memory of a child process that does one parse + check (wait4's rusage), so earlier iterations and
// Google Benchmark's own memory do not count.
std::string stepped_chain_scenario(int n) {
    std::ostringstream s;
    s << "clock: {start: 0, stop: 1, step: 0.1}\nnodes:\n";
    for (int i = 0; i < n; ++i) {
        s << "  n" << i << ":\n    plugin: test-pass\n    params: {c: 0.001}\n";
        if (i > 0) s << "    inputs: {u: n" << i - 1 << ".y}\n";
    }
    return s.str();
}

bool validate_chain(const std::string& text, dtop::Registry& registry, std::size_t nodes) {
    dtop::Diagnostics diags;
    dtop::Plan plan = dtop::check_scenario(dtop::parse_scenario_text(text, kOut / "chain.yaml", diags), registry, diags);
    benchmark::DoNotOptimize(plan);
    return diags.empty() && plan.nodes.size() == nodes && plan.step_order.size() == nodes;
}

double peak_rss_of_one_validation(const std::string& text, dtop::Registry& registry, std::size_t nodes) {
    const pid_t pid = ::fork();
    if (pid == 0) _exit(validate_chain(text, registry, nodes) ? 0 : 1);
    int status = 0;
    struct rusage usage {};
    if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void validation_scale(benchmark::State& state) {
    const auto nodes = static_cast<std::size_t>(state.range(0));
    const std::string text = stepped_chain_scenario(static_cast<int>(nodes));
    dtop::Registry registry({TEST_PLUGIN_DIR});
    registry.plugins();
    for (auto _ : state)
        if (!validate_chain(text, registry, nodes)) state.SkipWithError("the generated chain did not validate");
    state.counters["nodes"] = static_cast<double>(nodes);
    const double peak = peak_rss_of_one_validation(text, registry, nodes);
    if (peak < 0) state.SkipWithError("the child that measures memory failed");
    state.counters["peak_rss_MB"] = peak;
}
BENCHMARK(validation_scale)->ArgName("nodes")->Arg(1000)->Arg(10000)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------------------------------------
// 3 and 4. dtop as a real process, start to exit.

// Runs a program (no shell) with DTOP_PLUGIN_PATH removed from the environment; stdout and stderr go
// to files under the output dir. Returns the exit code; `err` gets stderr when the code is not 0.
int spawn(const std::vector<std::string>& argv, std::string& err) {
    static const std::vector<std::string> env_strings = [] {
        std::vector<std::string> e;
        for (char** p = environ; *p; ++p)
            if (std::strncmp(*p, "DTOP_PLUGIN_PATH=", 17) != 0) e.emplace_back(*p);
        return e;
    }();
    std::vector<char*> cenv;
    for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    std::vector<char*> cargs;
    for (const auto& a : argv) cargs.push_back(const_cast<char*>(a.c_str()));
    cargs.push_back(nullptr);
    const std::string out_file = (kOut / "process.out").string(), err_file = (kOut / "process.err").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, cargs[0], &actions, nullptr, cargs.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        err = "cannot start " + argv[0] + ": " + std::strerror(rc);
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code != 0) err = read_text(err_file);
    return code;
}

void run_process(benchmark::State& state, const std::vector<std::string>& argv) {
    for (auto _ : state) {
        std::string err;
        const int code = spawn(argv, err);
        if (code != 0) {
            state.SkipWithError(("exit code " + std::to_string(code) + ": " + err).c_str());
            return;
        }
    }
}

const char* const kThreeNodes =
    "name: bench-three\n"
    "nodes:\n"
    "  a:\n"
    "    plugin: test-mm\n"
    "    params: {length: 2500 mm}\n"
    "  b:\n"
    "    plugin: test-metres\n"
    "    inputs: {length: a.out}\n"
    "  c:\n"
    "    plugin: test-metres\n"
    "    params: {count: 5}\n"
    "    inputs: {length: b.echo}\n";

// The floor: exec, dynamic linking, static initialisation, exit.
void process_dtop_version(benchmark::State& state) { run_process(state, {DTOP_EXE, "--version"}); }
BENCHMARK(process_dtop_version)->Unit(benchmark::kMillisecond)->UseRealTime();

// dtop run of three batch nodes (test-mm -> test-metres -> test-metres), results replaced each time.
void process_dtop_run_3_batch_nodes(benchmark::State& state) {
    const fs::path scenario = kOut / "three.yaml";
    write_text(scenario, kThreeNodes);
    run_process(state, {DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR, "-q", "run", scenario.string(), "--out",
                        (kOut / "three-results").string(), "--overwrite"});
}
BENCHMARK(process_dtop_run_3_batch_nodes)->Unit(benchmark::kMillisecond)->UseRealTime();

// dtop plugins with the build tree's own plugin folder only (found beside the executable).
void process_dtop_plugins(benchmark::State& state) { run_process(state, {DTOP_EXE, "plugins"}); }
BENCHMARK(process_dtop_plugins)->Unit(benchmark::kMillisecond)->UseRealTime();

// dtop validate of the same three-node scenario.
void process_dtop_validate_3_nodes(benchmark::State& state) {
    const fs::path scenario = kOut / "three.yaml";
    write_text(scenario, kThreeNodes);
    run_process(state, {DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR, "-q", "validate", scenario.string()});
}
BENCHMARK(process_dtop_validate_3_nodes)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
