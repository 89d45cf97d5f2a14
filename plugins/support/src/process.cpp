#include "dtop_support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace dtop::support {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::optional<fs::path> find_executable(const std::string& name) {
    if (name.empty()) return std::nullopt;
    auto runnable = [](const fs::path& p) {
        std::error_code ec;
        return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) return runnable(name) ? std::optional<fs::path>(fs::absolute(name)) : std::nullopt;
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string dir = dirs.substr(start, end - start);
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;  // an empty entry is the current folder
        if (runnable(candidate)) return fs::absolute(candidate);
        start = end + 1;
    }
    return std::nullopt;
}

namespace {

// The group still has a member that runs. Zombies do not count: an orphan's zombie waits for
// whoever adopted it (PID 1, which may reap late), and it runs nothing. Where /proc cannot be read,
// any member counts.
bool group_alive(pid_t pgid) {
    if (::kill(-pgid, 0) != 0 && errno != EPERM) return false;
    std::error_code ec;
    fs::directory_iterator procs("/proc", ec);
    if (ec) return true;
    for (const auto& entry : procs) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "stat");
        std::string stat;
        if (!std::getline(in, stat)) continue;  // ended meanwhile
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and ')', so read after the last ')'.
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 1));
        char state = 0;
        long ppid = 0, pgrp = 0;
        if (rest >> state >> ppid >> pgrp && pgrp == pgid && state != 'Z' && state != 'X') return true;
    }
    return false;
}

// Reaps the leader if it has ended; records how.
bool reap(pid_t pid, ProcessOutcome& out, bool& reaped) {
    if (reaped) return true;
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
        reaped = true;
        if (WIFEXITED(status)) {
            out.exited = true;
            out.exit_code = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            out.signal = WTERMSIG(status);
        }
    } else if (r < 0 && errno == ECHILD) {
        reaped = true;  // someone else reaped it (SIGCHLD ignored): its status is lost
    }
    return reaped;
}

// Waits, polling with growing pauses, until done() or the deadline; true if done() held.
template <class Done>
bool wait_until(Clock::time_point deadline, Done done) {
    auto pause = std::chrono::microseconds(500);
    while (!done()) {
        const auto now = Clock::now();
        if (now >= deadline) return done();
        std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
    return true;
}

// SIGTERM to the whole group, SIGKILL after the grace period to whatever is left; reaps the leader.
void end_group(pid_t pid, double grace, ProcessOutcome& out, bool& reaped) {
    ::kill(-pid, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(grace));
    const bool gone = wait_until(deadline, [&] { return reap(pid, out, reaped) && !group_alive(pid); });
    if (!gone) ::kill(-pid, SIGKILL);
    if (!reaped) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        reaped = true;
        if (WIFEXITED(status)) {
            out.exited = true;
            out.exit_code = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            out.signal = WTERMSIG(status);
        }
    }
}

// posix_spawn attributes and file actions, released on every path.
struct SpawnSetup {
    posix_spawnattr_t attr{};
    posix_spawn_file_actions_t actions{};
    SpawnSetup() {
        posix_spawnattr_init(&attr);
        posix_spawn_file_actions_init(&actions);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

ProcessOutcome run_process(const ProcessSpec& spec) {
    ProcessOutcome out;
    if (spec.argv.empty()) {
        out.start_error = "no program given";
        return out;
    }
    SpawnSetup s;
    // Its own process group (pgid = its pid), default signal handling and no blocked signals,
    // whatever the calling thread has, so SIGTERM reaches it.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setpgroup(&s.attr, 0);
    posix_spawnattr_setsigmask(&s.attr, &none);
    posix_spawnattr_setsigdefault(&s.attr, &all);
    posix_spawnattr_setflags(&s.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_addchdir_np(&s.actions, spec.cwd.c_str());
    posix_spawn_file_actions_addopen(&s.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&s.actions, STDOUT_FILENO, spec.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&s.actions, STDOUT_FILENO, STDERR_FILENO);

    std::vector<char*> args;
    std::vector<std::string> argv = spec.argv;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);

    const auto start = Clock::now();
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0].c_str(), &s.actions, &s.attr, args.data(), environ);
    if (rc != 0) {
        out.start_error = "cannot start " + argv[0] + ": " + std::strerror(rc);
        return out;
    }
    out.started = true;

    bool reaped = false;
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spec.time_limit));
    if (!wait_until(deadline, [&] { return reap(pid, out, reaped); })) {
        out.timed_out = true;
        end_group(pid, spec.grace, out, reaped);
    } else if (group_alive(pid)) {
        // The leader is done but left helpers behind: they belong to this job, end them too.
        out.group_left_over = true;
        end_group(pid, spec.grace, out, reaped);
    }
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
}

}  // namespace dtop::support
