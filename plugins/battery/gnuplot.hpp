// Runs gnuplot on a script, without a shell: an argument vector through posix_spawnp.
#pragma once

#include <filesystem>

namespace dtop::battery {

// Throws "gnuplot not found; install gnuplot-nox" when there is none on PATH, and gnuplot's own
// messages when it fails.
void run_gnuplot(const std::filesystem::path& script);

}  // namespace dtop::battery
