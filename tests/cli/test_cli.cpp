// The dtop command line: plugins, describe, validate, doctor, exit codes and messages.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtop::test;

TEST_CASE("cli: plugins lists name, version, API version, file and summary") {
    auto r = run_dtop({"plugins"});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("test-metres"));
    CHECK_THAT(r.out, Catch::Contains("0.0.1"));
    CHECK_THAT(r.out, Catch::Contains("1.0"));
    CHECK_THAT(r.out, Catch::Contains("test_metres.so"));
    CHECK_THAT(r.out, Catch::Contains("takes a length in m (tests)"));
}

TEST_CASE("cli: plugins --json names every library that failed to load and why") {
    auto r = run_dtop({"plugins", "--json", "--plugin-path", BAD_PLUGIN_DIR "/wrong_abi"});
    CHECK(r.code == 1);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["failures"].size() == 1);
    CHECK_THAT(j["failures"][0]["reason"].get<std::string>(), Catch::Contains("plugin API 99.3"));
    CHECK(j["plugins"].size() >= 4);
}

TEST_CASE("cli: describe shows parameters with type, default, unit, range, doc, and ports") {
    auto r = run_dtop({"describe", "test-mm"});
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("length"));
    CHECK_THAT(r.out, Catch::Contains("default 1500"));
    CHECK_THAT(r.out, Catch::Contains("mm"));
    CHECK_THAT(r.out, Catch::Contains("[0, 1e+06]"));
    CHECK_THAT(r.out, Catch::Contains("speed"));
    auto j = nlohmann::json::parse(run_dtop({"describe", "test-mm", "--json"}).out);
    CHECK(j["params"][0]["unit"] == "mm");
    CHECK(j["ports"][1]["unit"] == "m/s");
}

TEST_CASE("cli: describe of an unknown plugin suggests the closest and exits 1") {
    auto r = run_dtop({"describe", "test-metre"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("did you mean 'test-metres'"));
}

TEST_CASE("cli: validate reports all problems with file:line:column and exits 1") {
    const std::string dir = temp_dir("validate");
    write_file(dir + "/bad.yaml", "nodes:\n  a:\n    plugin: test-mm\n    params: {length: 2 kg, foo: 1}\n");
    auto r = run_dtop({"validate", dir + "/bad.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:4:22: error: node 'a', parameter 'length'"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:4:28: error: node 'a': plugin 'test-mm' has no parameter 'foo'"));
    CHECK_THAT(r.err, Catch::Contains("2 problems"));
}

TEST_CASE("cli: validate of a good scenario exits 0, and a missing file exits 1 naming it") {
    const std::string dir = temp_dir("validate_ok");
    write_file(dir + "/ok.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    CHECK(run_dtop({"validate", dir + "/ok.yaml"}).code == 0);
    auto r = run_dtop({"validate", dir + "/missing.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("missing.yaml: error: cannot open the scenario file"));
}

TEST_CASE("cli: doctor explains a wrong ABI, a missing entry symbol, and a good plugin") {
    auto abi = run_dtop({"doctor", BAD_PLUGIN_DIR "/wrong_abi/test_wrong_abi.so"});
    CHECK(abi.code == 1);
    CHECK_THAT(abi.out, Catch::Contains("FAIL"));
    CHECK_THAT(abi.out, Catch::Contains("plugin API 99.3"));
    auto entry = run_dtop({"doctor", BAD_PLUGIN_DIR "/no_entry/test_no_entry.so"});
    CHECK(entry.code == 1);
    CHECK_THAT(entry.out, Catch::Contains("no exported entry symbol 'dtop_plugin_entry'"));
    CHECK_THAT(entry.out, Catch::Contains("some_function"));
    auto good = run_dtop({"doctor", TEST_PLUGIN_DIR "/test_metres.so"});
    CHECK(good.code == 0);
    CHECK_THAT(good.out, Catch::Contains("manifest test_metres.dtop.json matches the library"));
    auto none = run_dtop({"doctor", "/nonexistent.so"});
    CHECK(none.code == 1);
    CHECK_THAT(none.out, Catch::Contains("file does not exist"));
}

TEST_CASE("cli: unknown commands and options are refused with exit 1") {
    CHECK(run_dtop({"frobnicate"}).code == 1);
    auto r = run_dtop({"run", "--frob", "x.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("unknown option '--frob'"));
}

TEST_CASE("cli: global options are accepted before or after the command") {
    const std::string dir = temp_dir("global_options");
    write_file(dir + "/ok.yaml", "nodes:\n  a: {plugin: test-mm}\n");
    CHECK_THAT(run_dtop({"validate", dir + "/ok.yaml"}).out, Catch::Contains(": ok"));
    for (const auto& args : {std::vector<std::string>{"-q", "validate", dir + "/ok.yaml"},
                             std::vector<std::string>{"validate", dir + "/ok.yaml", "--quiet"}}) {
        auto r = run_dtop(args);
        CHECK(r.code == 0);
        CHECK(r.out.empty());
    }
    auto after = run_process({DTOP_EXE, "describe", "test-mm", "--plugin-path", TEST_PLUGIN_DIR}, "", {"DTOP_PLUGIN_PATH="});
    CHECK(after.code == 0);
    CHECK_THAT(after.out, Catch::Contains("default 1500"));
}

TEST_CASE("cli: dtop --help lists commands and exit codes, a command's --help its own options") {
    auto top = run_dtop({"--help"});
    CHECK(top.code == 0);
    CHECK_THAT(top.out, Catch::Contains("validate") && Catch::Contains("new-plugin") && Catch::Contains("--plugin-path"));
    CHECK_THAT(top.out, Catch::Contains("3  crashed") && Catch::Contains("4  cancelled"));
    auto run = run_dtop({"run", "--help"});
    CHECK(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("--jobs N") && Catch::Contains("--set") && Catch::Contains("--overwrite"));
    CHECK_FALSE(run.out.find("--static") != std::string::npos);
}

TEST_CASE("cli: bad option values and missing arguments exit 1 with dtop's messages") {
    auto jobs = run_dtop({"run", "x.yaml", "--jobs", "0"});
    CHECK(jobs.code == 1);
    CHECK_THAT(jobs.err, Catch::Contains("--jobs takes a whole number from 1 to 1024, not '0'"));
    auto progress = run_dtop({"--progress=sometimes", "run", "x.yaml"});
    CHECK(progress.code == 1);
    CHECK_THAT(progress.err, Catch::Contains("--progress takes tty, none or jsonl, not 'sometimes'"));
    auto set = run_dtop({"run", "x.yaml", "--set"});
    CHECK(set.code == 1);
    CHECK_THAT(set.err, Catch::Contains("--set needs a value"));
    auto usage = run_dtop({"run"});
    CHECK(usage.code == 1);
    CHECK_THAT(usage.err, Catch::Contains("usage: dtop run <scenario.yaml>"));
    auto command = run_dtop({"frobnicate"});
    CHECK_THAT(command.err, Catch::Contains("unknown command 'frobnicate'"));
    auto none = run_dtop({});
    CHECK(none.code == 1);
    CHECK_THAT(none.err, Catch::Contains("Subcommands:"));
}
