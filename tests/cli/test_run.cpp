// dtop run: results directory, manifest, failures, units, co-simulation, progress events.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {
nlohmann::json manifest(const std::string& dir) { return nlohmann::json::parse(read_file(dir + "/manifest.json")); }
}  // namespace

TEST_CASE("run: a batch scenario writes outputs, converted units and a manifest") {
    const std::string dir = temp_dir("run_batch");
    write_file(dir + "/s.yaml", R"(nodes:
  a: {plugin: test-mm, params: {length: 1500}}
  b: {plugin: test-metres, inputs: {length: a.out, series: a.series}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto m = manifest(dir + "/out");
    CHECK(m["status"] == "ok");
    CHECK(m["nodes"]["b"]["status"] == "ok");
    CHECK(m["nodes"]["a"]["params"]["length"]["value"] == 1500.0);
    CHECK(m["plugins"]["test-mm"]["sha256"].get<std::string>().size() == 64);
    CHECK(m["scenario"]["sha256"].get<std::string>().size() == 64);
    CHECK(m["nodes"]["a"]["wall_time_s"].is_number());
    auto echo = nlohmann::json::parse(read_file(dir + "/out/b.echo.json"));
    CHECK(echo["value"] == 1.5);  // 1500 mm delivered as 1.5 m
    CHECK(echo["unit"] == "m");
    CHECK(read_file(dir + "/out/b.echo_series.csv") == "t (s),a (m)\n0,1.5\n1,3\n");
    CHECK(fs::exists(dir + "/out/run.log"));
    // A file the plugin wrote itself, in its node's folder, listed in the manifest.
    CHECK(read_file(dir + "/out/a/note.txt") == "length 1500 mm\n");
    CHECK(m["nodes"]["a"]["files"] == nlohmann::json::array({"a/note.txt"}));
}

TEST_CASE("run: never overwrites a results directory silently") {
    const std::string dir = temp_dir("run_overwrite");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    REQUIRE(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"}).code == 0);
    auto again = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(again.code == 1);
    CHECK_THAT(again.err, Catch::Contains("already exists and is not empty"));
    CHECK(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--overwrite"}).code == 0);
    // Without --out: results/<name>-<time>, a new one each time.
    REQUIRE(run_dtop({"run", dir + "/s.yaml"}, dir).code == 0);
    REQUIRE(run_dtop({"run", dir + "/s.yaml"}, dir).code == 0);
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir + "/results")) n += e.path().filename().string().rfind("s-", 0) == 0;
    CHECK(n == 2);
}

TEST_CASE("run: a failing node keeps the results of the others and the manifest says why") {
    const std::string dir = temp_dir("run_fail");
    write_file(dir + "/s.yaml", R"(nodes:
  good: {plugin: test-mm}
  bad: {plugin: test-thrower, params: {fail_in: run}}
  after: {plugin: test-metres, inputs: {length: bad.value}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("boom: sensor exploded"));
    auto m = manifest(dir + "/out");
    CHECK(m["status"] == "failed");
    CHECK(m["nodes"]["good"]["status"] == "ok");
    CHECK(m["nodes"]["bad"]["status"] == "failed");
    CHECK(m["nodes"]["bad"]["error"] == "boom: sensor exploded");
    CHECK(m["nodes"]["after"]["status"] == "skipped");
    CHECK(fs::exists(dir + "/out/good.out.json"));
}

TEST_CASE("run: configure errors stop the run before anything ran, naming the parameter's line") {
    const std::string dir = temp_dir("run_configure");
    write_file(dir + "/s.yaml", "nodes:\n  good: {plugin: test-mm}\n  bad:\n    plugin: test-thrower\n    params: {fail_in: param, x: 2}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("s.yaml:5:33: error: node 'bad', parameter 'x': x is not acceptable"));
    CHECK_THAT(r.err, Catch::Contains("nothing was run"));
    CHECK(!fs::exists(dir + "/out/manifest.json"));
}

TEST_CASE("run: stepped chain with a feedback loop reads the previous step's value") {
    const std::string dir = temp_dir("run_stepped");
    // p: y = u + 1 with u = q.y; q: y = u + 0 with u = p.y. p steps first (scenario order), so p reads
    // q's previous value: p_k = q_{k-1} + 1 = p_{k-1} + 1, p_0 = 1 -> at k = 10 p = 11.
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  p: {plugin: test-pass, params: {c: 1}, inputs: {u: q.y}, record: true}
  q: {plugin: test-pass, inputs: {u: p.y}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto last = nlohmann::json::parse(read_file(dir + "/out/p.last.json"));
    CHECK(last["value"] == 11.0);
    const std::string csv = read_file(dir + "/out/p.y.csv");
    CHECK(csv.rfind("t (s),y (m)\n0,1\n0.1,2\n", 0) == 0);
}

TEST_CASE("run: a plugin that throws in step stops the co-simulation with the time and message") {
    const std::string dir = temp_dir("run_step_throw");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  t: {plugin: test-thrower, params: {fail_in: step}, mode: stepped}
  p: {plugin: test-pass, inputs: {u: t.y}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    auto m = manifest(dir + "/out");
    CHECK_THAT(m["nodes"]["t"]["error"].get<std::string>(), Catch::Contains("at t = 0.5") && Catch::Contains("step exploded"));
    CHECK(m["nodes"]["p"]["status"] == "stopped");  // it stepped until t stopped the co-simulation
}

TEST_CASE("run: --progress=jsonl emits machine-readable events") {
    const std::string dir = temp_dir("run_jsonl");
    write_file(dir + "/s.yaml", "clock: {start: 0, stop: 1, step: 0.001}\nnodes:\n  p: {plugin: test-pass}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--progress=jsonl"});
    REQUIRE(r.code == 0);
    std::vector<std::string> events;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line)["event"]);
    REQUIRE(events.size() >= 4);
    CHECK(events.front() == "run_start");
    CHECK(events.back() == "run_end");
    CHECK(std::count(events.begin(), events.end(), "progress") >= 1);
}

TEST_CASE("run: a relative --out is a folder under the working directory") {
    const std::string dir = temp_dir("run_relative_out");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    auto r = run_dtop({"run", "s.yaml", "--out", "out"}, dir);
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(manifest(dir + "/out")["status"] == "ok");
}

TEST_CASE("run: --set overrides reach the plugin and the manifest") {
    const std::string dir = temp_dir("run_set");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--set", "a.length=2 m"});
    REQUIRE(r.code == 0);
    auto m = manifest(dir + "/out");
    CHECK(m["nodes"]["a"]["params"]["length"]["value"] == 2000.0);
    CHECK(m["scenario"]["overrides"][0] == "a.length=2 m");
}

TEST_CASE("run: --overwrite replaces only an earlier results directory") {
    const std::string dir = temp_dir("run_overwrite_guard");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    write_file(dir + "/precious/notes.txt", "keep me");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/precious", "--overwrite"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("not an earlier dtop results directory"));
    CHECK(read_file(dir + "/precious/notes.txt") == "keep me");
    write_file(dir + "/afile", "x");
    CHECK(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/afile", "--overwrite"}).code == 1);
    CHECK(read_file(dir + "/afile") == "x");
}

TEST_CASE("run: a failing init still finishes, logs and records every stepped node") {
    const std::string dir = temp_dir("run_init_fail");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  p: {plugin: test-pass}
  t: {plugin: test-thrower, params: {fail_in: init}, mode: stepped}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--progress=jsonl"});
    CHECK(r.code == 2);
    auto m = manifest(dir + "/out");
    CHECK(m["status"] == "failed");
    CHECK(m["nodes"]["t"]["error"] == "init exploded");
    CHECK(m["nodes"]["p"]["status"] == "skipped");
    CHECK_THAT(read_file(dir + "/out/run.log"), Catch::Contains("init exploded"));
    CHECK_THAT(r.out, Catch::Contains("\"event\":\"node_end\""));
}

TEST_CASE("run: the manifest records the whole command line, and a bad --print is refused before running") {
    const std::string dir = temp_dir("run_cmdline");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    REQUIRE(run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--set", "a.length=3"}).code == 0);
    const auto cmd = manifest(dir + "/out")["command_line"];
    CHECK(std::find(cmd.begin(), cmd.end(), "a.length=3") != cmd.end());
    CHECK(std::find(cmd.begin(), cmd.end(), dir + "/out") != cmd.end());
    auto bad = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out2", "--print", "a.nothing"});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Catch::Contains("--print a.nothing"));
    CHECK(!fs::exists(dir + "/out2/manifest.json"));
}

TEST_CASE("run: --quiet still says that a run failed") {
    const std::string dir = temp_dir("run_quiet_fail");
    write_file(dir + "/s.yaml", "nodes:\n  bad: {plugin: test-thrower}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "-q"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("boom: sensor exploded"));
}

TEST_CASE("run: `channels:` on a wire carries only the chosen channels, stepped and batch") {
    const std::string dir = temp_dir("run_channels");
    write_file(dir + "/d.csv", "t (s),x (m),y (m)\n0,1,10\n0.1,2,20\n0.2,3,30\n");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 0.2, step: 0.1}
nodes:
  r: {plugin: replay, params: {file: d.csv}, mode: stepped}
  p: {plugin: test-pass, inputs: {u: {from: r.y, channels: [y]}}, record: true}
  b: {plugin: replay, params: {file: d.csv}, mode: batch}
  e: {plugin: test-metres, inputs: {length: m.out, series: {from: b.series, channels: [y]}}}
  m: {plugin: test-mm}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(read_file(dir + "/out/p.y.csv") == "t (s),y (m)\n0,10\n0.1,20\n0.2,30\n");
    CHECK(read_file(dir + "/out/e.echo_series.csv") == "t (s),y (m)\n0,10\n0.1,20\n0.2,30\n");
}

TEST_CASE("run: a wire giving a one-channel input several channels names the wire and shows `channels:`") {
    const std::string dir = temp_dir("run_channels_count");
    write_file(dir + "/d.csv", "t (s),x (m),y (m)\n0,1,10\n0.1,2,20\n");
    write_file(dir + "/s.yaml", "clock: {start: 0, stop: 0.1, step: 0.1}\nnodes:\n  r: {plugin: replay, params: {file: d.csv}, mode: stepped}\n"
                                "  p: {plugin: test-pass, inputs: {u: r.y}}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    const std::string error = manifest(dir + "/out")["nodes"]["p"]["error"];
    CHECK_THAT(error, Catch::Contains("input 'u' takes one channel, but 'r.y' gives 2 (x, y) at ") &&
                          Catch::Contains("s.yaml:4:38") && Catch::Contains("{from: r.y, channels: [x]}"));
    write_file(dir + "/t.yaml", "clock: {start: 0, stop: 0.1, step: 0.1}\nnodes:\n  r: {plugin: replay, params: {file: d.csv}, mode: stepped}\n"
                                "  p: {plugin: test-pass, inputs: {u: {from: r.y, channels: [z]}}}\n");
    r = run_dtop({"run", dir + "/t.yaml", "--out", dir + "/out2"});
    CHECK(r.code == 2);
    CHECK_THAT(manifest(dir + "/out2")["nodes"]["p"]["error"].get<std::string>(),
               Catch::Contains("no channel 'z' in 'r.y' (it has: x, y), chosen at ") && Catch::Contains("t.yaml:4:60"));
}
