#include "dtop_support/gnuplot.hpp"

#include <fstream>

namespace fs = std::filesystem;

namespace dtop::support {

const char* const kGnuplotMissing =
    "gnuplot not found on PATH: install gnuplot-nox (Debian: apt-get install gnuplot-nox), which renders the pictures";

std::optional<fs::path> find_gnuplot() { return find_executable("gnuplot"); }

namespace {

std::vector<std::string> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
    return out;
}

}  // namespace

std::string message_tail(const std::vector<std::string>& lines, std::size_t n) {
    std::string s;
    for (std::size_t k = lines.size() > n ? lines.size() - n : 0; k < lines.size(); ++k) s += "\n  " + lines[k];
    return s;
}

GnuplotRun run_gnuplot(const fs::path& gnuplot, const fs::path& script, const fs::path& log, double time_limit) {
    ProcessSpec spec;
    spec.argv = {gnuplot.string(), script.filename().string()};
    spec.cwd = script.has_parent_path() ? script.parent_path() : fs::path(".");
    spec.log = log;
    spec.time_limit = time_limit;
    GnuplotRun run;
    run.process = run_process(spec);
    run.messages = lines_of(log);
    return run;
}

}  // namespace dtop::support
