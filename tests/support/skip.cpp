#include "skip.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <unistd.h>

namespace dtop::test {

bool on_path(const std::string& program) {
    if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0;
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    return false;
}

void require_program(const std::string& program, const std::string& install) {
    if (on_path(program)) return;
    std::printf("skipped: %s not found on PATH (%s)\n", program.c_str(), install.c_str());
    std::fflush(stdout);
    std::_Exit(kSkipExitCode);
}

}  // namespace dtop::test
