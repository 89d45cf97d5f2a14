// The engine in process: plan in, results out, with the small test plugins.
#include "engine.hpp"
#include "process.hpp"
#include "scenario_check.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

using namespace dtop;
namespace fs = std::filesystem;

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

TEST_CASE("engine: independent batch nodes all run, each with its own outputs") {
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

namespace {

// Records what a run tells its observers, for the tests below.
struct Watcher : RunObserver {
    std::mutex mutex;
    int running = 0, most_running = 0;
    std::set<std::size_t> started;
    std::vector<std::string> ended;  // node names in the order they ended
    std::map<std::string, Value> outputs;
    const RunContext* ctx = nullptr;
    void run_started(const RunContext& c) override { ctx = &c; }
    void node_started(std::size_t i) override {
        std::lock_guard lock(mutex);
        started.insert(i);
        most_running = std::max(most_running, ++running);
    }
    void node_finished(std::size_t i, const NodeResult& r) override {
        std::lock_guard lock(mutex);
        (void)r;
        if (started.count(i)) --running;
        ended.push_back(ctx->node_name(i));
    }
    void output_produced(std::size_t i, std::size_t p, const Value& v, bool) override {
        std::lock_guard lock(mutex);
        outputs[ctx->node_name(i) + "." + ctx->plan.nodes[i].desc.ports[p].name] = v;
    }
};

Plan plan_of(const std::string& yaml, Registry& reg) {
    Diagnostics d;
    Plan plan = check_scenario(parse_scenario_text(yaml, "x.yaml", d), reg, d);
    INFO(d.format());
    REQUIRE(d.empty());
    return plan;
}

// "node: state: error" lines, for INFO when a run did not end as expected.
std::string states_of(const Plan& plan, const RunOutcome& outcome) {
    std::string text = outcome.problems.format();
    for (std::size_t i = 0; i < outcome.nodes.size(); ++i)
        text += plan.nodes[i].spec->name + ": " + state_name(outcome.nodes[i].state) + ": " + outcome.nodes[i].error + "\n";
    return text;
}

nlohmann::json manifest_of(const std::string& dir) { return nlohmann::json::parse(test::read_file(dir + "/manifest.json")); }

}  // namespace

TEST_CASE("engine: batch nodes run at the same time, up to --jobs") {
    Registry reg({TEST_PLUGIN_DIR});
    std::string yaml = "nodes:\n";
    for (int i = 0; i < 4; ++i) yaml += "  s" + std::to_string(i) + ": {plugin: test-thrower, params: {fail_in: never, sleep_s: 0.2}}\n";
    Plan plan = plan_of(yaml, reg);
    Watcher w;
    RunOptions options;
    options.write_results = false;
    options.jobs = 4;
    options.observers = {&w};
    REQUIRE(PreparedRun(plan, reg).run(options, nullptr).exit_code == 0);
    CHECK(w.most_running >= 2);
    options.jobs = 1;
    Watcher one;
    options.observers = {&one};
    REQUIRE(PreparedRun(plan, reg).run(options, nullptr).exit_code == 0);
    CHECK(one.most_running == 1);
}

TEST_CASE("engine: a node starts when its own producers are done, not when a whole wave is (ready queue)") {
    Registry reg({TEST_PLUGIN_DIR});
    // slow takes 0.4 s; the chain f1 -> f2 -> f3 is quick. In waves, f2 would wait for slow.
    Plan plan = plan_of(R"(nodes:
  slow: {plugin: test-thrower, params: {fail_in: never, sleep_s: 0.4}}
  f1: {plugin: test-thrower, params: {fail_in: never}}
  f2: {plugin: test-metres, inputs: {length: f1.value}}
  f3: {plugin: test-metres, inputs: {length: f1.value}}
)", reg);
    Watcher w;
    RunOptions options;
    options.write_results = false;
    options.jobs = 2;
    options.observers = {&w};
    REQUIRE(PreparedRun(plan, reg).run(options, nullptr).exit_code == 0);
    REQUIRE(w.ended.size() == 4);
    CHECK(w.ended.back() == "slow");
}

TEST_CASE("engine: a prepared plan runs again with other parameter values, without reloading its plugins") {
    // A copy of the test plugins that is deleted after preparing: a run that reloaded would fail.
    const std::string plugins = test::temp_dir("engine_rerun_plugins");
    for (const auto& e : fs::directory_iterator(TEST_PLUGIN_DIR)) fs::copy(e.path(), plugins / e.path().filename());
    Registry reg({plugins});
    Plan plan = plan_of("nodes:\n  a: {plugin: test-mm, params: {length: 1 m}}\n  e: {plugin: test-metres, inputs: {length: a.out}}\n", reg);
    PreparedRun prepared(plan, reg);
    REQUIRE(prepared.load_problems().empty());
    fs::remove_all(plugins);
    const std::string out = test::temp_dir("engine_rerun");
    for (const char* length : {"2 m", "3500 mm"}) {
        Diagnostics d;
        auto p = prepared.parameter("a.length", length, d);
        REQUIRE(p);
        RunOptions options;
        options.out = out + "/" + length;
        auto outcome = prepared.run(options, nullptr, {*p});
        INFO(states_of(plan, outcome));
        REQUIRE(outcome.exit_code == 0);
        const auto echo = nlohmann::json::parse(test::read_file(out + "/" + length + "/e.echo.json"));
        CHECK(echo["value"] == Approx(std::string(length) == "2 m" ? 2.0 : 3.5));
        CHECK(manifest_of(out + "/" + length)["nodes"]["a"]["params"]["length"]["value"] == Approx(echo["value"].get<double>() * 1000));
    }
}

TEST_CASE("engine: a re-run's parameter value is checked like --set, then by the plugin itself") {
    Registry reg({TEST_PLUGIN_DIR});
    Plan plan = plan_of("nodes:\n  a: {plugin: test-mm}\n  t: {plugin: test-thrower, params: {fail_in: never}}\n", reg);
    PreparedRun prepared(plan, reg);
    Diagnostics d;
    CHECK_FALSE(prepared.parameter("a.length", "2 s", d));
    CHECK_FALSE(prepared.parameter("a.lenght", "2 m", d));
    CHECK_FALSE(prepared.parameter("b.length", "2 m", d));
    CHECK_FALSE(prepared.parameter("t.fail_in", "sometimes", d));
    REQUIRE(d.size() == 4);
    CHECK_THAT(d.list()[0].message, Catch::Contains("parameter 'length'"));
    CHECK_THAT(d.list()[1].message, Catch::Contains("did you mean 'length'"));
    CHECK_THAT(d.list()[2].message, Catch::Contains("no node 'b'"));
    auto p = prepared.parameter("t.fail_in", "param", d);
    REQUIRE(p);
    RunOptions options;
    options.write_results = false;
    auto outcome = prepared.run(options, nullptr, {*p});
    CHECK(outcome.exit_code == 1);
    REQUIRE(outcome.problems.size() == 1);
    CHECK_THAT(outcome.problems.list()[0].message, Catch::Contains("x is not acceptable"));
    CHECK(prepared.run(options, nullptr).exit_code == 0);  // the plan's own values are untouched
}

TEST_CASE("engine: a run without a results folder hands every output to its observers and writes nothing") {
    Registry reg({TEST_PLUGIN_DIR});
    Plan plan = plan_of("clock: {start: 0, stop: 0.3, step: 0.1}\nnodes:\n  a: {plugin: test-mm}\n  p: {plugin: test-pass, params: {c: 2 mm}, record: true}\n", reg);
    const auto cwd = fs::current_path();
    fs::current_path(test::temp_dir("engine_no_results"));
    Watcher w;
    RunOptions options;
    options.write_results = false;
    options.observers = {&w};
    auto outcome = PreparedRun(plan, reg).run(options, nullptr);
    const bool wrote = fs::exists("results");
    fs::current_path(cwd);
    INFO(states_of(plan, outcome));
    REQUIRE(outcome.exit_code == 0);
    CHECK_FALSE(wrote);
    CHECK(outcome.results.empty());
    REQUIRE(w.outputs.count("p.y"));
    CHECK(w.outputs["p.y"].rows == 4);
    CHECK(w.outputs.count("a.out"));
}

TEST_CASE("engine: the first NaN a stepped node outputs fails it with port, channel and time; the others stop") {
    Registry reg({TEST_PLUGIN_DIR});
    Plan plan = plan_of(R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  t: {plugin: test-thrower, params: {fail_in: nan}, mode: stepped}
  p: {plugin: test-pass, inputs: {u: t.y}, record: true}
)", reg);
    const std::string out = test::temp_dir("engine_nan") + "/out";
    RunOptions options;
    options.out = out;
    auto outcome = PreparedRun(plan, reg).run(options, nullptr);
    CHECK(outcome.exit_code == 2);
    auto m = manifest_of(out);
    CHECK(m["nodes"]["t"]["status"] == "failed");
    CHECK_THAT(m["nodes"]["t"]["error"].get<std::string>(), Catch::Contains("output 'y' channel 'y' is NaN at t = 0.5 s"));
    CHECK(m["nodes"]["p"]["status"] == "stopped");
    options.check_finite_stepped = false;  // without the check, NaN flows on and the run is "ok"
    options.out = out + "-unchecked";
    CHECK(PreparedRun(plan, reg).run(options, nullptr).exit_code == 0);
}

TEST_CASE("engine: a failed co-simulation keeps its recordings up to the failing step, marked partial") {
    Registry reg({TEST_PLUGIN_DIR});
    Plan plan = plan_of(R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  p: {plugin: test-pass, params: {c: 1}, record: true}
  t: {plugin: test-thrower, params: {fail_in: step}, mode: stepped}
)", reg);
    const std::string out = test::temp_dir("engine_partial") + "/out";
    RunOptions options;
    options.out = out;
    CHECK(PreparedRun(plan, reg).run(options, nullptr).exit_code == 2);
    CHECK(test::read_file(out + "/p.y.partial.csv") == "t (s),y (m)\n0,1\n0.1,1\n0.2,1\n0.3,1\n0.4,1\n");
    CHECK_FALSE(fs::exists(out + "/p.y.csv"));
    auto m = manifest_of(out);
    CHECK(m["nodes"]["p"]["outputs"]["y"] == "p.y.partial.csv");
    CHECK(m["nodes"]["p"]["status"] == "stopped");
}

namespace {
// A pacer that asks the run to stop when simulated time reaches `at`, and counts its calls.
struct CancellingPacer : Pacer {
    std::atomic<bool>& cancel;
    double at;
    int steps = 0;
    CancellingPacer(std::atomic<bool>& c, double t) : cancel(c), at(t) {}
    void start(double) override {}
    void before_step(double t) override {
        ++steps;
        if (t >= at) cancel = true;
    }
};
}  // namespace

TEST_CASE("engine: the pacer is called before every step, and a cancel ends the run 'cancelled' with its partial recordings") {
    Registry reg({TEST_PLUGIN_DIR});
    Plan plan = plan_of(R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  p: {plugin: test-pass, params: {c: 1}, record: true}
  after: {plugin: test-metres, params: {count: 1}, inputs: {length: m.out, series: p.y}}
  m: {plugin: test-mm}
)", reg);
    const std::string out = test::temp_dir("engine_cancel") + "/out";
    std::atomic<bool> cancel{false};
    CancellingPacer pacer(cancel, 0.3);
    RunOptions options;
    options.out = out;
    options.cancel = &cancel;
    options.pacer = &pacer;
    auto outcome = PreparedRun(plan, reg).run(options, nullptr);
    CHECK(outcome.exit_code == 4);
    CHECK(outcome.state == RunState::cancelled);
    CHECK(pacer.steps == 4);  // t = 0, 0.1, 0.2, 0.3; the cancel is seen before t = 0.4
    auto m = manifest_of(out);
    CHECK(m["status"] == "cancelled");
    CHECK(m["nodes"]["p"]["status"] == "cancelled");
    CHECK(m["nodes"]["m"]["status"] == "skipped");  // after a cancel, nothing new starts
    CHECK(m["nodes"]["after"]["status"] == "skipped");
    CHECK(test::read_file(out + "/p.y.partial.csv") == "t (s),y (m)\n0,1\n0.1,1\n0.2,1\n0.3,1\n");
}

TEST_CASE("engine: --progress=jsonl's first event names its schema") {
    const std::string dir = test::temp_dir("engine_jsonl_schema");
    test::write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    auto r = test::run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--progress=jsonl"});
    REQUIRE(r.code == 0);
    const auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    CHECK(first["event"] == "run_start");
    CHECK(first["schema"] == kProgressSchema);
}
