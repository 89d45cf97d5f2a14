#include "render.hpp"

#include <dtop_support/gnuplot.hpp>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace dtop::plot {

Rendered render(const fs::path& gnuplot, const fs::path& dir, const std::string& name, const std::string& script,
                double time_limit, PngSize expected) {
    Rendered r;
    r.png = dir / (name + ".png");
    r.script = dir / (name + ".gp");
    const fs::path log = dir / (name + ".log");
    {
        std::ofstream out(r.script, std::ios::binary | std::ios::trunc);
        out << script;
        if (!out.flush()) throw std::runtime_error("cannot write " + r.script.string());
    }
    std::error_code ec;
    fs::remove(r.png, ec);

    const support::GnuplotRun gp = support::run_gnuplot(gnuplot, r.script, log, time_limit);
    const support::ProcessOutcome& run = gp.process;
    r.seconds = run.seconds;
    r.messages = gp.messages;
    auto failed = [&](const std::string& why) {
        fs::remove(r.png, ec);
        return std::runtime_error(why + " (script " + r.script.string() + ")");
    };
    if (!run.started) throw failed("gnuplot did not start: " + run.start_error);
    if (run.timed_out) {
        char limit[32];
        std::snprintf(limit, sizeof limit, "%g", time_limit);
        throw failed(std::string("gnuplot did not finish within time_limit = ") + limit + " s and was ended");
    }
    if (!gp.succeeded())
        throw failed("gnuplot failed (" + (run.exited ? "exit code " + std::to_string(run.exit_code) : "signal " + std::to_string(run.signal)) +
                     ")" + (r.messages.empty() ? std::string(", printing nothing") : ":" + support::message_tail(r.messages, 8)));
    fs::remove(log, ec);  // nothing in it that is not in the node's log now

    r.bytes = fs::exists(r.png, ec) ? fs::file_size(r.png, ec) : 0;
    if (r.bytes == 0) throw failed("gnuplot exited normally but wrote no picture to " + r.png.string());
    const auto size = read_png_size(r.png);
    if (!size) throw failed(r.png.string() + " is not a PNG file");
    if (size->width != expected.width || size->height != expected.height)
        throw failed(r.png.string() + " is " + std::to_string(size->width) + "x" + std::to_string(size->height) + " pixels, not the " +
                     std::to_string(expected.width) + "x" + std::to_string(expected.height) + " asked for");
    r.size = *size;
    return r;
}

}  // namespace dtop::plot
