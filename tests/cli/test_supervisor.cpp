// dtop run under its supervisor: a plugin that crashes the engine process (segfault, abort, stack
// overflow, SIGKILL) leaves a finished manifest (crashed, the signal, the running node, the log
// tail) and exit code 3; SIGTERM to dtop cancels the run (exit code 4) and leaves no process behind.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {

// a (test-mm) runs first and writes its outputs; b crashes as told; c would run after b.
std::string crash_scenario(const std::string& dir, const std::string& how, const std::string& when = "run") {
    write_file(dir + "/s.yaml", "nodes:\n"
                                "  a: {plugin: test-mm, params: {length: 1500}}\n"
                                "  b: {plugin: test-crasher, params: {how: " + how + ", when: " + when + "}, inputs: {after: a.out}}\n"
                                "  c: {plugin: test-crasher, params: {how: never}, inputs: {after: b.value}}\n");
    return dir + "/s.yaml";
}

nlohmann::json manifest(const std::string& results) { return nlohmann::json::parse(read_file(results + "/manifest.json")); }

// What every crash of node b must leave behind.
void check_crashed_run(const ProcessResult& r, const std::string& results, const std::string& signal) {
    INFO(r.err);
    CHECK(r.code == 3);
    CHECK_THAT(r.err, Catch::Contains("run CRASHED") && Catch::Contains(signal) && Catch::Contains("node 'b'") &&
                          Catch::Contains(results));
    const auto m = manifest(results);
    CHECK(m["status"] == "crashed");
    CHECK(m["signal"]["name"] == signal);
    CHECK(m.contains("finished"));
    CHECK(m["nodes"]["a"]["status"] == "ok");
    CHECK(m["nodes"]["b"]["status"] == "crashed");
    CHECK_THAT(m["nodes"]["b"]["error"].get<std::string>(), Catch::Contains(signal));
    CHECK(m["nodes"]["c"]["status"] == "skipped");
    CHECK(fs::exists(results + "/a.out.json"));  // written before the crash, kept
    REQUIRE(m["log_tail"].is_array());
    REQUIRE_FALSE(m["log_tail"].empty());
    CHECK_THAT(m["log_tail"].back().get<std::string>(), Catch::Contains("node b started"));
}

// dtop started without waiting for it, output to files.
struct Started {
    pid_t pid = 0;
    std::string out, err;
};

Started start_dtop(const std::vector<std::string>& args, const std::string& files) {
    Started s{0, files + ".out", files + ".err"};
    std::vector<std::string> argv{DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, s.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, s.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int rc = posix_spawn(&s.pid, cargs[0], &actions, nullptr, cargs.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return s;
}

ProcessResult wait_for(const Started& s) {
    int status = 0;
    waitpid(s.pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_file(s.out), read_file(s.err)};
}

// Waits (up to 20 s) until the manifest says node `node` is running.
bool wait_until_running(const std::string& results, const std::string& node) {
    for (int i = 0; i < 2000; ++i) {
        std::ifstream in(results + "/manifest.json");
        const auto m = nlohmann::json::parse(in, nullptr, false);
        if (m.is_object() && m["nodes"][node]["status"] == "running") return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

// The engine process: dtop's one child.
pid_t engine_of(pid_t dtop) {
    const std::string children = read_file("/proc/" + std::to_string(dtop) + "/task/" + std::to_string(dtop) + "/children");
    return children.empty() ? 0 : static_cast<pid_t>(std::stol(children));
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

}  // namespace

TEST_CASE("supervisor: a plugin that segfaults: exit 3, manifest crashed with SIGSEGV, earlier results kept") {
    const std::string dir = temp_dir("crash_segfault");
    check_crashed_run(run_dtop({"run", crash_scenario(dir, "segfault"), "--out", dir + "/out"}), dir + "/out", "SIGSEGV");
}

TEST_CASE("supervisor: a plugin that aborts: exit 3, manifest crashed with SIGABRT") {
    const std::string dir = temp_dir("crash_abort");
    check_crashed_run(run_dtop({"run", crash_scenario(dir, "abort"), "--out", dir + "/out"}), dir + "/out", "SIGABRT");
}

TEST_CASE("supervisor: a plugin that overflows its stack: exit 3, manifest crashed with SIGSEGV") {
    const std::string dir = temp_dir("crash_stack");
    check_crashed_run(run_dtop({"run", crash_scenario(dir, "stack_overflow"), "--out", dir + "/out"}), dir + "/out", "SIGSEGV");
}

TEST_CASE("supervisor: with --progress=jsonl the last event is run_end with status crashed") {
    const std::string dir = temp_dir("crash_jsonl");
    auto r = run_dtop({"run", crash_scenario(dir, "abort"), "--out", dir + "/out", "--progress=jsonl"});
    CHECK(r.code == 3);
    std::string last;
    for (std::size_t b = 0, e; (e = r.out.find('\n', b)) != std::string::npos; b = e + 1) last = r.out.substr(b, e - b);
    const auto event = nlohmann::json::parse(last);
    CHECK(event["event"] == "run_end");
    CHECK(event["status"] == "crashed");
    CHECK(fs::path(event["results"].get<std::string>()) == fs::path(dir + "/out"));
}

TEST_CASE("supervisor: a crash before the results folder is claimed: exit 3, a message, no folder") {
    const std::string dir = temp_dir("crash_configure");
    auto r = run_dtop({"run", crash_scenario(dir, "segfault", "configure"), "--out", dir + "/out"});
    CHECK(r.code == 3);
    CHECK_THAT(r.err, Catch::Contains("run CRASHED") && Catch::Contains("SIGSEGV") &&
                          Catch::Contains("before its results folder was claimed"));
    CHECK_FALSE(fs::exists(dir + "/out/manifest.json"));
}

TEST_CASE("supervisor: SIGKILL of the engine process: exit 3, manifest crashed with SIGKILL") {
    const std::string dir = temp_dir("crash_sigkill");
    const auto dtop = start_dtop({"run", crash_scenario(dir, "block"), "--out", dir + "/out"}, dir + "/dtop");
    REQUIRE(wait_until_running(dir + "/out", "b"));
    const pid_t engine = engine_of(dtop.pid);
    REQUIRE(engine > 0);
    REQUIRE(::kill(engine, SIGKILL) == 0);
    const auto r = wait_for(dtop);
    check_crashed_run(r, dir + "/out", "SIGKILL");
    CHECK(manifest(dir + "/out")["engine_pid"] == engine);
}

TEST_CASE("supervisor: SIGTERM to dtop cancels the run: exit 4, manifest cancelled, no process left") {
    const std::string dir = temp_dir("cancel_sigterm");
    const auto dtop = start_dtop({"run", crash_scenario(dir, "block"), "--out", dir + "/out"}, dir + "/dtop");
    REQUIRE(wait_until_running(dir + "/out", "b"));
    const pid_t engine = engine_of(dtop.pid);
    REQUIRE(engine > 0);
    REQUIRE(::kill(dtop.pid, SIGTERM) == 0);
    const auto r = wait_for(dtop);
    INFO(r.err);
    CHECK(r.code == 4);
    CHECK_THAT(r.err, Catch::Contains("run cancelled") && Catch::Contains("SIGTERM"));
    CHECK_FALSE(process_exists(engine));
    const auto m = manifest(dir + "/out");
    CHECK(m["status"] == "cancelled");
    CHECK(m["cancelled_by"] == "SIGTERM");
    CHECK(m["nodes"]["a"]["status"] == "ok");
    CHECK(m["nodes"]["b"]["status"] == "cancelled");
    CHECK(m["nodes"]["c"]["status"] == "skipped");
}

TEST_CASE("supervisor: a run that does not crash keeps the exit code and manifest the engine wrote") {
    const std::string dir = temp_dir("supervised_ok");
    auto ok = run_dtop({"run", crash_scenario(dir, "never"), "--out", dir + "/ok"});
    CHECK(ok.code == 0);
    CHECK(manifest(dir + "/ok")["status"] == "ok");
    CHECK_FALSE(manifest(dir + "/ok").contains("engine_pid"));
}
