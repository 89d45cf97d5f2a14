#include "gnuplot.hpp"

#include "timed_process.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dtop::battery {

void run_gnuplot(const std::filesystem::path& script) {
    // The same runner as the plot plugin and the FE adapter: argument vector, own process group, a
    // time limit (a hung gnuplot must not hang the run).
    const auto gnuplot = fe::find_executable("gnuplot");
    if (!gnuplot) throw std::runtime_error("gnuplot not found; install gnuplot-nox (or set plot: false)");
    fe::ProcessSpec spec;
    spec.argv = {gnuplot->string(), script.filename().string()};
    spec.cwd = script.parent_path();
    spec.log = script.string() + ".log";  // gnuplot's messages, kept when it fails
    spec.time_limit = 60;
    const fe::ProcessOutcome run = fe::run_process(spec);
    if (!run.started) throw std::runtime_error("cannot start gnuplot: " + run.start_error);
    if (run.exited && run.exit_code == 0) {
        std::filesystem::remove(spec.log);
        return;
    }
    std::ifstream in(spec.log);
    std::ostringstream messages;
    messages << in.rdbuf();
    throw std::runtime_error("gnuplot failed on " + script.string() +
                             (run.timed_out ? " (ended after 60 s)" : "") + ": " + messages.str());
}

}  // namespace dtop::battery
