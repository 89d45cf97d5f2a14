#include "gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

extern char** environ;

namespace dtop::battery {

void run_gnuplot(const std::filesystem::path& script) {
    const std::string log = script.string() + ".log";  // gnuplot's messages, kept when it fails
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::string program = "gnuplot", path = script.string();
    char* argv[] = {program.data(), path.data(), nullptr};
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc == ENOENT) {
        std::filesystem::remove(log);
        throw std::runtime_error("gnuplot not found; install gnuplot-nox (or set plot: false)");
    }
    if (rc != 0) throw std::runtime_error(std::string("cannot start gnuplot: ") + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error(std::string("waiting for gnuplot: ") + std::strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        std::filesystem::remove(log);
        return;
    }
    std::ifstream in(log);
    std::ostringstream messages;
    messages << in.rdbuf();
    throw std::runtime_error("gnuplot failed on " + script.string() + ": " + messages.str());
}

}  // namespace dtop::battery
