// The engine in process: plan in, results out, with the small test plugins.
#include "engine.hpp"
#include "process.hpp"
#include "scenario_check.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtop;

namespace {
RunOutcome run_text(const std::string& yaml, const std::string& out) {
    Registry reg({TEST_PLUGIN_DIR});
    Diagnostics d;
    Plan plan = check_scenario(parse_scenario_text(yaml, "x.yaml", d), reg, d);
    REQUIRE(d.empty());
    Reporter quiet(ProgressMode::none, Verbosity::quiet);
    RunOptions options;
    options.out = out;
    options.jobs = 2;
    return run_plan(plan, reg, quiet, options);
}
}  // namespace

TEST_CASE("engine: independent batch nodes all run, in parallel, each with its own outputs") {
    std::string yaml = "nodes:\n";
    for (int i = 0; i < 8; ++i)
        yaml += "  m" + std::to_string(i) + ": {plugin: test-mm, params: {length: " + std::to_string(i) + "}}\n  e" +
                std::to_string(i) + ": {plugin: test-metres, inputs: {length: m" + std::to_string(i) + ".out}}\n";
    const std::string out = test::temp_dir("engine_parallel") + "/out";
    auto outcome = run_text(yaml, out);
    REQUIRE(outcome.exit_code == 0);
    for (int i = 0; i < 8; ++i) {
        auto echo = nlohmann::json::parse(test::read_file(out + "/e" + std::to_string(i) + ".echo.json"));
        CHECK(echo["value"] == Approx(i / 1000.0));
    }
}

TEST_CASE("engine: a stepped output feeding a batch series input is recorded for it") {
    const std::string out = test::temp_dir("engine_collect") + "/out";
    auto outcome = run_text(R"(clock: {start: 0, stop: 0.3, step: 0.1}
nodes:
  p: {plugin: test-pass, params: {c: 2 mm}}
  e: {plugin: test-metres, params: {count: 1}, inputs: {length: m.out, series: p.y}}
  m: {plugin: test-mm}
)", out);
    REQUIRE(outcome.exit_code == 0);
    CHECK(test::read_file(out + "/e.echo_series.csv") == "t (s),y (m)\n0,0.002\n0.1,0.002\n0.2,0.002\n0.3,0.002\n");
}
