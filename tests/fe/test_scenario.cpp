// The FE plugins in the real dtop: the scenario "FE model -> updated twin -> TMD design", validation
// of their parameters, and a failed solver run stopping the scenario with its reason.
#include "fe_test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

using namespace dtop::test;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

nlohmann::json json_file(const std::string& path) { return nlohmann::json::parse(read_file(path)); }

}  // namespace

TEST_CASE("fe: the scenario FE model -> updated twin -> TMD design runs through dtop") {
    const std::string dir = fe_test::fresh_dir("scenario").string();
    auto r = run_dtop({"run", SOURCE_DIR "/scenarios/fe-model-update.yaml", "--out", dir + "/out", "--print", "twin.table"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string out = dir + "/out/";

    // The FE model's sway frequencies, within 3 % of the lumped model.
    const auto fe = json_file(out + "fe.frequencies.json")["values"].get<std::vector<double>>();
    REQUIRE(fe.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) CHECK(std::abs(fe[k] / fe_test::kLumpedHz[k] - 1) < 0.03);
    const auto result = json_file(out + "fe.result.json");
    CHECK(result["solver"] == "calculix");
    CHECK(result["sway_mode_numbers"] == nlohmann::json({1, 2, 3}));

    // The twin now has the FE frequencies.
    const auto update = json_file(out + "twin.result.json");
    CHECK(update["converged"] == true);
    CHECK(update["rms_relative_error_after"].get<double>() < 1e-9);
    const auto updated_hz = json_file(out + "updated.frequencies.json")["values"].get<std::vector<double>>();
    for (std::size_t k = 0; k < 3; ++k) CHECK(updated_hz[k] == Approx(fe[k]).epsilon(1e-9));
    CHECK_THAT(r.out, Contains("error_after (%)") && Contains("mac"));

    // The TMD was designed on the updated twin, not on the shipped structure: its bare reference is
    // the updated structure's.
    const auto tmd = json_file(out + "tmd.result.json");
    const double updated_bare = json_file(out + "updated.result.json")["integrated_ke"].get<double>();
    const double original_bare = json_file(out + "original.result.json")["integrated_ke"].get<double>();
    CHECK(tmd["integrated_ke_bare"].get<double>() == Approx(updated_bare).epsilon(1e-12));
    CHECK(std::abs(updated_bare / original_bare - 1) > 1e-3);
    CHECK(tmd["rt_db"].get<double>() > 0);
    const auto table = json_file(out + "compare.table.json");
    REQUIRE(table.size() == 2);

    // The solver's job files are the fe node's own files in the manifest.
    const auto files = json_file(out + "manifest.json")["nodes"]["fe"]["files"];
    for (const char* f : {"fe/frame/frame.inp", "fe/frame/frame.dat", "fe/frame/solver.log"}) CHECK(std::count(files.begin(), files.end(), f) == 1);
}

TEST_CASE("fe: validation refuses bad FE parameters with the parameter named") {
    const std::string dir = fe_test::fresh_dir("validate").string();
    write_file(dir + "/bad.yaml", R"(nodes:
  a:
    plugin: fe-frame
    params: {storey_height: [150 mm, 160 mm]}
  b:
    plugin: fe-frame
    params: {modes: 2}
  c:
    plugin: fe-frame
    params: {f_min: 40 Hz, f_max: 20 Hz}
  d:
    plugin: fe-frame
    params: {solver: abaqus, executable: /no/such/abaqus}
  e:
    plugin: fe-frame
    params: {solver: auto, executable: ccx}
  f:
    plugin: fe-model-update
    params: {modes: [1, 4]}
    inputs: {targets: a.frequencies}
  g:
    plugin: fe-frame
    params: {element: B33}
)");
    auto r = run_dtop({"validate", dir + "/bad.yaml"});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains("node 'a', parameter 'storey_height': give one value, or one per storey (3); got 2"));
    CHECK_THAT(r.err, Contains("node 'b', parameter 'sway_modes': 3 sway modes need modes >= 3"));
    CHECK_THAT(r.err, Contains("node 'c', parameter 'f_max': must be above f_min"));
    CHECK_THAT(r.err, Contains("node 'd', parameter 'executable': abaqus: '/no/such/abaqus' is not an executable file"));
    CHECK_THAT(r.err, Contains("node 'e', parameter 'executable'"));
    CHECK_THAT(r.err, Contains("node 'f', parameter 'modes': mode 4 is beyond the 3-storey structure"));
    CHECK_THAT(r.err, Contains("node 'g', parameter 'element'"));
    // And a good one validates.
    write_file(dir + "/good.yaml", "nodes:\n  fe:\n    plugin: fe-frame\n    params: {storey_height: [153.3 mm], elements_per_leg: 10}\n");
    CHECK(run_dtop({"validate", dir + "/good.yaml"}).code == 0);
}

TEST_CASE("fe: a failed solver run stops the scenario with the reason and the log's path") {
    const std::string dir = fe_test::fresh_dir("failed_run").string();
    write_file(dir + "/slow.yaml", "nodes:\n  fe:\n    plugin: fe-frame\n    params: {solver: calculix, executable: " +
                                       fe_test::script("slow_solver.sh") + ", time_limit: 300 ms}\n");
    auto r = run_dtop({"run", dir + "/slow.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Contains("the calculix run failed: time limit") && Contains(dir + "/out/fe/frame/solver.log"));
}
