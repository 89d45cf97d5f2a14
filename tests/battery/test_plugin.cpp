// battery-twin and battery-rul through the real dtop: validation without LibTorch, the shipped
// scenarios, saved twins, and every way bad input is refused.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {

const std::string kCell = SOURCE_DIR "/data/nasa/B0005.csv";

// dtop with the given environment variables set (through env(1): appended variables would not
// override ones already set).
ProcessResult run_dtop_with(const std::vector<std::string>& env, std::vector<std::string> args) {
    std::vector<std::string> argv{"env"};
    argv.insert(argv.end(), env.begin(), env.end());
    argv.insert(argv.end(), {DTOP_EXE, "--plugin-path", TEST_PLUGIN_DIR});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
}

// A one-node scenario of battery-twin with these parameters (a YAML flow mapping's contents).
std::string twin_scenario(const std::string& dir, const std::string& params) {
    const std::string file = dir + "/twin.yaml";
    write_file(file, "nodes:\n  twin:\n    plugin: battery-twin\n    params: {" + params + "}\n");
    return file;
}

// The network twin, small and quick: the properties tested here do not depend on accuracy.
const std::string kQuick = "mode: virtual-sensor, epochs: 20, ensemble: 2, plot: false";

nlohmann::json read_json(const std::string& file) { return nlohmann::json::parse(read_file(file)); }

}  // namespace

TEST_CASE("battery: dtop validate loads the battery plugin but not LibTorch, dtop run loads it for the virtual sensor only") {
    const std::string dir = temp_dir("battery_lazy");
    const std::string scenario = twin_scenario(dir, "cell_file: " + kCell + ", " + kQuick);
    auto v = run_dtop_with({"LD_DEBUG=libs"}, {"validate", scenario});
    INFO(v.err.substr(0, 2000));
    REQUIRE(v.code == 0);
    CHECK_THAT(v.err, Catch::Contains("battery_twin.so"));  // the plugin was loaded (configure ran)...
    CHECK_THAT(v.err, !Catch::Contains("libtorch"));       // ...and LibTorch was not
    auto r = run_dtop_with({"LD_DEBUG=libs"}, {"run", scenario, "--out", dir + "/out"});
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("libtorch_cpu.so"));
    CHECK_THAT(r.err, Catch::Contains("libdtop_battery_engine.so"));
    // The forecast does without the network.
    const std::string forecast = twin_scenario(dir, "cell_file: " + kCell + ", plot: false");
    auto f = run_dtop_with({"LD_DEBUG=libs"}, {"run", forecast, "--out", dir + "/forecast"});
    REQUIRE(f.code == 0);
    CHECK_THAT(f.err, !Catch::Contains("libtorch"));
}

TEST_CASE("battery: the three-step scenario writes metrics of the twin and every baseline, predictions, end of life and its picture") {
    const std::string dir = temp_dir("battery_next3");
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/battery-b0005-next3.yaml", "--out", dir + "/out", "--print", "twin.metrics"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("method") && Catch::Contains("rmse_ah") && Catch::Contains("double-exponential"));
    const auto metrics = read_json(dir + "/out/twin.metrics.json");
    REQUIRE(metrics.size() == 7);
    CHECK(metrics[0]["method"] == "twin");
    CHECK(metrics[0]["cycles"] == 3);
    CHECK(metrics[0].contains("band_coverage"));
    // The baselines, fitted on cycles 1-80 alone: the issue's figures.
    CHECK(metrics[2]["method"] == "last-value");
    CHECK(metrics[2]["rmse_ah"].get<double>() == Approx(0.0073).margin(5e-5));
    CHECK(metrics[3]["rmse_ah"].get<double>() == Approx(0.0045).margin(5e-5));
    const std::string csv = read_file(dir + "/out/twin.predictions.csv");
    CHECK(csv.rfind("cycle,measured (Ah),physics (Ah),twin (Ah),lower (Ah),upper (Ah),split\n", 0) == 0);
    const auto eol = read_json(dir + "/out/twin.end_of_life.json");
    CHECK(eol["now_cycle"] == 80);
    CHECK(eol["measured_eol_cycle"] == 129);  // B0005 first measures below 1.38 Ah at cycle 129
    CHECK(eol["eol_cycle"].get<double>() > 80);
    CHECK(eol["rul_cycles"].get<double>() == eol["eol_cycle"].get<double>() - 80);
    const std::string png = read_file(dir + "/out/twin/prediction.png");
    CHECK(png.size() > 10000);
    CHECK(png.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    CHECK(fs::exists(dir + "/out/twin/prediction.gp"));  // gnuplot prediction.gp draws it again
}

TEST_CASE("battery: the fleet feeds every cell through replay into the cycles input") {
    const std::string dir = temp_dir("battery_fleet");
    std::vector<std::string> args{"run", SOURCE_DIR "/scenarios/battery-fleet.yaml", "--out", dir + "/out"};
    for (const char* cell : {"b0005", "b0006", "b0007", "b0018"})
        for (const char* set : {".epochs=20", ".ensemble=2", ".plot=false"}) args.insert(args.end(), {"--set", cell + std::string(set)});
    auto r = run_dtop(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(read_json(dir + "/out/b0005.metrics.json")[0]["cycles"] == 88);  // cycles 81-168
    CHECK(read_json(dir + "/out/b0018.metrics.json")[0]["cycles"] == 52);  // cycles 81-132
    const auto model = read_json(dir + "/out/b0006.model.json");
    CHECK(model["mode"] == "forecast");
    CHECK(model["training_last_cycle"] == 80);
}

TEST_CASE("battery: bad input is refused at validation with its file, line or parameter") {
    const std::string dir = temp_dir("battery_bad");
    write_file(dir + "/ragged.csv", "cycle,capacity_ah,discharge_time_s,max_temperature_c\n1,2.0,3600,40\n2,1.9,3500,40\n3,1.8,3400\n");
    write_file(dir + "/foreign.json", "{\"name\": \"not a twin\"}\n");
    write_file(dir + "/bad.yaml", R"(nodes:
  ragged:
    plugin: battery-twin
    params: {cell_file: ragged.csv}
  missing:
    plugin: battery-twin
    params: {cell_file: B0099.csv}
  window:
    plugin: battery-twin
    params: {train_to: 500}
  features:
    plugin: battery-twin
    params: {features: "physics,voltage"}
  foreign:
    plugin: battery-twin
    params: {load_twin: true, twin_file: foreign.json}
  fraction:
    plugin: battery-twin
    params: {train_fraction: 1}
)");
    auto r = run_dtop({"validate", dir + "/bad.yaml"});
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:4:25: error: node 'ragged', parameter 'cell_file': " + dir +
                                      "/ragged.csv:4: 3 fields, the header has 4"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:7:25: error: node 'missing', parameter 'cell_file': " + dir +
                                      "/B0099.csv: cannot open the file"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:10:24: error: node 'window', parameter 'train_to': cycle 500 is beyond the data "
                                      "(the data has cycles 1 to 168)"));
    CHECK_THAT(r.err, Catch::Contains("node 'features', parameter 'features': unknown feature 'voltage'"));
    CHECK_THAT(r.err, Catch::Contains("node 'foreign', parameter 'twin_file': " + dir + "/foreign.json is not a saved battery twin"));
    CHECK_THAT(r.err, Catch::Contains("node 'fraction', parameter 'train_fraction': must be below 1"));
    CHECK_THAT(r.err, Catch::Contains("6 problems"));
}

TEST_CASE("battery: a window beyond a wired input's data names its parameter when the run starts") {
    const std::string dir = temp_dir("battery_wired_window");
    write_file(dir + "/wired.yaml", "nodes:\n  cell:\n    plugin: replay\n    params: {file: " SOURCE_DIR
                                    "/data/nasa/B0018.csv, time_column: cycle}\n  twin:\n    plugin: battery-twin\n"
                                    "    params: {train_to: 150, " + kQuick + "}\n    inputs: {cycles: cell.table}\n");
    auto r = run_dtop({"run", dir + "/wired.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("train_to") && Catch::Contains("cycle 150 is beyond the data (the data has cycles 1 to 132)"));
}

TEST_CASE("battery: a twin saved by one run predicts the same numbers in another and refuses other data") {
    const std::string dir = temp_dir("battery_saved");
    auto a = run_dtop({"run", twin_scenario(dir, "cell_file: " + kCell + ", save_twin: true, " + kQuick), "--out", dir + "/a"});
    INFO(a.err);
    REQUIRE(a.code == 0);
    const std::string saved = dir + "/a/twin/twin.json";
    REQUIRE(fs::exists(saved));
    REQUIRE(fs::exists(dir + "/a/twin/twin.pt"));
    CHECK(read_json(dir + "/a/twin.model.json")["saved_to"] == saved);

    // Another scenario, other network settings: the saved twin's own apply, nothing is trained.
    fs::create_directories(dir + "/b");
    auto b = run_dtop({"run", twin_scenario(dir + "/b", "cell_file: " + kCell + ", load_twin: true, twin_file: " + saved +
                                                           ", mode: virtual-sensor, epochs: 999, width: 3, plot: false"),
                       "--out", dir + "/b/out"});
    INFO(b.err);
    REQUIRE(b.code == 0);
    CHECK(read_file(dir + "/b/out/twin.predictions.csv") == read_file(dir + "/a/twin.predictions.csv"));
    CHECK(read_file(dir + "/b/out/twin.metrics.json") == read_file(dir + "/a/twin.metrics.json"));
    const auto model = read_json(dir + "/b/out/twin.model.json");
    CHECK(model["loaded_from"] == saved);
    CHECK(model["training_seconds"].is_null());
    CHECK(model["settings"]["width"] == 32);

    // The same twin against another cell's data: refused before anything runs.
    fs::create_directories(dir + "/c");
    auto c = run_dtop({"validate", twin_scenario(dir + "/c", "cell_file: " SOURCE_DIR "/data/nasa/B0006.csv, mode: virtual-sensor, load_twin: true, twin_file: " + saved)});
    CHECK(c.code == 1);
    CHECK_THAT(c.err, Catch::Contains("parameter 'twin_file': the twin was trained on other data: cycles 1 to 80 of these data differ"));
}

TEST_CASE("battery: a saved forecast twin predicts the same numbers; another mode's node refuses it") {
    const std::string dir = temp_dir("battery_saved_forecast");
    auto a = run_dtop({"run", twin_scenario(dir, "cell_file: " + kCell + ", save_twin: true, plot: false"), "--out", dir + "/a"});
    INFO(a.err);
    REQUIRE(a.code == 0);
    const std::string saved = dir + "/a/twin/twin.json";
    REQUIRE(fs::exists(saved));
    CHECK_FALSE(fs::exists(dir + "/a/twin/twin.pt"));  // no network in a forecast
    fs::create_directories(dir + "/b");
    auto b = run_dtop({"run", twin_scenario(dir + "/b", "cell_file: " + kCell + ", load_twin: true, twin_file: " + saved +
                                                           ", seed: 5, plot: false"),
                       "--out", dir + "/b/out"});
    INFO(b.err);
    REQUIRE(b.code == 0);
    CHECK(read_file(dir + "/b/out/twin.predictions.csv") == read_file(dir + "/a/twin.predictions.csv"));
    CHECK(read_file(dir + "/b/out/twin.end_of_life.json") == read_file(dir + "/a/twin.end_of_life.json"));
    CHECK(read_json(dir + "/b/out/twin.model.json")["loaded_from"] == saved);
    fs::create_directories(dir + "/c");
    auto c = run_dtop({"validate", twin_scenario(dir + "/c", "cell_file: " + kCell + ", mode: virtual-sensor, load_twin: true, twin_file: " + saved)});
    CHECK(c.code == 1);
    CHECK_THAT(c.err, Catch::Contains("parameter 'twin_file': " + saved + " holds a twin of mode forecast; this node's mode is virtual-sensor"));
}

TEST_CASE("battery: the RUL scenario scores every cell that reaches end of life and draws its picture") {
    const std::string dir = temp_dir("battery_rul");
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/battery-rul.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::pair<const char*, double> ends[] = {{"b0005", 129}, {"b0006", 113}, {"b0018", 100}};
    for (const auto& [cell, eol] : ends) {
        INFO(cell);
        const auto p = read_json(dir + "/out/" + cell + ".prognostics.json");
        CHECK(p["true_eol_cycle"] == eol);
        CHECK(p["predictions"][0]["cycle"] == 20);
        CHECK(p["predictions"][1]["cycle"] == 30);
        CHECK(p["predictions"].back()["cycle"].get<double>() < eol);
        CHECK(p["alpha_lambda_pass"].is_boolean());
        CHECK(p["rul_band_coverage"].is_number());
        const std::string png = read_file(dir + "/out/" + cell + "/rul.png");
        CHECK(png.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    }
    const auto b0007 = read_json(dir + "/out/b0007.prognostics.json");
    CHECK(b0007["true_eol_cycle"] == "beyond the data");
    CHECK(b0007["predictions"][0]["true_rul_cycles"] == "beyond the data");
    CHECK_FALSE(fs::exists(dir + "/out/b0007/rul.png"));
    CHECK_THAT(read_file(dir + "/out/b0005.rul.csv"), Catch::StartsWith("cycle,rul,rul_low,rul_high,true_rul\n"));
}

TEST_CASE("battery: bad forecast and RUL settings are refused at validation with their parameter") {
    const std::string dir = temp_dir("battery_bad_rul");
    write_file(dir + "/bad.yaml", "nodes:\n"
                                  "  twin:\n    plugin: battery-twin\n    params: {cell_file: " + kCell + ", curves: \"physics,cubic\"}\n"
                                  "  rul:\n    plugin: battery-rul\n    params: {cell_file: " + kCell + ", curves: \"physics,physics\"}\n"
                                  "  late:\n    plugin: battery-rul\n    params: {cell_file: " + kCell + ", first_prediction: 400}\n"
                                  "  short:\n    plugin: battery-rul\n    params: {cell_file: " + kCell + ", first_prediction: 10}\n");
    auto r = run_dtop({"validate", dir + "/bad.yaml"});
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("node 'twin', parameter 'curves': unknown curve 'cubic'"));
    CHECK_THAT(r.err, Catch::Contains("node 'rul', parameter 'curves': 'physics' is listed twice"));
    CHECK_THAT(r.err, Catch::Contains("node 'late', parameter 'first_prediction': cycle 400 is beyond the data"));
    CHECK_THAT(r.err, Catch::Contains("node 'short', parameter 'first_prediction': the training window holds 10 cycles; at least 20"));
    CHECK_THAT(r.err, Catch::Contains("4 problems"));
}

TEST_CASE("battery: a missing gnuplot is a clear error") {
    const std::string dir = temp_dir("battery_no_gnuplot");
    const std::string scenario = twin_scenario(dir, "cell_file: " + kCell + ", epochs: 5, ensemble: 2");
    auto r = run_dtop_with({"PATH=/nonexistent"}, {"run", scenario, "--out", dir + "/out"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("gnuplot not found; install gnuplot-nox (or set plot: false)"));
}
