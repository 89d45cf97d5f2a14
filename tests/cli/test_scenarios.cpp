// The shipped scenarios and the structural plugins through the real dtop.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

using namespace dtop::test;
namespace fs = std::filesystem;

TEST_CASE("scenarios: every shipped scenario validates, the plugins' own checks included") {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(SOURCE_DIR "/scenarios")) {
        if (e.path().extension() != ".yaml") continue;
        ++n;
        auto r = run_dtop({"validate", e.path().string()});
        INFO(e.path().string() << "\n" << r.err);
        CHECK(r.code == 0);
    }
    CHECK(n >= 6);
}

TEST_CASE("scenarios: DVF at h = 5 is unstable on floors 2 and 3 and gets no spectrum there") {
    const std::string dir = temp_dir("dvf_stability");
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/dvf-stability.yaml", "--out", dir + "/out", "--print", "compare.table"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("UNSTABLE closed loop"));
    CHECK(fs::exists(dir + "/out/floor1.spectrum.csv"));
    CHECK(!fs::exists(dir + "/out/floor2.spectrum.csv"));
    CHECK(!fs::exists(dir + "/out/floor3.spectrum.csv"));
    const auto table = nlohmann::json::parse(read_file(dir + "/out/compare.table.json"));
    REQUIRE(table.size() == 3);
    CHECK(table[0]["stable"] == "yes");
    CHECK(table[1]["stable"] == "UNSTABLE");
    CHECK(table[1]["rt_db"].is_null());
    CHECK(table[2]["gain_margin"].get<double>() < 1.0);
    // The one-CSV spectra hold only the stable strategy.
    CHECK(read_file(dir + "/out/compare.spectra.csv").rfind("f (Hz),dvf-floor1 (dB)\n", 0) == 0);
}

TEST_CASE("scenarios: non-physical structural input is refused at validation with the parameter named") {
    const std::string dir = temp_dir("structural_bad");
    write_file(dir + "/bad.yaml", R"(nodes:
  structure:
    plugin: shear-frame
    params: {floor_mass: [5.2, -1, 5.2]}
  tmd:
    plugin: tmd
    params: {floor: 4}
  tmd2:
    plugin: tmd
    params: {cp: -1, mb: -0.5}
  dvf:
    plugin: dvf
    params: {f_start: 50, f_stop: 10}
  lqg:
    plugin: lqg
    params: {f_step: 0}
  frame:
    plugin: shear-frame
    params: {damping: modal, damping_ratio: -1}
)");
    auto r = run_dtop({"validate", dir + "/bad.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:4:26: error: node 'structure', parameter 'floor_mass': element 2: value -1 kg is out of range"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:7:21: error: node 'tmd', parameter 'floor': floor 4 is outside the structure (floors 1 to 3)"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:10:18: error: node 'tmd2', parameter 'cp'"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:10:26: error: node 'tmd2', parameter 'mb'"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:13:35: error: node 'dvf', parameter 'f_stop': must be above f_start"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:16:22: error: node 'lqg', parameter 'f_step'"));
    CHECK_THAT(r.err, Catch::Contains("bad.yaml:19:45: error: node 'frame', parameter 'damping_ratio'"));
    CHECK_THAT(r.err, Catch::Contains("7 problems"));
}

TEST_CASE("scenarios: the comparison puts every strategy in one table and their spectra in one CSV") {
    const std::string dir = temp_dir("vibration_compare");
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/vibration-compare.yaml", "--out", dir + "/out", "--print", "compare.table"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    for (const char* s : {"bare", "tmd-given", "tmd-optimum", "dvf", "dvf-compensated", "lqg"}) CHECK_THAT(r.out, Catch::Contains(s));
    const auto table = nlohmann::json::parse(read_file(dir + "/out/compare.table.json"));
    REQUIRE(table.size() == 6);
    CHECK(table[0]["rt_db"] == 0.0);
    for (std::size_t i = 1; i < 6; ++i) CHECK(table[i]["rt_db"].get<double>() > 0.0);  // every strategy reduces the energy
    const std::string csv = read_file(dir + "/out/compare.spectra.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 9902);  // header + 9,901 frequencies
}

TEST_CASE("scenarios: shear-frame takes any number of floors over a file with uniform storeys") {
    const std::string dir = temp_dir("frame_floors");
    write_file(dir + "/s.yaml", "nodes:\n  f: {plugin: shear-frame, params: {floor_mass: [5.2, 5.2, 5.2, 5.2, 5.2], damping: modal}}\n");
    auto r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto f = nlohmann::json::parse(read_file(dir + "/out/f.frequencies.json"))["values"];
    REQUIRE(f.size() == 5);
    // A uniform n-storey shear frame: w_r = 2 sqrt(k/m) sin((2r-1) pi / (2(2n+1))), k from the legs.
    const double k = 4 * 12 * 70e9 * (25e-3 * 27e-9 / 12) / std::pow(153.3e-3, 3);
    CHECK(f[0].get<double>() == Approx(2 * std::sqrt(k / 5.2) * std::sin(M_PI / 22) / (2 * M_PI)).epsilon(1e-9));
}
