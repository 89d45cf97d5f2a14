// Replay, recorder and structure-sim through the real dtop: exact round trips, interpolation, the
// end-of-data policies, and bad data refused with its place, leaving no half-written recording.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>

using namespace dtop::test;
namespace fs = std::filesystem;

namespace {
std::vector<std::vector<double>> rows_of(const std::string& csv) {
    std::vector<std::vector<double>> rows;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<double> r;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');) r.push_back(std::stod(cell));
        rows.push_back(r);
    }
    return rows;
}
}  // namespace

TEST_CASE("twin: replay then record, twice, gives byte-identical files") {
    const std::string dir = temp_dir("twin_roundtrip");
    const std::string scenario = R"(clock: {start: 0, stop: 2, step: 0.001}
nodes:
  replay: {plugin: replay, params: {file: FILE}}
  rec: {plugin: recorder, inputs: {a: replay.y}}
)";
    auto with = [&](const std::string& file) {
        std::string s = scenario;
        s.replace(s.find("FILE"), 4, file);
        return s;
    };
    write_file(dir + "/one.yaml", with(SOURCE_DIR "/data/cristallo/data_th_noise.csv"));
    REQUIRE(run_dtop({"run", dir + "/one.yaml", "--out", dir + "/one"}).code == 0);
    write_file(dir + "/two.yaml", with(dir + "/one/rec/recording.csv"));
    REQUIRE(run_dtop({"run", dir + "/two.yaml", "--out", dir + "/two"}).code == 0);
    const std::string first = read_file(dir + "/one/rec/recording.csv"), second = read_file(dir + "/two/rec/recording.csv");
    CHECK(first.size() > 10000);
    CHECK(first == second);
    // ...and the numbers are the file's own: the first 2001 rows of the record, digit for digit.
    const std::string original = read_file(SOURCE_DIR "/data/cristallo/data_th_noise.csv");
    std::istringstream a(first), b(original);
    std::string la, lb;
    std::getline(a, la), std::getline(b, lb);
    CHECK(la == lb);  // the header, units included
    bool same = true;
    for (int i = 0; i < 2001 && std::getline(a, la) && std::getline(b, lb); ++i) same = same && rows_of("h\n" + la) == rows_of("h\n" + lb);
    CHECK(same);
}

TEST_CASE("twin: replay interpolates between samples, holds, and applies its end-of-data policy") {
    const std::string dir = temp_dir("twin_interp");
    write_file(dir + "/d.csv", "t (s);u (N)\n0;0\n0.1;1\n0.2;3\n");
    auto scenario = [&](const std::string& params, double stop) {
        std::ostringstream s;
        s << "clock: {start: 0, stop: " << stop << ", step: 0.05}\nnodes:\n  r: {plugin: replay, params: {file: d.csv, " << params
          << "}, record: true}\n";
        return s.str();
    };
    write_file(dir + "/lin.yaml", scenario("interpolation: linear", 0.2));
    REQUIRE(run_dtop({"run", dir + "/lin.yaml", "--out", dir + "/lin"}).code == 0);
    const auto lin = rows_of(read_file(dir + "/lin/r.y.csv"));
    REQUIRE(lin.size() == 5);
    const double expected[5] = {0, 0.5, 1, 2, 3};
    for (std::size_t i = 0; i < 5; ++i) CHECK(lin[i][1] == Approx(expected[i]).margin(1e-12));
    write_file(dir + "/hold.yaml", scenario("interpolation: hold", 0.2));
    REQUIRE(run_dtop({"run", dir + "/hold.yaml", "--out", dir + "/hold"}).code == 0);
    CHECK(read_file(dir + "/hold/r.y.csv") == "t (s),u (N)\n0,0\n0.05,0\n0.1,1\n0.15,1\n0.2,3\n");
    // Past the data: stop ends the co-simulation (successfully), hold keeps the last value, error fails.
    write_file(dir + "/stop.yaml", scenario("at_end: stop", 0.4));
    REQUIRE(run_dtop({"run", dir + "/stop.yaml", "--out", dir + "/stop"}).code == 0);
    CHECK(rows_of(read_file(dir + "/stop/r.y.csv")).size() == 5);
    write_file(dir + "/holdend.yaml", scenario("at_end: hold", 0.3));
    REQUIRE(run_dtop({"run", dir + "/holdend.yaml", "--out", dir + "/holdend"}).code == 0);
    const auto held = rows_of(read_file(dir + "/holdend/r.y.csv"));
    REQUIRE(held.size() == 7);
    CHECK(held.back() == std::vector<double>{0.3, 3});
    write_file(dir + "/err.yaml", scenario("at_end: error", 0.3));
    auto r = run_dtop({"run", dir + "/err.yaml", "--out", dir + "/err"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("the data end at t = 0.2"));
}

TEST_CASE("twin: a missing channel, an empty file or a missing file is refused at validation") {
    const std::string dir = temp_dir("twin_validate");
    write_file(dir + "/empty.csv", "");
    write_file(dir + "/header.csv", "t (s),x (m)\n");
    write_file(dir + "/s.yaml", "nodes:\n  a: {plugin: replay, params: {channels: \"dotx1, dotx9\", file: " SOURCE_DIR
                                "/data/cristallo/data_th_noise.csv}}\n" R"(  b: {plugin: replay, params: {file: empty.csv}}
  c: {plugin: replay, params: {file: header.csv}}
  d: {plugin: replay, params: {file: nothere.csv}}
)");
    auto r = run_dtop({"validate", dir + "/s.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("s.yaml:2:42: error: node 'a', parameter 'channels': no channel 'dotx9' in the header"));
    CHECK_THAT(r.err, Catch::Contains("parameter 'file': ") && Catch::Contains("empty.csv:1: the file is empty"));
    CHECK_THAT(r.err, Catch::Contains("header.csv has a header but no data rows"));
    CHECK_THAT(r.err, Catch::Contains("file not found: ") && Catch::Contains("nothere.csv"));
}

TEST_CASE("twin: bad rows stop the run with file, line and column, and the recording is kept as partial") {
    const std::string dir = temp_dir("twin_badrows");
    for (auto [name, bad, where, what] :
         {std::tuple{"ragged", "0.003,1\n", ":5:8:", "ragged row: 2 fields, expected 3"},
          {"text", "0.003,1,x1\n", ":5:9:", "'x1' in column 'y' is not a number"},
          {"time", "0.001,1,1\n", ":5:1:", "time 0.001 s does not increase (the row before is at 0.002 s)"}}) {
        write_file(dir + "/" + name + ".csv", std::string("t (s),x (m),y (m)\n0,0,0\n0.001,1,1\n0.002,2,2\n") + bad + "0.004,4,4\n");
        write_file(dir + "/" + name + ".yaml", std::string("clock: {start: 0, stop: 0.004, step: 0.001}\nnodes:\n  r: {plugin: replay, params: {file: ") +
                                                   name + ".csv}}\n  rec: {plugin: recorder, inputs: {a: r.y}}\n");
        auto r = run_dtop({"run", dir + "/" + name + ".yaml", "--out", dir + "/" + name});
        INFO(r.err);
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Catch::Contains(std::string(name) + ".csv" + where) && Catch::Contains(what));
        CHECK(!fs::exists(dir + "/" + name + "/rec/recording.csv"));
        CHECK(!fs::exists(dir + "/" + name + "/rec/.recording.csv.partial"));
        // The steps completed before replay met the bad row (it reads one row ahead, so t = 0 and
        // 0.001), listed in the manifest with the node's files.
        CHECK(read_file(dir + "/" + name + "/rec/recording.partial.csv") == "t (s),x (m),y (m)\n0,0,0\n0.001,1,1\n");
        CHECK_THAT(read_file(dir + "/" + name + "/manifest.json"), Catch::Contains("rec/recording.partial.csv"));
    }
}

TEST_CASE("twin: the time-domain structure under a sine settles on the frequency response's amplitude") {
    // 12 Hz, 1 N at floor 1 for 60 s: after the transients (their slowest decays as e^-0.09t), each
    // floor's velocity amplitude is |v(12 Hz)| of the shear-frame's frequency response.
    const std::string dir = temp_dir("twin_sine");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 60, step: 0.0005}
nodes:
  f: {plugin: signal-generator, params: {shape: sine, frequency: 12 Hz, amplitude: 1, unit: N}}
  sim: {plugin: structure-sim, inputs: {force: f.y}}
  stats: {plugin: statistics, params: {from: 55}, inputs: {series: sim.velocity}}
  frame: {plugin: shear-frame, params: {f_start: 11, f_stop: 13, f_step: 1}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The bare spectrum at 12 Hz gives T = 1/4 sum m |v|^2; the simulated amplitudes (max over the
    // last 5 s) give the same sum within 2 % (sampling at 2 kHz sees the peaks to 0.3 %).
    const auto result = nlohmann::json::parse(read_file(dir + "/out/frame.result.json"));
    const double T_db = result["energy_db"][1].get<double>();
    const auto table = rows_of(read_file(dir + "/out/stats.table.csv"));
    double T = 0;
    for (const auto& row : table) T += 0.25 * 5.201 * row[2] * row[2];  // column 2: max
    CHECK(20 * std::log10(T) == Approx(T_db).margin(0.2));
}

TEST_CASE("twin: structure-sim with a TMD, DVF or LQG settles on the frequency-domain plugins' response") {
    // The same controller in the time domain (exact discretisation) and in the frequency domain:
    // after 60 s of a 12 Hz, 1 N force, the floors' kinetic energy matches the spectrum at 12 Hz.
    const std::string dir = temp_dir("twin_controls");
    for (auto [control, floor, plugin] : {std::tuple{"tmd", 3, "tmd"}, {"dvf", 1, "dvf"}, {"lqg", 3, "lqg"}}) {
        const std::string name = control;
        write_file(dir + "/" + name + ".yaml",
                   std::string("clock: {start: 0, stop: 60, step: 0.0005}\nnodes:\n") +
                       "  f: {plugin: signal-generator, params: {shape: sine, frequency: 12 Hz, amplitude: 1, unit: N}}\n" +
                       "  sim: {plugin: structure-sim, params: {control: " + name + ", floor: " + std::to_string(floor) +
                       "}, inputs: {force: f.y}}\n" + "  stats: {plugin: statistics, params: {from: 55}, inputs: {series: sim.velocity}}\n" +
                       "  freq: {plugin: " + plugin + ", params: {floor: " + std::to_string(floor) + ", f_start: 11, f_stop: 13, f_step: 1}}\n");
        auto r = run_dtop({"run", dir + "/" + name + ".yaml", "--out", dir + "/" + name});
        INFO(name << ": " << r.err);
        REQUIRE(r.code == 0);
        const auto result = nlohmann::json::parse(read_file(dir + "/" + name + "/freq.result.json"));
        const double T_db = result["energy_db"][1].get<double>();
        double T = 0;
        const double mass[3] = {5.201, 5.201, 5.201};
        const auto table = rows_of(read_file(dir + "/" + name + "/stats.table.csv"));
        REQUIRE(table.size() == 3);
        for (std::size_t i = 0; i < 3; ++i) T += 0.25 * (mass[i] + (i + 1 == static_cast<std::size_t>(floor) ? 0.5 : 0.0)) * table[i][2] * table[i][2];
        CHECK(20 * std::log10(T) == Approx(T_db).margin(0.2));
    }
}

TEST_CASE("twin: an unstable controller in structure-sim is refused at validation, at its parameter") {
    const std::string dir = temp_dir("twin_unstable");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 1, step: 0.001}
nodes:
  f: {plugin: signal-generator}
  sim:
    plugin: structure-sim
    params: {control: dvf, floor: 3, h: 5}
    inputs: {force: f.y}
)");
    auto r = run_dtop({"validate", dir + "/s.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("s.yaml:6:41: error: node 'sim', parameter 'h': the closed loop is unstable"));
}

TEST_CASE("twin: the residual refuses channels in different units instead of subtracting them") {
    const std::string dir = temp_dir("twin_units");
    write_file(dir + "/m.csv", "t (s),dotx1 (mm/s)\n0,1\n0.001,2\n0.002,3\n0.003,4\n0.004,5\n");
    write_file(dir + "/s.csv", "t (s),dotx1 (m/s)\n0,0.001\n0.001,0.002\n0.002,0.003\n0.003,0.004\n0.004,0.005\n");
    write_file(dir + "/s.yaml", R"(clock: {start: 0, stop: 0.004, step: 0.001}
nodes:
  m: {plugin: replay, params: {file: m.csv}}
  s: {plugin: replay, params: {file: s.csv}}
  r: {plugin: twin-residual, params: {segment: 0.004}, inputs: {measured: m.y, simulated: s.y}}
  g: {plugin: gain, inputs: {u: m.y}}
  h: {plugin: gain, inputs: {u: s.y}}
)");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("channel 'dotx1' is in 'mm/s' on input 'measured' but in 'm/s' on input 'simulated'"));
}
