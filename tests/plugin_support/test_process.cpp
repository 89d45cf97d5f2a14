// The process runner: what the program gets (argv, an empty stdin, its folder, one log), and how it
// ends (by itself, by a signal, at the time limit with its whole group, helpers left behind).
#include "process.hpp"

#include <dtop_support/process.hpp>

#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

using dtop::support::find_executable;
using dtop::support::ProcessOutcome;
using dtop::support::run_process;
using dtop::test::read_file;
using dtop::test::temp_dir;
namespace fs = std::filesystem;

namespace {

std::string sh() { return find_executable("sh")->string(); }

// A process that is gone, or a zombie (which runs nothing), within a second.
bool ended(pid_t pid) {
    for (int i = 0; i < 200; ++i) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
        const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
        const auto close = stat.rfind(')');
        if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

pid_t pid_in(const fs::path& file) {
    const std::string text = read_file(file.string());
    REQUIRE_FALSE(text.empty());
    return static_cast<pid_t>(std::stol(text));
}

}  // namespace

TEST_CASE("plugin support: arguments reach the program as given, never through a shell") {
    const fs::path dir = temp_dir("argv");
    const ProcessOutcome p =
        run_process({{*find_executable("printf"), "%s\\n", "a; touch pwned", "$(touch pwned2)", "*"}, dir, dir / "out.log", 10, 1});
    REQUIRE(p.started);
    CHECK(p.exited);
    CHECK(p.exit_code == 0);
    CHECK(read_file((dir / "out.log").string()) == "a; touch pwned\n$(touch pwned2)\n*\n");
    CHECK_FALSE(fs::exists(dir / "pwned"));
    CHECK_FALSE(fs::exists(dir / "pwned2"));
}

TEST_CASE("plugin support: a program's stdin is empty, so one that reads it does not wait for input") {
    const fs::path dir = temp_dir("stdin");
    // Our own stdin, for the call, is a pipe nobody writes to: a program that inherited it would wait.
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const int saved_stdin = ::dup(STDIN_FILENO);
    ::dup2(pipe_fds[0], STDIN_FILENO);
    const ProcessOutcome p = run_process({{*find_executable("cat")}, dir, dir / "cat.log", 2, 1});
    ::dup2(saved_stdin, STDIN_FILENO);
    for (int fd : {saved_stdin, pipe_fds[0], pipe_fds[1]}) ::close(fd);
    CHECK(p.exited);
    CHECK(p.exit_code == 0);
    CHECK_FALSE(p.timed_out);
    CHECK(read_file((dir / "cat.log").string()).empty());
}

TEST_CASE("plugin support: a program ended by a signal reports the signal, not an exit code") {
    const fs::path dir = temp_dir("signal");
    const ProcessOutcome p = run_process({{sh(), "-c", "kill -USR1 $$"}, dir, dir / "sh.log", 10, 1});
    REQUIRE(p.started);
    CHECK_FALSE(p.exited);
    CHECK(p.signal == SIGUSR1);
    CHECK_FALSE(p.timed_out);
}

TEST_CASE("plugin support: helpers a program leaves running are ended with it") {
    const fs::path dir = temp_dir("left_over");
    const ProcessOutcome p = run_process({{sh(), "-c", "sleep 30 & echo $! > helper.pid"}, dir, dir / "sh.log", 10, 1});
    CHECK(p.exited);
    CHECK(p.exit_code == 0);
    CHECK(p.group_left_over);
    CHECK(ended(pid_in(dir / "helper.pid")));
}

TEST_CASE("plugin support: at the time limit a group that ignores SIGTERM gets SIGKILL after the grace period") {
    const fs::path dir = temp_dir("stubborn");
    // Ignoring SIGTERM is inherited: the sleeping helper ignores it too.
    const ProcessOutcome p =
        run_process({{sh(), "-c", "trap '' TERM; sleep 30 & echo $! > helper.pid; wait"}, dir, dir / "sh.log", 0.2, 0.3});
    CHECK(p.timed_out);
    CHECK(p.signal == SIGKILL);
    CHECK(p.seconds >= 0.5);  // the limit, then the whole grace period
    CHECK(ended(pid_in(dir / "helper.pid")));
}

TEST_CASE("plugin support: a program that cannot start says why") {
    const fs::path dir = temp_dir("no_start");
    const ProcessOutcome none = run_process({{}, dir, dir / "x.log", 10, 1});
    CHECK_FALSE(none.started);
    CHECK(none.start_error == "no program given");
    const ProcessOutcome missing = run_process({{(dir / "missing").string()}, dir, dir / "x.log", 10, 1});
    CHECK_FALSE(missing.started);
    CHECK_THAT(missing.start_error, Catch::StartsWith("cannot start " + (dir / "missing").string() + ": "));
}
