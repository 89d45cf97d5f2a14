// The identification plugins through the real dtop: a calibration that predicts a record it did not
// see, and the errors a user meets, each naming the file and place or the parameter.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace dtop::test;

namespace {
const std::string kData = SOURCE_DIR "/data/cristallo/";

// The first `rows` data rows of a shipped record, the force column optionally zeroed.
std::string head_of(const std::string& dir, const std::string& name, int rows, bool zero_force = false) {
    std::ifstream in(kData + "data_th_" + name + ".csv");
    std::ostringstream out;
    std::string line;
    for (int i = 0; i <= rows && std::getline(in, line); ++i) {
        if (zero_force && i > 0) line = line.substr(0, line.rfind(',')) + ",0";
        out << line << "\n";
    }
    const std::string path = dir + "/" + name + std::to_string(rows) + (zero_force ? "z" : "") + ".csv";
    write_file(path, out.str());
    return path;
}

std::string batch_update(const std::string& velocities, const std::string& force, const std::string& params = "{}") {
    return "nodes:\n"
           "  v: {plugin: replay, params: {file: " + velocities + ", channels: \"dotx1, dotx2, dotx3\"}}\n"
           "  f: {plugin: replay, params: {file: " + force + ", channels: fp}}\n"
           "  update: {plugin: model-update, params: " + params + ", inputs: {measured: v.series, force: f.series}}\n";
}
}  // namespace

TEST_CASE("plugins: calibrated on 5 s of the noise record, the model predicts the harmonic record's first 5 s") {
    const std::string dir = temp_dir("ident_calibrate");
    const std::string noise = head_of(dir, "noise", 5000), harmonic = head_of(dir, "harmonic", 5000);
    write_file(dir + "/s.yaml", batch_update(noise, noise) +
                                    "  check: {plugin: model-validation, inputs: {measured: hv.series, force: hf.series, structure: update.structure}}\n"
                                    "  hv: {plugin: replay, params: {file: " + harmonic + ", channels: \"dotx1, dotx2, dotx3\"}}\n"
                                    "  hf: {plugin: replay, params: {file: " + harmonic + ", channels: fp}}\n");
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    REQUIRE(r.code == 0);
    const auto rows = nlohmann::json::parse(read_file(dir + "/out/check.table.json"));
    REQUIRE(rows.size() == 3);
    for (const auto& row : rows) CHECK(row["relative_residual"].get<double>() < 1e-3);
    const auto s = nlohmann::json::parse(read_file(dir + "/out/update.structure.json"));
    CHECK(s["damping"]["ratios"].size() == 3);
    const auto res = nlohmann::json::parse(read_file(dir + "/out/update.result.json"));
    CHECK(res["frequency_after_hz"][0].get<double>() == Approx(6.52).margin(0.01));
    CHECK(res["hold"] == "first-order");
}

TEST_CASE("plugins: records of different lengths are refused, naming the inputs") {
    const std::string dir = temp_dir("ident_lengths");
    write_file(dir + "/s.yaml", batch_update(head_of(dir, "noise", 2000), head_of(dir, "noise", 1500)));
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("update") && Catch::Contains("differ in length") && Catch::Contains("2000") && Catch::Contains("1500"));
}

TEST_CASE("plugins: records sampled differently are refused") {
    const std::string dir = temp_dir("ident_sampling");
    // the same rows, every time stamp doubled: 2 ms sampling against 1 ms
    std::ifstream in(head_of(dir, "noise", 1000));
    std::ostringstream out;
    std::string line;
    std::getline(in, line);
    out << line << "\n";
    while (std::getline(in, line)) {
        const auto comma = line.find(',');
        out << 2 * std::stod(line.substr(0, comma)) << line.substr(comma) << "\n";
    }
    write_file(dir + "/slow.csv", out.str());
    write_file(dir + "/s.yaml", batch_update(head_of(dir, "noise", 1000), dir + "/slow.csv"));
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("differ in sampling"));
}

TEST_CASE("plugins: a force channel of zeros is refused") {
    const std::string dir = temp_dir("ident_zero_force");
    const std::string zero = head_of(dir, "noise", 2000, true);
    write_file(dir + "/s.yaml", batch_update(zero, zero));
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("force channel is all zeros"));
}

TEST_CASE("plugins: a fit that does not converge names max_iterations") {
    const std::string dir = temp_dir("ident_no_convergence");
    const std::string noise = head_of(dir, "noise", 3000);
    write_file(dir + "/s.yaml", batch_update(noise, noise, "{max_iterations: 1}"));
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("max_iterations") && Catch::Contains("did not converge"));
}

TEST_CASE("plugins: an FRF file with a bad line fails with file:line:column") {
    const std::string dir = temp_dir("ident_bad_frf");
    std::ifstream in(SOURCE_DIR "/data/cristallo-frf/frf_force_floor1.csv");
    std::ostringstream out;
    std::string line;
    for (int i = 1; std::getline(in, line); ++i) out << (i == 120 ? "3.75+0j;-0.1+0.2j;x;0.1+0j" : line) << "\n";
    write_file(dir + "/bad.csv", out.str());
    write_file(dir + "/s.yaml", "nodes:\n  m: {plugin: frf-file, params: {file: " + dir + "/bad.csv}}\n"
                                "  modes: {plugin: modal-extraction, inputs: {frf: m.frf}}\n");
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("bad.csv:120:19") && Catch::Contains("expected a complex number") && Catch::Contains("'x'"));
}

TEST_CASE("plugins: an FRF unit that does not fit the quantity is refused at validation") {
    const std::string dir = temp_dir("ident_bad_unit");
    write_file(dir + "/s.yaml", "nodes:\n  m: {plugin: frf-file, params: {file: " SOURCE_DIR
                                "/data/cristallo-frf/frf_force_floor1.csv, quantity: mobility, unit: g/N}}\n");
    const ProcessResult r = run_dtop({"validate", dir + "/s.yaml"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("unit") && Catch::Contains("not a unit of mobility"));
}

TEST_CASE("plugins: the measured-FRF scenario finds the rig's modes and brings the model within 1.5 dB") {
    const std::string dir = temp_dir("ident_frf_scenario");
    const ProcessResult r = run_dtop({"run", SOURCE_DIR "/scenarios/twin-calibrate-frf.yaml", "--out", dir + "/out"});
    REQUIRE(r.code == 0);
    const auto res = nlohmann::json::parse(read_file(dir + "/out/update.result.json"));
    const std::vector<double> peaks{6.50, 17.47, 26.50};
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(res["identified_hz"][i].get<double>() == Approx(peaks[i]).margin(0.05));
        CHECK(res["frequency_after_hz"][i].get<double>() == Approx(peaks[i]).margin(0.05));
        CHECK(res["db_error_before"][i].get<double>() > 10);
        CHECK(res["db_error_after"][i].get<double>() < 1.5);
    }
    const auto updated = nlohmann::json::parse(read_file(dir + "/out/updated.table.json"));
    CHECK(updated.size() == 9);  // 3 floors x 3 resonances
    for (const auto& row : updated) CHECK(row["db_error"].get<double>() < 1.5);
}

TEST_CASE("plugins: H1 from a record feeds modal extraction, which finds the record's resonances") {
    const std::string dir = temp_dir("ident_frf_estimate");
    const std::string noise = kData + "data_th_noise.csv";
    write_file(dir + "/s.yaml", "nodes:\n"
                                "  v: {plugin: replay, params: {file: " + noise + ", channels: \"dotx1, dotx2, dotx3\"}}\n"
                                "  f: {plugin: replay, params: {file: " + noise + ", channels: fp}}\n"
                                "  h1: {plugin: frf-estimate, params: {segment: 30, overlap: 0.5}, inputs: {force: f.series, responses: v.series}}\n"
                                "  modes: {plugin: modal-extraction, params: {f_low: 3, f_high: 40, modes: 3}, inputs: {frf: h1.frf}}\n");
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    REQUIRE(r.code == 0);
    const auto f = nlohmann::json::parse(read_file(dir + "/out/modes.frequencies.json"))["values"];
    // the chain that explains the records: 6.5205, 18.2700, 26.4009 Hz
    REQUIRE(f.size() == 3);
    CHECK(f[0].get<double>() == Approx(6.5205).margin(0.02));
    CHECK(f[1].get<double>() == Approx(18.2700).margin(0.02));
    CHECK(f[2].get<double>() == Approx(26.4009).margin(0.02));
}

TEST_CASE("plugins: calibration-worth judges both TMD designs on the calibrated structure") {
    const std::string dir = temp_dir("ident_worth");
    const std::string noise = head_of(dir, "noise", 5000);
    write_file(dir + "/s.yaml", batch_update(noise, noise) +
                                    "  worth: {plugin: calibration-worth, params: {floor: 3, f_step: 0.05}, inputs: {calibrated: update.structure}}\n");
    const ProcessResult r = run_dtop({"run", dir + "/s.yaml", "--out", dir + "/out"});
    REQUIRE(r.code == 0);
    const auto rows = nlohmann::json::parse(read_file(dir + "/out/worth.table.json"));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["rt_lost_db"].get<double>() > -1e-3);  // the design made on the calibrated model is its optimum
    CHECK(rows[1]["rt_lost_db"].get<double>() == 0.0);
    CHECK(rows[0]["kp_N_per_m"].get<double>() != Approx(rows[1]["kp_N_per_m"].get<double>()).epsilon(0.01));
    CHECK(rows[2]["h_crit_calibrated"].get<double>() < rows[2]["h_crit_nominal"].get<double>());
}
