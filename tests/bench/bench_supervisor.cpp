// What crash supervision costs (issue 10, part 4; target < 5 ms on a trivial run): `dtop run` of a
// one-node scenario as a real process, supervised (the default) and with the internal switch
// DTOP_NO_SUPERVISOR=1 (the engine in dtop's own process); and the supervisor alone, in process:
// fork a child that returns at once, wait for it, read how it ended.
#include "supervisor.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

const fs::path kOut = fs::path(BENCH_OUTPUT_DIR) / "supervisor";

// Runs argv with `extra_env` added and DTOP_PLUGIN_PATH / DTOP_NO_SUPERVISOR removed; output to files.
int spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env) {
    std::vector<std::string> env;
    for (char** p = environ; *p; ++p)
        if (std::strncmp(*p, "DTOP_PLUGIN_PATH=", 17) != 0 && std::strncmp(*p, "DTOP_NO_SUPERVISOR=", 19) != 0) env.emplace_back(*p);
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> cenv, cargs;
    for (auto& e : env) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    for (const auto& a : argv) cargs.push_back(const_cast<char*>(a.c_str()));
    cargs.push_back(nullptr);
    const std::string out = (kOut / "process.out").string(), err = (kOut / "process.err").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, cargs[0], &actions, nullptr, cargs.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// User + system CPU time of every child this process has waited for (dtop and, through dtop, its engine).
double children_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// dtop run of one batch node (test-mm), results replaced each time; arg 1: supervised, 0: not.
void process_dtop_run_1_node(benchmark::State& state) {
    const bool supervised = state.range(0) == 1;
    fs::create_directories(kOut);
    const fs::path scenario = kOut / "one.yaml";
    std::ofstream(scenario) << "name: bench-one\nnodes:\n  a: {plugin: test-mm, params: {length: 2500 mm}}\n";
    const std::vector<std::string> argv{DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR, "-q", "run", scenario.string(),
                                        "--out", (kOut / (supervised ? "supervised" : "unsupervised")).string(), "--overwrite"};
    const std::vector<std::string> env = supervised ? std::vector<std::string>{} : std::vector<std::string>{"DTOP_NO_SUPERVISOR=1"};
    double cpu_s = 0;
    for (auto _ : state) {
        const double before = children_cpu_seconds();
        if (const int code = spawn(argv, env); code != 0) {
            state.SkipWithError(("dtop run exited with " + std::to_string(code)).c_str());
            return;
        }
        cpu_s += children_cpu_seconds() - before;
    }
    // CPU of dtop and its engine process, per run: on a busy machine wall time is mostly waiting.
    state.counters["cpu_ms"] = benchmark::Counter(1e3 * cpu_s / static_cast<double>(state.iterations()));
}
BENCHMARK(process_dtop_run_1_node)->ArgName("supervised")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The supervisor alone: fork a child that returns 0, wait, read how it ended (no exec).
void supervisor_trivial_child(benchmark::State& state) {
    for (auto _ : state) {
        dtop::Child child = dtop::Child::run_function([](int) { return 0; }, {});
        const auto end = child.wait();
        if (end.signalled || end.exit_code != 0) {
            state.SkipWithError("the trivial child did not exit with 0");
            return;
        }
    }
}
BENCHMARK(supervisor_trivial_child)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
