// core/supervisor: a function or a command in a supervised child, how it ended, its messages, its
// process group and its death with the parent.
#include "supervisor.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using dtop::Child;

namespace {

// Gone, or a zombie waiting for init: either way it runs no more. Waits up to 5 s.
bool ends_soon(pid_t pid) {
    for (int i = 0; i < 500; ++i) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        if (!std::getline(stat, line)) return true;
        const auto close = line.rfind(')');
        if (close != std::string::npos && line.size() > close + 2 && line[close + 2] == 'Z') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("supervisor: a function's return value is the child's exit code, and its messages reach the parent") {
    std::vector<std::string> messages;
    dtop::SuperviseOptions options;
    options.on_message = [&](const std::string& m) { messages.push_back(m); };
    Child child = Child::run_function(
        [](int fd) {
            const std::string text = "first\nsecond\n";
            return ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) ? 7 : 1;
        },
        options);
    const auto end = child.wait();
    CHECK_FALSE(end.signalled);
    CHECK(end.exit_code == 7);
    CHECK(end.describe() == "exited with code 7");
    CHECK(messages == std::vector<std::string>{"first", "second"});
}

TEST_CASE("supervisor: a child killed by a signal is reported with the signal's name") {
    Child child = Child::run_function([](int) { return ::raise(SIGABRT); }, {});
    const auto end = child.wait();
    CHECK(end.signalled);
    CHECK(end.signal == SIGABRT);
    CHECK(end.signal_name() == "SIGABRT");
    CHECK_THAT(end.describe(), Catch::StartsWith("killed by SIGABRT (Aborted"));
    CHECK(dtop::signal_name(SIGKILL) == "SIGKILL");
}

TEST_CASE("supervisor: a command runs in the child, and one that cannot start exits 127") {
    Child ok = Child::run_command({"sh", "-c", "exit 3"}, {});
    CHECK(ok.wait().exit_code == 3);
    Child segv = Child::run_command({"sh", "-c", "kill -SEGV $$"}, {});
    CHECK(segv.wait().signal_name() == "SIGSEGV");
    Child missing = Child::run_command({"/nonexistent/program"}, {});
    CHECK(missing.wait().exit_code == 127);
}

TEST_CASE("supervisor: fork without exec is refused from a multi-threaded process") {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    std::thread other([&] {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return done; });
    });
    CHECK_THROWS_AS(Child::run_function([](int) { return 0; }, {}), std::logic_error);
    {
        std::lock_guard lock(m);
        done = true;
    }
    cv.notify_one();
    other.join();
}

TEST_CASE("supervisor: in its own process group, nothing the child started outlives it") {
    pid_t grandchild = 0;
    dtop::SuperviseOptions options;
    options.own_process_group = true;
    options.on_message = [&](const std::string& m) { grandchild = static_cast<pid_t>(std::stol(m)); };
    Child child = Child::run_function(
        [](int fd) {
            const pid_t g = ::fork();
            if (g == 0) {
                ::execlp("sleep", "sleep", "100", static_cast<char*>(nullptr));
                ::_exit(127);
            }
            const std::string text = std::to_string(g) + "\n";
            return ::write(fd, text.data(), text.size()) > 0 ? 0 : 1;
        },
        options);
    CHECK(::getpgid(child.pid()) == child.pid());
    CHECK(child.wait().exit_code == 0);
    REQUIRE(grandchild > 0);
    CHECK(ends_soon(grandchild));
}

TEST_CASE("supervisor: the child dies with its parent (PR_SET_PDEATHSIG)") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t parent = ::fork();  // a supervising parent that the test will kill
    REQUIRE(parent >= 0);
    if (parent == 0) {
        ::close(fds[0]);
        Child child = Child::run_function([](int) {
            for (;;) ::pause();
            return 0;
        }, {});
        const pid_t pid = child.pid();
        if (::write(fds[1], &pid, sizeof pid) != sizeof pid) ::_exit(1);
        child.wait();
        ::_exit(0);
    }
    ::close(fds[1]);
    pid_t child = 0;
    REQUIRE(::read(fds[0], &child, sizeof child) == sizeof child);
    ::close(fds[0]);
    CHECK(::kill(child, 0) == 0);
    REQUIRE(::kill(parent, SIGKILL) == 0);
    ::waitpid(parent, nullptr, 0);
    CHECK(ends_soon(child));
}

TEST_CASE("supervisor: SIGTERM to the parent is forwarded, and a child that ignores it gets SIGKILL") {
    dtop::SuperviseOptions options;
    options.kill_after = std::chrono::milliseconds(200);
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    Child child = Child::run_function(
        [&](int) {
            ::signal(SIGTERM, SIG_IGN);
            const char c = 1;
            if (::write(ready[1], &c, 1) != 1) return 1;
            for (;;) ::pause();
        },
        options);
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    ::close(ready[0]);
    ::close(ready[1]);
    ::kill(::getpid(), SIGTERM);  // blocked while supervising: read by wait(), never a handler
    const auto end = child.wait();
    CHECK(end.cancel_signal == SIGTERM);
    CHECK(end.killed_after_timeout);
    CHECK(end.signal_name() == "SIGKILL");
}
