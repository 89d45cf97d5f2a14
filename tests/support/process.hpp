// Runs a program (no shell) for the tests, capturing exit code, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace dtop::test {

struct ProcessResult {
    int code = -1;
    std::string out, err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "",
                          const std::vector<std::string>& extra_env = {});

// Runs the dtop under test with the test plugins on its path.
ProcessResult run_dtop(std::vector<std::string> args, const std::string& cwd = "");

// A fresh empty directory under the build tree's test output.
std::string temp_dir(const std::string& name);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

}  // namespace dtop::test
