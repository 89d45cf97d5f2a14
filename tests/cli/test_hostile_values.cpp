// Hostile input (issue 15): bytes that are not UTF-8, non-finite numbers, oversized and malformed
// scenarios, through the real dtop. Each case names the message a user must get instead of a raw
// library error, a NaN table, a crash or silence.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {

nlohmann::json manifest(const std::string& dir) { return nlohmann::json::parse(read_file(dir + "/manifest.json")); }

bool has_byte(const std::string& text, unsigned char byte) { return text.find(static_cast<char>(byte)) != std::string::npos; }

// The JSON lines of --progress=jsonl, parsed.
std::vector<nlohmann::json> events(const std::string& out) {
    std::vector<nlohmann::json> list;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) list.push_back(nlohmann::json::parse(line));
    return list;
}

}  // namespace

TEST_CASE("hostile: a scenario that is not UTF-8 is refused at validate with its line and column") {
    const std::string dir = temp_dir("hostile_utf8_scenario");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\ndescription: caf\xE9 \xFF\n");
    auto v = run_dtop({"validate", "--static", dir + "/s.yaml"});
    CHECK(v.code == 1);
    CHECK_THAT(v.err, Catch::Contains("s.yaml:3:17: error: the scenario is not UTF-8 text: byte 0xE9"));
    CHECK_FALSE(has_byte(v.err, 0xE9));
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, !Catch::Contains("json.exception"));
    CHECK_FALSE(fs::exists(dir + "/out"));
    // --set values too.
    write_file(dir + "/ok.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    auto set = run_dtop({"validate", dir + "/ok.yaml", "--set", "a.length=1\xC3"});
    CHECK(set.code == 1);
    CHECK_THAT(set.err, Catch::Contains("the value is not UTF-8 text"));
}

TEST_CASE("hostile: binary bytes from a data file are escaped on the terminal and replaced in the manifest") {
    const std::string dir = temp_dir("hostile_binary_data");
    write_file(dir + "/data.csv", "t,x (m)\n0,1\n0.1,\xFF\xFE\x1B[2J\n");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 0.2, step: 0.1}
nodes:
  r:
    plugin: replay
    params: {file: data.csv}
    record: true
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out", "--progress=jsonl"});
    INFO(r.err);
    CHECK(r.code == 2);  // the node failed; the run ended
    CHECK_THAT(r.err + r.out, !Catch::Contains("json.exception"));
    CHECK_FALSE(has_byte(r.err, 0xFF));
    CHECK_FALSE(has_byte(r.err, 0x1B));  // no terminal escape sequence reaches the terminal
    const auto m = manifest(dir + "/out");
    CHECK(m["status"] == "failed");
    CHECK(m["nodes"]["r"]["status"] == "failed");
    CHECK_THAT(m["nodes"]["r"]["error"].get<std::string>(), Catch::Contains("\xEF\xBF\xBD"));  // U+FFFD for the bad bytes
    const auto list = events(r.out);
    REQUIRE_FALSE(list.empty());
    CHECK(list.back()["event"] == "run_end");
    CHECK(list.back()["status"] == "failed");
    // Without --progress=jsonl, the summary quotes the node's error: escaped.
    auto plain = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out2"});
    CHECK(plain.code == 2);
    CHECK_THAT(plain.err, Catch::Contains("node r: failed:") && Catch::Contains("\\x1B[2J"));
    CHECK_FALSE(has_byte(plain.err, 0x1B));
}

TEST_CASE("hostile: non-finite and overflowing parameter values are refused at validate") {
    const std::string dir = temp_dir("hostile_nonfinite");
    write_file(dir + "/s.yaml", "clock: {start: 0, stop: 1, step: 0.5}\nnodes:\n  a: {plugin: test-pass, params: {c: 1}}\n");
    auto overflow = run_dtop({"validate", dir + "/s.yaml", "--set", "a.c=1e308 km"});
    CHECK(overflow.code == 1);
    CHECK_THAT(overflow.err, Catch::Contains("parameter 'c': '1e308 km' overflows when converted to 'm'"));
    auto huge = run_dtop({"validate", dir + "/s.yaml", "--set", "a.c=1e400"});
    CHECK(huge.code == 1);
    CHECK_THAT(huge.err, Catch::Contains("'1e400' is too large or too small to be represented"));
    for (const char* nan : {"a.c=.nan", "a.c=nan", "a.c=inf m"}) {
        auto r = run_dtop({"validate", dir + "/s.yaml", "--set", nan});
        INFO(nan);
        CHECK(r.code == 1);
        CHECK_THAT(r.err, Catch::Contains("expected a finite real number"));
    }
}

TEST_CASE("hostile: infinity only where the default is infinite, written in the manifest as \"-inf\"") {
    const std::string dir = temp_dir("hostile_inf_manifest");
    // statistics' `from` defaults to -.inf ("no bound"): the manifest writes it as the string "-inf".
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: test-mm}\n  s: {plugin: statistics, inputs: {series: a.series}}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(manifest(dir + "/out")["nodes"]["s"]["params"]["from"] == "-inf");
    // A parameter whose default is finite (a duration, an offset) does not take .inf.
    write_file(dir + "/pass.yaml", "clock: {start: 0, stop: 1, step: 0.5}\nnodes:\n  a: {plugin: test-pass, params: {c: -.inf}}\n");
    auto pass = run_dtop({"validate", dir + "/pass.yaml"});
    CHECK(pass.code == 1);
    CHECK_THAT(pass.err, Catch::Contains("pass.yaml:3:38: error: node 'a', parameter 'c': expected a finite real number, got infinity"));
    // The reproductions of issue 15: an infinite or absurd batch duration, a frequency that overflows in Hz.
    write_file(dir + "/gen.yaml", "nodes:\n  gen: {plugin: signal-generator, mode: batch}\n");
    auto inf = run_dtop({"validate", dir + "/gen.yaml", "--set", "gen.duration=.inf"});
    CHECK(inf.code == 1);
    CHECK_THAT(inf.err, Catch::Contains("parameter 'duration': expected a finite real number, got infinity"));
    auto long_run = run_dtop({"validate", dir + "/gen.yaml", "--set", "gen.duration=1e300"});
    CHECK(long_run.code == 1);
    CHECK_THAT(long_run.err, Catch::Contains("parameter 'duration': duration / sample_step is more than 1e9 samples"));
    auto khz = run_dtop({"validate", dir + "/gen.yaml", "--set", "gen.frequency=1e308 kHz"});
    CHECK(khz.code == 1);
    CHECK_THAT(khz.err, Catch::Contains("parameter 'frequency': '1e308 kHz' overflows when converted to 'Hz'"));
}

TEST_CASE("hostile: a clock that is not finite or has too many steps is refused once, with the reason") {
    const std::string dir = temp_dir("hostile_clock");
    write_file(dir + "/inf.yaml", "clock: {start: 0, stop: .inf, step: 1}\nnodes:\n  a: {plugin: test-pass}\n");
    auto inf = run_dtop({"validate", "--static", dir + "/inf.yaml"});
    CHECK(inf.code == 1);
    CHECK_THAT(inf.err, Catch::Contains("inf.yaml:1:25: error: clock.stop: expected a finite number of seconds, got '.inf'"));
    CHECK_THAT(inf.err, !Catch::Contains("'stop' is missing"));
    CHECK_THAT(inf.err, Catch::Contains("1 problem"));
    write_file(dir + "/many.yaml", "clock: {start: 0, stop: 1e300, step: 1e-300}\nnodes:\n  a: {plugin: test-pass}\n");
    auto many = run_dtop({"run", dir + "/many.yaml", "--out", dir + "/out"});
    CHECK(many.code == 1);
    CHECK_THAT(many.err, Catch::Contains("communication steps; at most 1000000000000 are allowed"));
    CHECK_THAT(many.err, !Catch::Contains("bad_alloc"));
}

TEST_CASE("hostile: malformed scenario files get a message that says what is wrong") {
    const std::string dir = temp_dir("hostile_shapes");
    // A directory.
    fs::create_directories(dir + "/folder.yaml");
    auto folder = run_dtop({"validate", dir + "/folder.yaml"});
    CHECK(folder.code == 1);
    CHECK_THAT(folder.err, Catch::Contains("folder.yaml: error: is a directory, not a scenario file"));
    // A second document.
    write_file(dir + "/two.yaml", "nodes:\n  a: {plugin: test-mm}\n---\nnodes:\n  b: {plugin: test-mm}\n");
    auto two = run_dtop({"validate", dir + "/two.yaml"});
    CHECK(two.code == 1);
    CHECK_THAT(two.err, Catch::Contains("two.yaml:4:1: error: a second YAML document"));
    // Nesting far deeper than any scenario.
    write_file(dir + "/deep.yaml", "nodes:\n  a: {plugin: test-mm, params: {length: " + std::string(3000, '[') + std::string(3000, ']') + "}}\n");
    auto deep = run_dtop({"validate", dir + "/deep.yaml"});
    CHECK(deep.code == 1);
    CHECK_THAT(deep.err, Catch::Contains("the YAML is nested too deeply"));
    CHECK_THAT(deep.err, !Catch::Contains("bad file"));
    // A file that never ends.
    auto endless = run_dtop({"validate", "/dev/zero"});
    CHECK(endless.code == 1);
    CHECK_THAT(endless.err, Catch::Contains("/dev/zero: error: the scenario file is larger than 64 MiB (or never ends)"));
}

TEST_CASE("hostile: an unknown unit in a data file is reported at the wire that reads it") {
    const std::string dir = temp_dir("hostile_data_unit");
    write_file(dir + "/data.csv", "t,x (furlongs)\n0,1\n0.1,2\n");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 0.1, step: 0.1}
nodes:
  r: {plugin: replay, params: {file: data.csv}}
  p: {plugin: test-pass, inputs: {u: r.y}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("s.yaml:4:38: channel 'x' is in 'furlongs'"));
}

TEST_CASE("hostile: replay prints tiny times in full, not as 0.000000") {
    const std::string dir = temp_dir("hostile_replay_times");
    write_file(dir + "/data.csv", "t,x (m)\n0,1\n2e-09,2\n1e-09,3\n");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 1e-08, step: 1e-09}
nodes:
  r: {plugin: replay, params: {file: data.csv}, record: true}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("time 1e-09 s does not increase (the row before is at 2e-09 s)"));
}

TEST_CASE("hostile: a recorder file name too long or holding NUL is refused at validate") {
    const std::string dir = temp_dir("hostile_recorder_name");
    const std::string base = "clock: {start: 0, stop: 1, step: 0.5}\nnodes:\n  a: {plugin: test-pass}\n"
                             "  rec: {plugin: recorder, inputs: {a: a.y}, params: {file_name: ";
    write_file(dir + "/long.yaml", base + std::string(300, 'x') + ".csv}}\n");
    auto long_name = run_dtop({"validate", dir + "/long.yaml"});
    CHECK(long_name.code == 1);
    CHECK_THAT(long_name.err, Catch::Contains("parameter 'file_name'") && Catch::Contains("304 bytes"));
    write_file(dir + "/nul.yaml", base + "\"a\\0b.csv\"}}\n");
    auto nul = run_dtop({"validate", dir + "/nul.yaml"});
    CHECK(nul.code == 1);
    CHECK_THAT(nul.err, Catch::Contains("parameter 'file_name': the text holds a NUL character"));
}
