#include "gnuplot.hpp"

#include <dtop_support/gnuplot.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dtop::battery {

void run_gnuplot(const std::filesystem::path& script) {
    // The plugin-support runner, as in the plot plugin: argument vector, own process group, a time
    // limit (a hung gnuplot must not hang the run).
    const auto gnuplot = support::find_gnuplot();
    if (!gnuplot) throw std::runtime_error("gnuplot not found; install gnuplot-nox (or set plot: false)");
    const std::filesystem::path log = script.string() + ".log";  // gnuplot's messages, kept when it fails
    const support::GnuplotRun run = support::run_gnuplot(*gnuplot, script, log, 60);
    if (!run.process.started) throw std::runtime_error("cannot start gnuplot: " + run.process.start_error);
    if (run.succeeded()) {
        std::filesystem::remove(log);
        return;
    }
    std::ifstream in(log);
    std::ostringstream messages;
    messages << in.rdbuf();
    throw std::runtime_error("gnuplot failed on " + script.string() +
                             (run.process.timed_out ? " (ended after 60 s)" : "") + ": " + messages.str());
}

}  // namespace dtop::battery
