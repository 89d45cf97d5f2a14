// Numeric comparison of two runs' output folders (issue 10, part 8): every CSV and JSON output
// except the manifest agrees within 1e-9 relative, or within 1e-12 of its series' largest magnitude
// for values near zero. A "digest" is a folder's outputs read into JSON, optionally with each long
// series sampled at evenly spaced rows (its length and largest magnitude kept), small enough to store
// in the repository as the expected values of a shipped scenario.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace dtop::test {

struct Tolerance {
    double relative = 1e-9;   // of the value itself
    double of_series = 1e-12; // of the series' largest magnitude (values near zero)
};

// Reads every *.csv and *.json under `dir` (manifest.json and *.picture.json left out, and JSON keys
// named "seconds": timings; paths into `dir` are written "<run>/...").
// Series longer than `max_samples` keep max_samples evenly spaced entries plus the last one.
nlohmann::json digest_folder(const std::filesystem::path& dir, std::size_t max_samples);

// Differences between an expected and an actual digest, one line each (empty: they agree).
// A series' scale is the expected one's largest magnitude; a scalar's is itself, except values named
// "*_residual" (relative residuals, rounding noise: their scale is 1) and a node's "max_real_eigenvalue"
// (an entry of its eigenvalues series: that series' scale).
std::vector<std::string> compare_digests(const nlohmann::json& expected, const nlohmann::json& actual,
                                         const Tolerance& tol = {});

}  // namespace dtop::test
