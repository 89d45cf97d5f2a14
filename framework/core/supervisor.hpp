// One supervised child process: the isolation unit of a run (architecture note, "One supervisor").
// A function or a command runs in a child; the parent waits for it without ever running code in the
// crashing process, forwards SIGINT/SIGTERM to it, and reports how it ended (exit code, or signal and
// core dump), so that it can finish what the child left half done (a run's manifest). `dtop run`
// uses it; the server's jobs and a study's isolated executor are meant to.
//
// Signals: from start to the Child's destruction the parent's SIGINT, SIGTERM and SIGCHLD are
// blocked in the calling thread and read synchronously while waiting (signalfd), so no handler ever
// runs. A multi-threaded caller must block them in every thread (or pass forward_signals = false).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <sys/types.h>
#include <signal.h>
#include <vector>

namespace dtop {

struct SuperviseOptions {
    bool own_process_group = false;  // the child leads a new process group; signals go to the whole group
    // PR_SET_PDEATHSIG: the child gets SIGKILL if the parent dies. Linux ties it to the thread that
    // forked: a multi-threaded caller should start children from a thread that lives as long.
    bool die_with_parent = true;
    bool forward_signals = true;     // SIGINT/SIGTERM to the parent are sent on to the child as SIGTERM
    std::chrono::milliseconds kill_after{3000};  // after forwarding: SIGKILL if the child has not ended
    // Called in the parent, while waiting, for each line the child wrote to its message pipe.
    std::function<void(const std::string& line)> on_message;
};

// How the child ended.
struct ChildEnd {
    bool signalled = false;     // killed by a signal (else it exited)
    int exit_code = 0;          // when it exited
    int signal = 0;             // when signalled
    bool core_dumped = false;
    int cancel_signal = 0;      // SIGINT or SIGTERM the parent received (and forwarded), else 0
    bool killed_after_timeout = false;  // the child ignored the forwarded SIGTERM and got SIGKILL

    std::string signal_name() const;  // "SIGSEGV"; "" when it exited
    // "exited with code 2", "killed by SIGSEGV (Segmentation fault)", "... , core dumped".
    std::string describe() const;
};

// "SIGSEGV" for 11, "signal 42" for one without a name.
std::string signal_name(int signal);

class Child {
public:
    // Runs body(message_fd) in a forked child (no exec); its return value is the child's exit code
    // (an exception: its message on stderr, exit code 1). The child writes lines for on_message to
    // message_fd. Fork without exec: the caller must be single-threaded (checked: std::logic_error),
    // and stdout/stderr are flushed first so nothing buffered is written twice.
    static Child run_function(const std::function<int(int message_fd)>& body, const SuperviseOptions& options);
    // Runs argv (argv[0] looked up in PATH) in a child. Safe from a multi-threaded caller.
    static Child run_command(const std::vector<std::string>& argv, const SuperviseOptions& options);

    Child(Child&& other) noexcept;
    Child& operator=(Child&&) = delete;
    Child(const Child&) = delete;
    ~Child();  // kills and reaps a child still running; restores the signal mask

    pid_t pid() const { return pid_; }
    // Waits for the child to end, forwarding SIGINT/SIGTERM and passing its messages on.
    ChildEnd wait();

private:
    Child(pid_t pid, int message_fd, const SuperviseOptions& options, const sigset_t& old_mask);
    void signal_child(int sig) const;
    void read_messages();
    pid_t pid_ = -1;
    int message_fd_ = -1;  // read end of the child's message pipe, or -1
    int signal_fd_ = -1;
    SuperviseOptions options_;
    sigset_t old_mask_{};
    std::string partial_;  // message bytes not yet ending in a newline
    bool reaped_ = false;
};

// The number of threads of this process (from /proc/self/task).
std::size_t thread_count();

}  // namespace dtop
