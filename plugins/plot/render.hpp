// Rendering a picture: the script written beside it, gnuplot run on it (dtop_support/gnuplot.hpp),
// and its PNG checked (signature, size in the header) before it is believed.
#pragma once

#include "png_header.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dtop::plot {

struct Rendered {
    std::filesystem::path png, script;
    PngSize size;
    std::uintmax_t bytes = 0;
    std::vector<std::string> messages;  // what gnuplot printed (warnings), line by line
    double seconds = 0;
};

// Writes <dir>/<name>.gp, runs `gnuplot <name>.gp` in dir and checks <dir>/<name>.png. Throws
// std::runtime_error saying what went wrong (not started, time limit, exit code with gnuplot's own
// message, no or a broken PNG); then no PNG is left behind, and the script and log are kept.
Rendered render(const std::filesystem::path& gnuplot, const std::filesystem::path& dir, const std::string& name,
                const std::string& script, double time_limit, PngSize expected);

}  // namespace dtop::plot
