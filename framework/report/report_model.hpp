// The report's content, gathered from a results directory: from manifest.json the scenario, status,
// timings, parameters and plugin versions; from every output file its scalars, tables and series
// (decimated for the page), and from the nodes' own folders their pictures. One JSON object, which
// the page's script lays out. Reads only what the run wrote; a file it cannot read becomes a problem
// listed on the page, not a failure of the report.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>

namespace dtop {
class Registry;
}

namespace dtop::report {

// At most this many buckets per trace (each keeps its minimum and maximum sample).
inline constexpr std::size_t kChartBuckets = 2000;

// `registry` (may be null) tells series from tables by the ports' declared kinds; without it, or for
// a plugin it does not know, a CSV whose first column rises throughout is taken for a series.
// Throws std::runtime_error if `dir` holds no readable manifest.json.
nlohmann::json gather(const std::filesystem::path& dir, Registry* registry);

}  // namespace dtop::report
