// The run report through the real dtop: report.html from real runs (self-contained, every output
// in it), `dtop report` on an earlier run, failed runs, long series, and missing assets.
#include "report_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {

// The page without the inlined plotly.js: what dtop itself wrote around it.
std::string page_without_plotly(const std::string& html) {
    const auto start = html.find("* plotly.js v");
    const auto end = html.find("</script>", start);
    if (start == std::string::npos || end == std::string::npos) return html;
    return html.substr(0, start) + html.substr(end);
}

std::vector<std::string> files_of(const nlohmann::json& list) {
    std::vector<std::string> out;
    for (const auto& e : list) out.push_back(e["file"]);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("report: a real run's report.html is self-contained and shows every output") {
    const std::string dir = temp_dir("report_real_run");
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/vibration-compare.yaml", "--out", dir + "/out", "--report"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("report: " + dir + "/out/report.html"));
    const std::string html = read_file(dir + "/out/report.html");
    // plotly.js is inside the page; nothing around it reaches out of the results folder.
    CHECK_THAT(html, Catch::Contains("* plotly.js v" PLOTLY_VERSION));
    const std::string own = page_without_plotly(html);
    CHECK(own.size() < html.size() / 2);
    for (const char* outside : {"http:", "https:", "<link", " src=", "//cdn", "@import"}) {
        INFO(outside);
        CHECK(own.find(outside) == std::string::npos);
    }
    CHECK(html.find("<script src") == std::string::npos);
    CHECK_THAT(own, Catch::Contains("<title>vibration-compare - dtop run report</title>"));

    const auto data = report_data(html);
    const auto m = manifest_of(dir + "/out");
    CHECK(data["status"] == "ok");
    CHECK(data["scenario"]["sha256"] == m["scenario"]["sha256"]);
    REQUIRE(data["nodes"].size() == 9);
    for (const auto& n : data["nodes"]) {
        CHECK(n["status"] == "ok");
        CHECK(n["wall_time_s"].get<double>() > 0);
        CHECK(n["version"] == "1.0.0");
    }
    // Every series output is a chart (complex eigenvalues and device tables are tables).
    const auto charts = files_of(data["charts"]);
    for (const char* f : {"compare.spectra.csv", "structure.spectrum.csv", "tmd-given.spectrum.csv", "dvf.open_loop.csv",
                          "dvf-compensated.open_loop.csv", "lqg.spectrum.csv"})
        CHECK(has(charts, f));
    for (const auto& c : data["charts"]) {
        CHECK(fs::exists(dir + "/out/" + c["file"].get<std::string>()));  // the link to the full data works
        CHECK(c["traces"].size() >= 1);
    }
    const auto tables = files_of(data["tables"]);
    for (const char* f : {"compare.table.json", "tmd-given.device_table.csv", "lqg.eigenvalues.csv"}) CHECK(has(tables, f));
    CHECK(!has(charts, "lqg.eigenvalues.csv"));
    // Every scalar output, with its value as the run wrote it.
    const auto lqg = nlohmann::json::parse(read_file(dir + "/out/lqg.result.json"));
    bool found = false;
    for (const auto& s : data["scalars"])
        if (s["node"] == "lqg" && s["name"] == "result.integrated_ke") found = s["value"] == lqg["integrated_ke"];
    CHECK(found);
    // The plot nodes' pictures, by relative links, and every file listed.
    CHECK(data["images"] == nlohmann::json::parse(R"([{"node": "energy-plot", "file": "energy-plot/kinetic-energy.png"},
                                                      {"node": "nyquist-plot", "file": "nyquist-plot/dvf-nyquist.png"}])"));
    const auto files = files_of(data["files"]);
    for (const char* f : {"manifest.json", "run.log", "compare.spectra.csv", "energy-plot/kinetic-energy.gp"}) CHECK(has(files, f));
    CHECK(data["plotly_version"] == PLOTLY_VERSION);
}

TEST_CASE("report: dtop report writes the report of an earlier run, and refuses a folder that is not one") {
    const std::string dir = temp_dir("report_command");
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/signal-demo.yaml", "--out", dir + "/out", "-q"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(!fs::exists(dir + "/out/report.html"));
    auto rep = run_dtop({"report", dir + "/out"});
    INFO(rep.err);
    REQUIRE(rep.code == 0);
    CHECK(rep.out == "report: " + dir + "/out/report.html\n");
    const auto data = report_data(read_file(dir + "/out/report.html"));
    // Recorded stepped outputs are series: charts.
    const auto charts = files_of(data["charts"]);
    CHECK(has(charts, "chirp.y.csv"));
    CHECK(has(charts, "scaled.y.csv"));
    CHECK(has(files_of(data["tables"]), "summary.table.csv"));
    CHECK(data["clock"]["stop"] == 10.0);

    fs::create_directories(dir + "/not-results");
    auto bad = run_dtop({"report", dir + "/not-results"});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Catch::Contains("dtop report: " + dir + "/not-results is not a dtop results directory: it has no manifest.json"));
}

TEST_CASE("report: run --report without --out puts the report in the run's own results folder") {
    const std::string dir = temp_dir("report_default_out");
    write_file(dir + "/s.yaml", "nodes:\n  s: {plugin: test-series}\n  picture: {plugin: plot, inputs: {a: s.series}}\n");
    auto r = run_dtop({"run", "s.yaml", "--report"}, dir);
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::vector<fs::path> runs;
    for (const auto& e : fs::directory_iterator(dir + "/results")) runs.push_back(e.path());
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].filename().string().rfind("s-", 0) == 0);
    CHECK(fs::exists(runs[0] / "report.html"));
    CHECK(fs::exists(runs[0] / "manifest.json"));
    // A scenario that does not validate runs nothing, and leaves no empty results folder behind.
    write_file(dir + "/bad.yaml", "nodes:\n  s: {plugin: test-series, params: {nope: 1}}\n");
    auto bad = run_dtop({"run", "bad.yaml", "--report"}, dir);
    CHECK(bad.code == 1);
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir + "/results")) n += e.path().filename().string().rfind("bad-", 0) == 0;
    CHECK(n == 0);
}

TEST_CASE("report: a failed run's report shows the failure and what finished") {
    const std::string dir = temp_dir("report_failed_run");
    write_file(dir + "/s.yaml", R"(nodes:
  s: {plugin: test-series, params: {samples: 500}}
  picture: {plugin: plot, inputs: {a: s.series}}
  broken: {plugin: test-thrower, params: {fail_in: run}}
  nan: {plugin: test-series, params: {bad_at: 3}}
  bad-picture: {plugin: plot, inputs: {a: nan.series}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--report"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("run FAILED"));
    CHECK_THAT(r.err, Catch::Contains("report: " + dir + "/out/report.html"));
    const auto data = report_data(read_file(dir + "/out/report.html"));
    CHECK(data["status"] == "failed");
    std::map<std::string, nlohmann::json> nodes;
    for (const auto& n : data["nodes"]) nodes[n["name"]] = n;
    CHECK(nodes["broken"]["status"] == "failed");
    CHECK(nodes["broken"]["error"] == "boom: sensor exploded");
    CHECK(nodes["bad-picture"]["error"] == "input 'a': channel 'y' has NaN at sample 3 (t = 0.03 s)");
    CHECK(nodes["picture"]["status"] == "ok");
    // What finished is shown: its series as a chart, its picture.
    CHECK(has(files_of(data["charts"]), "s.series.csv"));
    CHECK(has(files_of(data["images"]), "picture/plot.png"));
    CHECK(!has(files_of(data["images"]), "bad-picture/plot.png"));
}

TEST_CASE("report: a long series is charted decimated, extremes kept, and the page says how long it is") {
    const std::string dir = temp_dir("report_long_series");
    write_file(dir + "/s.yaml", "nodes:\n  long: {plugin: test-series, params: {samples: 60001, channels: \"y, z\"}}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--report"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto data = report_data(read_file(dir + "/out/report.html"));
    REQUIRE(data["charts"].size() == 1);
    const auto& chart = data["charts"][0];
    CHECK(chart["samples"] == 60001);
    CHECK(chart["shown"].get<int>() <= 4002);
    CHECK(chart["shown"].get<int>() > 2000);
    // The extremes of the full series (2 + sin t over 600 s: 1 and 3) survive decimation.
    for (const auto& trace : chart["traces"]) {
        const auto& y = trace["y"];
        CHECK(y.size() == trace["x"].size());
        const double lo = *std::min_element(y.begin(), y.end()), hi = *std::max_element(y.begin(), y.end());
        const double offset = trace["name"] == "y" ? 0.0 : 0.1;
        CHECK(lo == Approx(1.0 + offset).epsilon(1e-6));
        CHECK(hi == Approx(3.0 + offset).epsilon(1e-6));
        CHECK(trace["x"][0] == 0.0);
        CHECK(trace["x"][trace["x"].size() - 1] == Approx(600.0));
    }
    // The page carries a picture of the data, the CSV the numbers.
    CHECK(fs::file_size(dir + "/out/long.series.csv") > 2'000'000);
    CHECK(page_without_plotly(read_file(dir + "/out/report.html")).size() < 500'000);
}

TEST_CASE("report: without the page template or plotly.js, dtop says so, and run --report runs nothing") {
    const std::string dir = temp_dir("report_no_assets");
    // A dtop with no share/dtop beside it.
    fs::create_directories(dir + "/bare/bin");
    fs::copy_file(DTOP_EXE, dir + "/bare/bin/dtop");
    const std::string dtop = dir + "/bare/bin/dtop";
    write_file(dir + "/s.yaml", "nodes:\n  s: {plugin: test-series}\n");
    REQUIRE(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/done"}).code == 0);
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {dtop, "--plugin-path", TEST_PLUGIN_DIR});
        return run_process(args, "", {"DTOP_PLUGIN_PATH="});
    };
    auto rep = with({"report", dir + "/done"});
    CHECK(rep.code == 1);
    CHECK_THAT(rep.err, Catch::Contains("the report's page template and plotly.js are not installed"));
    auto run = with({"run", dir + "/s.yaml", "--out", dir + "/out", "--report"});
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("dtop: --report:"));
    CHECK(!fs::exists(dir + "/out/manifest.json"));
    // The template there, plotly.js not: named, with where it should be.
    write_file(dir + "/bare/share/dtop/report/report.html", "<html>@DTOP_TITLE@ @DTOP_PLOTLY@ @DTOP_DATA@</html>");
    auto half = with({"report", dir + "/done"});
    CHECK(half.code == 1);
    CHECK_THAT(half.err, Catch::Contains("plotly.js not found at " + dir + "/bare/share/dtop/report/plotly.min.js"));
    CHECK(!fs::exists(dir + "/done/report.html"));
}
