// Runs gnuplot on a script in the script's folder, without a shell, under a time limit.
#pragma once

#include <filesystem>

namespace dtop::battery {

// Throws "gnuplot not found; install gnuplot-nox" when there is none on PATH, and gnuplot's own
// messages when it fails.
void run_gnuplot(const std::filesystem::path& script);

}  // namespace dtop::battery
