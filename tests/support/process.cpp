#include "process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace dtop::test {

// Each suite's own output folder, defined by dtop_add_test_suite() (tests/CMakeLists.txt).
extern const char* const kTestOutputDir;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string temp_dir(const std::string& name) {
    const auto dir = std::filesystem::path(kTestOutputDir) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::vector<std::string>& extra_env) {
    static int counter = 0;
    const std::string base = std::string(kTestOutputDir) + "/proc" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    const std::string out_file = base + ".out", err_file = base + ".err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = argv;
    if (!cwd.empty()) {
        // posix_spawn_file_actions_addchdir_np is glibc-only; env -C is portable enough here.
        args.insert(args.begin(), {"env", "-C", cwd});
    }
    std::vector<char*> cargs;
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    for (const auto& e : extra_env) env_strings.push_back(e);
    std::vector<char*> cenv;
    for (auto& e : env_strings) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, cargs[0], &actions, nullptr, cargs.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    ProcessResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_file);
    r.err = read_file(err_file);
    std::filesystem::remove(out_file);
    std::filesystem::remove(err_file);
    return r;
}

ProcessResult run_dtop(std::vector<std::string> args, const std::string& cwd) {
    args.insert(args.begin(), {DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR});
    return run_process(args, cwd, {"DTOP_PLUGIN_PATH="});
}

}  // namespace dtop::test
