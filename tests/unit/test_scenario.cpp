// Scenario parsing and checking: every problem at once, each at its file:line:column.
#include "scenario_check.hpp"

#include <catch2/catch.hpp>

using namespace dtop;

namespace {

struct Checked {
    Plan plan;
    Diagnostics d;
};

Checked check(const std::string& yaml, const std::vector<std::string>& sets = {}) {
    static Registry reg({TEST_PLUGIN_DIR});
    Checked c;
    Scenario s = parse_scenario_text(yaml, "x.yaml", c.d);
    for (std::size_t i = 0; i < sets.size(); ++i) apply_override(s, sets[i], static_cast<int>(i + 1), c.d);
    c.plan = check_scenario(std::move(s), reg, c.d);  // as dtop does: every stage, whatever came before
    return c;
}

bool has(const Diagnostics& d, const std::string& where, const std::string& text) {
    for (const auto& x : d.list())
        if (x.where.text() == where && x.message.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("scenario: a valid batch scenario gives a plan in dependency order with converted units") {
    auto c = check(R"(nodes:
  b:
    plugin: test-metres
    inputs: {length: a.out}
  a:
    plugin: test-mm
    params: {length: 2 m}
)");
    INFO(c.d.format());
    REQUIRE(c.d.empty());
    REQUIRE(c.plan.batch_after.size() == 2);
    CHECK(c.plan.nodes[c.plan.batch_after[0]].spec->name == "a");
    const auto& a = c.plan.nodes[c.plan.batch_after[0]];
    CHECK(a.params[0].value.data[0] == 2000.0);  // 2 m given, parameter unit mm
    CHECK(c.plan.nodes[c.plan.batch_after[1]].params[0].is_default);
}

TEST_CASE("scenario: YAML syntax errors point at the line and column") {
    auto c = check("nodes:\n  a: {plugin: test-mm\n  b: x\n");
    REQUIRE(c.d.size() == 1);
    CHECK_THAT(c.d.list()[0].message, Catch::Contains("YAML syntax"));
    CHECK(c.d.list()[0].where.line == 3);
}

TEST_CASE("scenario: every problem is reported in one pass with file:line:column") {
    auto c = check(R"(nodes:
  a:
    plugin: test-mm
    params: {lenght: 3, }
  b:
    plugin: test-metres
    params: {count: 11}
    inputs: {length: a.speed, serie: a.series}
  c:
    plugin: test-metre
  d:
    plugin: test-metres
    params: {count: 2.5}
    inputs: {length: a.nothing}
  e:
    plugin: test-metres
    inputs: {length: zz.out}
  f:
    plugin: test-metres
    params: {count: 2}
    inputs: {length: a.out, series: a.out}
)");
    INFO(c.d.format());
    CHECK(has(c.d, "x.yaml:4:14", "no parameter 'lenght' (did you mean 'length'?)"));
    CHECK(has(c.d, "x.yaml:7:21", "out of range: expected [1, 10]"));
    CHECK(has(c.d, "x.yaml:8:22", "unit mismatch"));
    CHECK(has(c.d, "x.yaml:8:22", "velocity"));
    CHECK(has(c.d, "x.yaml:8:31", "no input port 'serie' (did you mean 'series'?)"));
    CHECK(has(c.d, "x.yaml:10:13", "unknown plugin 'test-metre' (did you mean 'test-metres'?)"));
    CHECK(has(c.d, "x.yaml:13:21", "expected an integer, got '2.5'"));
    CHECK(has(c.d, "x.yaml:14:22", "no output port 'nothing'"));
    CHECK(has(c.d, "x.yaml:17:22", "no node named 'zz'"));
    CHECK(has(c.d, "x.yaml:21:37", "port kind mismatch"));
    CHECK(c.d.size() == 9);
}

TEST_CASE("scenario: duplicate node names and unknown keys are reported") {
    auto c = check(R"(nodes:
  a: {plugin: test-mm}
  a: {plugin: test-mm}
  b: {plugin: test-mm, parms: {}}
clok: 1
)");
    INFO(c.d.format());
    CHECK(has(c.d, "x.yaml:3:3", "duplicate key 'a'"));
    CHECK(has(c.d, "x.yaml:4:24", "unknown key 'parms' in node 'b' (did you mean 'params'?)"));
    CHECK(has(c.d, "x.yaml:5:1", "unknown key 'clok' in the scenario (did you mean 'clock'?)"));
}

TEST_CASE("scenario: a missing required input is reported at the node") {
    auto c = check("nodes:\n  b: {plugin: test-metres}\n");
    CHECK(has(c.d, "x.yaml:2:3", "required input 'length' is not connected"));
}

TEST_CASE("scenario: a cycle among batch nodes is reported with its path") {
    auto c = check(R"(nodes:
  a: {plugin: test-metres, inputs: {length: b.echo}}
  b: {plugin: test-metres, inputs: {length: a.echo}}
)");
    INFO(c.d.format());
    REQUIRE(c.d.size() == 1);
    CHECK_THAT(c.d.list()[0].message, Catch::Contains("cycle among batch nodes"));
    CHECK_THAT(c.d.list()[0].message, Catch::Contains("a <- b <- a") || Catch::Contains("b <- a <- b"));
}

TEST_CASE("scenario: stepped nodes need a clock, and a stepped loop is allowed and marked feedback") {
    auto no_clock = check("nodes:\n  p: {plugin: test-pass}\n");
    CHECK(has(no_clock.d, "x.yaml:2:3", "no 'clock"));
    auto loop = check(R"(clock: {start: 0, stop: 1, step: 0.1}
nodes:
  p: {plugin: test-pass, inputs: {u: q.y}}
  q: {plugin: test-pass, inputs: {u: p.y}}
)");
    INFO(loop.d.format());
    REQUIRE(loop.d.empty());
    REQUIRE(loop.plan.step_order.size() == 2);
    int feedback = 0;
    for (const auto& e : loop.plan.edges) feedback += e.feedback;
    CHECK(feedback == 1);
}

TEST_CASE("scenario: clock values are checked") {
    auto c = check("clock: {start: 1, stop: 0, step: -1}\nnodes:\n  p: {plugin: test-pass}\n");
    CHECK(has(c.d, "x.yaml:1:8", "clock.step: must be > 0"));
    CHECK(has(c.d, "x.yaml:1:8", "clock.stop: must be after clock.start"));
}

TEST_CASE("scenario: --set overrides go through the same validation") {
    auto ok = check("nodes:\n  a: {plugin: test-mm}\n", {"a.length=25 cm"});
    REQUIRE(ok.d.empty());
    CHECK(ok.plan.nodes[0].params[0].value.data[0] == Approx(250.0));
    auto bad = check("nodes:\n  a: {plugin: test-mm}\n", {"a.length=-1"});
    REQUIRE(bad.d.size() == 1);
    CHECK_THAT(bad.d.list()[0].where.text(), Catch::Contains("--set a.length=-1 (argument 1)"));
    CHECK_THAT(bad.d.list()[0].message, Catch::Contains("out of range"));
    auto unknown = check("nodes:\n  a: {plugin: test-mm}\n", {"b.length=1"});
    CHECK_THAT(unknown.d.format(), Catch::Contains("no node named 'b'"));
    auto wrong_unit = check("nodes:\n  a: {plugin: test-mm}\n", {"a.length=3 kg"});
    CHECK_THAT(wrong_unit.d.format(), Catch::Contains("does not convert to 'mm'"));
}

TEST_CASE("scenario: did-you-mean suggests only close names") {
    CHECK(closest("stifness", {"stiffness", "damping"}) == "stiffness");
    CHECK(closest("zzz", {"stiffness", "damping"}).empty());
}

TEST_CASE("scenario: shape problems and plugin problems are reported together") {
    auto c = check(R"(nodes:
  a: {plugin: test-mm, paramz: {}}
  b: {plugin: nope}
  c: {plugin: test-metres, params: {count: 20}, inputs: {length: a.out}}
)", {"c.count=0"});
    INFO(c.d.format());
    CHECK(has(c.d, "x.yaml:2:24", "unknown key 'paramz'"));
    CHECK(has(c.d, "x.yaml:3:15", "unknown plugin 'nope'"));
    CHECK(has(c.d, "--set c.count=0 (argument 1)", "out of range"));
}

TEST_CASE("scenario: every independent cycle is reported") {
    auto c = check(R"(nodes:
  a: {plugin: test-metres, inputs: {length: b.echo}}
  b: {plugin: test-metres, inputs: {length: a.echo}}
  c: {plugin: test-metres, inputs: {length: d.echo}}
  d: {plugin: test-metres, inputs: {length: c.echo}}
  e: {plugin: test-metres, inputs: {length: e.echo}}
)");
    INFO(c.d.format());
    CHECK(c.d.size() == 3);
}

TEST_CASE("scenario: node names are limited to letters, digits, '_' and '-'") {
    auto c = check("nodes:\n  ../escape: {plugin: test-mm}\n  a.b: {plugin: test-mm}\n");
    CHECK(has(c.d, "x.yaml:2:3", "node name '../escape'"));
    CHECK(has(c.d, "x.yaml:3:3", "node name 'a.b'"));
}

TEST_CASE("scenario: a clock that is not a whole number of steps is refused") {
    auto c = check("clock: {start: 0, stop: 1, step: 0.4}\nnodes:\n  p: {plugin: test-pass}\n");
    CHECK(has(c.d, "x.yaml:1:8", "not a whole number of steps"));
    auto ok = check("clock: {start: 0, stop: 60, step: 0.001}\nnodes:\n  p: {plugin: test-pass}\n");
    CHECK(ok.d.empty());
    CHECK(ok.plan.scenario.clock.steps() == 60000);
}

TEST_CASE("scenario: NaN is not a number a parameter accepts") {
    auto c = check("nodes:\n  a: {plugin: test-pass, params: {c: .nan}}\n");
    CHECK_THAT(c.d.format(), Catch::Contains("expected a finite real number"));
}

// Built without YAML, so the test stays fast: 100,000 stepped nodes in a chain (n0 <- n1 <- ...).
// A walk that recursed per node overflowed the stack here, and deciding each node's mode by looking
// through every wire made it quadratic (about 1e10 steps).
TEST_CASE("scenario: a chain of 100k stepped nodes is checked and ordered, its loop edge marked feedback") {
    static Registry reg({TEST_PLUGIN_DIR});
    constexpr std::size_t n = 100'000;
    Scenario s;
    s.file = "chain.yaml";
    s.clock.present = true;
    s.clock.start = 0, s.clock.stop = 1, s.clock.step = 0.5;
    s.nodes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        NodeSpec& node = s.nodes[i];
        node.name = "n" + std::to_string(i);
        node.plugin = "test-pass";
        InputWiring w;
        w.port = "u";
        w.source.node = "n" + std::to_string((i + 1) % n);  // the last node closes the loop onto n0
        w.source.port = "y";
        node.inputs.push_back(w);
    }
    Diagnostics d;
    const Plan plan = check_scenario(std::move(s), reg, d);
    INFO(d.format().substr(0, 2000));
    REQUIRE(d.empty());
    REQUIRE(plan.step_order.size() == n);
    CHECK(plan.step_order.front() == n - 1);  // n0 needs n1 first, which needs n2 ...: the last first
    CHECK(plan.step_order.back() == 0);
    std::size_t feedback = 0;
    for (const auto& e : plan.edges) feedback += e.feedback;
    CHECK(feedback == 1);
}
