// What the plot plugin refuses, and how: bad series with the node and the input named, a missing
// gnuplot at validation (before anything runs), and a gnuplot that fails, hangs or draws nothing.
#include "report_test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {

// A stand-in `gnuplot` (a shell script) alone in a folder, for PATH.
std::string fake_gnuplot(const std::string& dir, const std::string& body) {
    const std::string bin = dir + "/fake-bin";
    write_file(bin + "/gnuplot", "#!/bin/sh\n" + body + "\n");
    ::chmod((bin + "/gnuplot").c_str(), 0755);
    return bin;
}

}  // namespace

TEST_CASE("plot: a series with NaN, infinity, no sample, no channel or mismatched lengths is refused, node and input named") {
    const std::string dir = temp_dir("plot_bad_input");
    write_file(dir + "/s.yaml", R"(nodes:
  good: {plugin: test-series, params: {samples: 100, channels: "y, lower, upper"}}
  short: {plugin: test-series, params: {samples: 80, channels: "lower"}}
  nan: {plugin: test-series, params: {samples: 100, bad_at: 12}}
  inf: {plugin: test-series, params: {samples: 100, bad_at: 7, bad_value: inf}}
  empty: {plugin: test-series, params: {samples: 0}}
  bare: {plugin: test-series, params: {samples: 10, channels: ""}}
  negative: {plugin: test-series, params: {samples: 10, x_start: -1, x_step: 0.5}}
  plot-nan: {plugin: plot, inputs: {a: good.series, b: nan.series}}
  plot-inf: {plugin: plot, inputs: {a: inf.series}}
  plot-empty: {plugin: plot, inputs: {a: empty.series}}
  plot-bare: {plugin: plot, inputs: {a: good.series, c: bare.series}}
  plot-mismatch: {plugin: plot, params: {kind: band, lower: b.lower, upper: upper}, inputs: {a: good.series, b: short.series}}
  plot-log: {plugin: plot, params: {x_log: true}, inputs: {a: negative.series}}
  plot-ok: {plugin: plot, inputs: {a: good.series}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    const auto m = manifest_of(dir + "/out");
    auto error_of = [&](const std::string& node) {
        INFO(node);
        CHECK(m["nodes"][node]["status"] == "failed");
        CHECK(!fs::exists(dir + "/out/" + node + "/plot.png"));  // no picture of bad data
        return m["nodes"][node].value("error", "");
    };
    CHECK(error_of("plot-nan") == "input 'b': channel 'y' has NaN at sample 12 (t = 0.12 s)");
    CHECK(error_of("plot-inf") == "input 'a': channel 'y' has +Inf at sample 7 (t = 0.07 s)");
    CHECK(error_of("plot-empty") == "input 'a': channel 'y' is empty (0 samples)");
    CHECK(error_of("plot-bare") == "input 'c': the series has no channel (only its abscissa 't')");
    CHECK(error_of("plot-mismatch") ==
          "input 'b': mismatched lengths: band bound 'lower' has 80 samples, input 'a' has 100; a band needs input a's abscissa");
    CHECK(error_of("plot-log") == "input 'a': x_log needs a positive abscissa, but 'y' is drawn at t (s) = -1; set x_min above it");
    // The host names the node on the command line too.
    CHECK_THAT(r.err, Catch::Contains("node plot-nan: failed: input 'b': channel 'y' has NaN at sample 12"));
    // The good picture is drawn all the same.
    CHECK(m["nodes"]["plot-ok"]["status"] == "ok");
    CHECK(png_info(dir + "/out/plot-ok/plot.png"));
}

TEST_CASE("plot: a missing gnuplot is a clear error when the scenario is validated, and nothing runs") {
    const std::string dir = temp_dir("plot_no_gnuplot");
    fs::create_directories(dir + "/empty-bin");
    write_file(dir + "/s.yaml", "nodes:\n  s: {plugin: test-series}\n  picture: {plugin: plot, inputs: {a: s.series}}\n");
    const std::vector<std::string> env{"env", "PATH=" + dir + "/empty-bin", DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR};
    auto with = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = env;
        argv.insert(argv.end(), args.begin(), args.end());
        return run_process(argv, "", {"DTOP_PLUGIN_PATH="});
    };
    auto v = with({"validate", dir + "/s.yaml"});
    CHECK(v.code == 1);
    CHECK_THAT(v.err, Catch::Contains("s.yaml:3:"));
    CHECK_THAT(v.err, Catch::Contains("error: node 'picture': gnuplot not found on PATH: install gnuplot-nox"));
    auto r = with({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("gnuplot not found on PATH"));
    CHECK_THAT(r.err, Catch::Contains("nothing was run"));
    CHECK(!fs::exists(dir + "/out/manifest.json"));
}

TEST_CASE("plot: a gnuplot that fails, hangs or draws nothing is reported, and leaves no picture") {
    const std::string dir = temp_dir("plot_gnuplot_fails");
    write_file(dir + "/s.yaml", "nodes:\n  s: {plugin: test-series}\n  picture: {plugin: plot, params: {time_limit: 1 s}, inputs: {a: s.series}}\n");
    struct Case {
        const char* name;
        std::string body, error;
    };
    for (const auto& c : {Case{"fails", "echo 'line 3: unknown terminal type' >&2; exit 1",
                               "gnuplot failed (exit code 1):\n  line 3: unknown terminal type"},
                          Case{"hangs", "sleep 30", "gnuplot did not finish within time_limit = 1 s and was ended"},
                          Case{"draws nothing", "exit 0", "gnuplot exited normally but wrote no picture"},
                          Case{"draws garbage", "echo garbage > plot.png", "plot.png is not a PNG file"}}) {
        INFO(c.name);
        const std::string bin = fake_gnuplot(dir + "/" + c.name, c.body);
        auto r = run_process({"env", "PATH=" + bin + ":/usr/bin:/bin", DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR, "run", dir + "/s.yaml",
                              "--out", dir + "/" + c.name + "/out"},
                             "", {"DTOP_PLUGIN_PATH="});
        CHECK(r.code == 2);
        const auto m = manifest_of(dir + "/" + c.name + "/out");
        CHECK_THAT(m["nodes"]["picture"].value("error", ""), Catch::Contains(c.error));
        CHECK(!fs::exists(dir + "/" + c.name + "/out/picture/plot.png"));
        CHECK(fs::exists(dir + "/" + c.name + "/out/picture/plot.gp"));  // kept, to see what was asked
    }
}
