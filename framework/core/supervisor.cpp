#include "supervisor.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <optional>
#include <pthread.h>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dtop {

namespace {

sigset_t supervised_signals() {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGCHLD);
    return s;
}

// In the child, before its own code: own process group, death with the parent, the caller's mask.
// Only async-signal-safe calls (run_command's child may be forked from a multi-threaded parent).
void child_setup(const SuperviseOptions& options, pid_t parent, const sigset_t& old_mask) {
    if (options.own_process_group) setpgid(0, 0);
    if (options.die_with_parent) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(128 + SIGKILL);  // the parent died before prctl took effect
    }
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
}

}  // namespace

std::string signal_name(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

std::string ChildEnd::signal_name() const { return signalled ? dtop::signal_name(signal) : ""; }

std::string ChildEnd::describe() const {
    if (!signalled) return "exited with code " + std::to_string(exit_code);
    const char* what = sigdescr_np(signal);
    return "killed by " + signal_name() + (what ? std::string(" (") + what + ")" : "") + (core_dumped ? ", core dumped" : "");
}

std::size_t thread_count() {
    std::size_t n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec))
        ++n;
    return n;
}

Child::Child(pid_t pid, int message_fd, const SuperviseOptions& options, const sigset_t& old_mask)
    : pid_(pid), message_fd_(message_fd), options_(options), old_mask_(old_mask) {
    if (options_.own_process_group) setpgid(pid_, pid_);  // also here: no race with the child's own call
    const sigset_t s = supervised_signals();
    signal_fd_ = signalfd(-1, &s, SFD_CLOEXEC);
    if (signal_fd_ < 0) throw std::runtime_error(std::string("signalfd: ") + std::strerror(errno));
}

Child::Child(Child&& o) noexcept
    : pid_(o.pid_), message_fd_(o.message_fd_), signal_fd_(o.signal_fd_), options_(std::move(o.options_)),
      old_mask_(o.old_mask_), partial_(std::move(o.partial_)), reaped_(o.reaped_) {
    o.pid_ = -1;
    o.message_fd_ = o.signal_fd_ = -1;
    o.reaped_ = true;
}

Child::~Child() {
    if (pid_ > 0 && !reaped_) {
        signal_child(SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (message_fd_ >= 0) close(message_fd_);
    if (signal_fd_ >= 0) {
        close(signal_fd_);
        sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
    }
}

Child Child::run_function(const std::function<int(int)>& body, const SuperviseOptions& options) {
    if (thread_count() != 1)
        throw std::logic_error("Child::run_function forks without exec: the caller must be single-threaded");
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const sigset_t s = supervised_signals();
    sigset_t old_mask;
    sigprocmask(SIG_BLOCK, &s, &old_mask);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        const int e = errno;
        sigprocmask(SIG_SETMASK, &old_mask, nullptr);
        close(fds[0]);
        close(fds[1]);
        throw std::runtime_error(std::string("fork: ") + std::strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        child_setup(options, parent, old_mask);
        int code = 1;
        try {
            code = body(fds[1]);
        } catch (const std::exception& e) {
            std::cerr << "dtop: " << e.what() << '\n';
        }
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        _exit(code);  // not exit(): the parent's static objects are the parent's to destroy
    }
    close(fds[1]);
    return Child(pid, fds[0], options, old_mask);
}

Child Child::run_command(const std::vector<std::string>& argv, const SuperviseOptions& options) {
    if (argv.empty()) throw std::invalid_argument("Child::run_command: empty argv");
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const sigset_t s = supervised_signals();
    sigset_t old_mask;
    pthread_sigmask(SIG_BLOCK, &s, &old_mask);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        const int e = errno;
        pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
        throw std::runtime_error(std::string("fork: ") + std::strerror(e));
    }
    if (pid == 0) {
        child_setup(options, parent, old_mask);
        execvp(args[0], args.data());
        _exit(127);
    }
    return Child(pid, -1, options, old_mask);
}

void Child::signal_child(int sig) const {
    if (pid_ <= 0) return;
    if (options_.own_process_group) kill(-pid_, sig);
    else kill(pid_, sig);
}

void Child::read_messages() {
    // Only what is there now: a grandchild that inherited the pipe must not make the parent wait.
    char buf[4096];
    pollfd p{message_fd_, POLLIN, 0};
    while (message_fd_ >= 0 && poll(&p, 1, 0) > 0) {
        const ssize_t n = read(message_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {  // end of file: the child ended or closed it
            close(message_fd_);
            message_fd_ = -1;
            break;
        }
        partial_.append(buf, static_cast<std::size_t>(n));
        for (auto nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n')) {
            if (options_.on_message) options_.on_message(partial_.substr(0, nl));
            partial_.erase(0, nl + 1);
        }
    }
}

ChildEnd Child::wait() {
    ChildEnd end;
    using clock = std::chrono::steady_clock;
    std::optional<clock::time_point> kill_at;
    while (!reaped_) {
        int status = 0;
        const pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            reaped_ = true;
            end.signalled = WIFSIGNALED(status);
            end.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
            end.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
            end.core_dumped = WIFSIGNALED(status) && WCOREDUMP(status);
            break;
        }
        pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {message_fd_, POLLIN, 0}};
        int timeout = -1;
        if (kill_at) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*kill_at - clock::now()).count();
            timeout = static_cast<int>(std::max<long long>(left, 0));
        }
        const int ready = poll(fds, message_fd_ >= 0 ? 2 : 1, timeout);
        if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        if (kill_at && clock::now() >= *kill_at) {
            signal_child(SIGKILL);
            end.killed_after_timeout = true;
            kill_at.reset();
        }
        if (message_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP))) read_messages();
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            if (read(signal_fd_, &info, sizeof info) != sizeof info) continue;
            const int sig = static_cast<int>(info.ssi_signo);
            if ((sig == SIGINT || sig == SIGTERM) && options_.forward_signals && !end.cancel_signal) {
                end.cancel_signal = sig;
                signal_child(SIGTERM);
                kill_at = clock::now() + options_.kill_after;
            }
        }
    }
    read_messages();  // what the child wrote just before it ended
    if (options_.own_process_group) kill(-pid_, SIGKILL);  // no grandchild outlives the run
    return end;
}

}  // namespace dtop
