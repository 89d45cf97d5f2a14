// A test that needs an external program (gnuplot, CalculiX, Chromium, ...) is skipped, with the
// reason, when the program is missing, instead of failing: CTest shows it as skipped (exit code 77,
// SKIP_RETURN_CODE of every suite). CI installs everything, and `.ci/run` fails if any test was
// skipped there, so a missing install step cannot hide behind a skip.
#pragma once

#include <string>

namespace dtop::test {

inline constexpr int kSkipExitCode = 77;

// Whether `program` is an executable file on PATH (or, with a '/', that file).
bool on_path(const std::string& program);

// Ends the test process with kSkipExitCode after printing "skipped: <why>", unless `program` is
// there. `install` says how to get it ("install gnuplot-nox").
void require_program(const std::string& program, const std::string& install);

}  // namespace dtop::test
