// The run report: one self-contained page, report.html in the results directory, to look at a run
// in any browser without a server or internet. Scenario, status, parameters, plugin versions and
// timings, every scalar output in a table, every series as an interactive chart (plotly.js, inlined),
// the nodes' own pictures, links to every file. Written for failed runs too: the page shows what
// failed and what finished. `dtop report DIR`, or `dtop run --report`.
#pragma once

#include <filesystem>

namespace dtop {
class Registry;
}

namespace dtop::report {

// Writes <dir>/report.html atomically and returns its path. `registry` (may be null) tells series
// from tables by the plugins' declared port kinds. Throws std::runtime_error (no manifest, page
// template or plotly.js missing, cannot write).
std::filesystem::path write_report(const std::filesystem::path& dir, Registry* registry);

}  // namespace dtop::report
