// The plot plugin through the real dtop: every kind of picture, rendered by gnuplot and checked as a
// PNG of the size asked for; the kept script draws it again; the parameters' own checks.
#include "report_test_support.hpp"

#include "skip.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace dtop::test;
namespace fs = std::filesystem;

TEST_CASE("plot: every kind of picture renders headless to a PNG of the size asked for") {
    dtop::test::require_program("gnuplot", "install gnuplot-nox");
    const std::string dir = temp_dir("plot_kinds");
    write_file(dir + "/s.yaml", R"(nodes:
  signal: {plugin: test-series, params: {samples: 400, channels: "y, lower, upper, z"}}
  measured: {plugin: test-series, params: {samples: 40, x_step: 0.1, channels: "y"}}
  spectrum: {plugin: test-series, params: {samples: 300, x_start: 1, x_step: 0.33, x_name: f, x_unit: Hz, channels: energy, unit: dB}}
  loop: {plugin: test-series, params: {samples: 200, x_name: f, x_unit: Hz, channels: "re, im", unit: ""}}
  line:
    plugin: plot
    params: {file: line, title: "It's `quoted` @macro", x_log: true, y_log: true, y_label: energy, width: 800, height: 500}
    inputs: {a: spectrum.series}
  band:
    plugin: plot
    params: {kind: band, lower: lower, upper: upper, overlay: scatter, file: band, legend: "model, measured", channels: "y, lower, upper"}
    inputs: {a: signal.series, b: measured.series}
  nyquist:
    plugin: plot
    params: {kind: nyquist, file: nyquist}
    inputs: {a: loop.series}
  panels:
    plugin: plot
    params: {panels: true, file: panels, x_min: 0.955, x_max: 3.055, legend: "signal, measured", height: 900}
    inputs: {a: signal.series, b: measured.series}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto m = manifest_of(dir + "/out");
    struct Expect {
        std::string node, file;
        std::uint32_t width, height;
        std::size_t traces;
    };
    for (const auto& e : {Expect{"line", "line", 800, 500, 1}, Expect{"band", "band", 1000, 600, 3},
                          Expect{"nyquist", "nyquist", 1000, 600, 1}, Expect{"panels", "panels", 1000, 900, 5}}) {
        INFO(e.node);
        const std::string png = dir + "/out/" + e.node + "/" + e.file + ".png";
        const auto info = png_info(png);
        REQUIRE(info);
        CHECK(info->width == e.width);
        CHECK(info->height == e.height);
        CHECK(info->bytes > 8000);  // axes, labels and curves, not an empty canvas
        const auto picture = nlohmann::json::parse(read_file(dir + "/out/" + e.node + ".picture.json"));
        CHECK(picture["file"] == e.node + "/" + e.file + ".png");
        CHECK(picture["traces"] == e.traces);
        // Listed as the node's own files in the manifest, with the script that draws it.
        CHECK(m["nodes"][e.node]["files"] == nlohmann::json::array({e.node + "/" + e.file + ".gp", e.node + "/" + e.file + ".png"}));
    }
    // Units go into the axis labels; titles are single-quoted for gnuplot, quotes doubled.
    const std::string line = read_file(dir + "/out/line/line.gp");
    CHECK_THAT(line, Catch::Contains("set xlabel 'f (Hz)'"));
    CHECK_THAT(line, Catch::Contains("set ylabel 'energy (dB)'"));
    CHECK_THAT(line, Catch::Contains("set title 'It''s `quoted` @macro'"));
    CHECK_THAT(line, Catch::Contains("set logscale x"));
    CHECK_THAT(line, Catch::Contains("set logscale y"));
    const std::string band = read_file(dir + "/out/band/band.gp");
    CHECK_THAT(band, Catch::Contains("with filledcurves"));
    CHECK_THAT(band, Catch::Contains("with points"));
    CHECK_THAT(band, Catch::Contains("title 'model: lower .. upper'"));
    CHECK_THAT(read_file(dir + "/out/nyquist/nyquist.gp"), Catch::Contains("title '-1 (critical point)'"));
    // One panel per channel (y, lower, upper, z), both inputs overlaid where they have it; the window
    // 0.955 <= t <= 3.055 s holds 210 samples of the 0.01 s signal and 21 of the 0.1 s one.
    const std::string panels = read_file(dir + "/out/panels/panels.gp");
    CHECK_THAT(panels, Catch::Contains("set multiplot layout 4,1"));
    CHECK(nlohmann::json::parse(read_file(dir + "/out/panels.picture.json"))["points"] == 4 * 210 + 21);
}

TEST_CASE("plot: the script kept beside a picture draws it again") {
    dtop::test::require_program("gnuplot", "install gnuplot-nox");
    const std::string dir = temp_dir("plot_script");
    write_file(dir + "/s.yaml", R"(nodes:
  s: {plugin: test-series}
  p: {plugin: plot, params: {file: again}, inputs: {a: s.series}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string png = dir + "/out/p/again.png";
    const auto first = read_file(png);
    fs::remove(png);
    auto g = run_process({"gnuplot", "again.gp"}, dir + "/out/p");
    INFO(g.err);
    REQUIRE(g.code == 0);
    CHECK(png_info(png));
    CHECK(read_file(png).size() == first.size());
}

TEST_CASE("plot: parameters that cannot make a picture are refused when the scenario is validated") {
    const std::string dir = temp_dir("plot_params");
    write_file(dir + "/s.yaml", R"(nodes:
  s: {plugin: test-series}
  no-bounds: {plugin: plot, params: {kind: band, upper: upper}, inputs: {a: s.series}}
  unwired: {plugin: plot, params: {kind: band, lower: b.lower, upper: upper}, inputs: {a: s.series}}
  log-nyquist: {plugin: plot, params: {kind: nyquist, x_log: true}, inputs: {a: s.series}}
  bad-file: {plugin: plot, params: {file: ../escape}, inputs: {a: s.series}}
  bad-range: {plugin: plot, params: {y_range: [2, 1]}, inputs: {a: s.series}}
  bad-window: {plugin: plot, params: {x_min: 5, x_max: 1}, inputs: {a: s.series}}
)");
    auto r = run_dtop({"validate", dir + "/s.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("node 'no-bounds', parameter 'lower': kind band needs the channels of both bounds"));
    CHECK_THAT(r.err, Catch::Contains("node 'unwired', parameter 'lower': input 'b' is not connected"));
    CHECK_THAT(r.err, Catch::Contains("node 'log-nyquist', parameter 'x_log': a Nyquist plot has linear axes"));
    CHECK_THAT(r.err, Catch::Contains("node 'bad-file', parameter 'file': expected a plain name"));
    CHECK_THAT(r.err, Catch::Contains("node 'bad-range', parameter 'y_range': expected [low, high] with low < high"));
    CHECK_THAT(r.err, Catch::Contains("node 'bad-window', parameter 'x_max': must be above x_min"));
    CHECK_THAT(r.err, Catch::Contains("6 problems"));
}
