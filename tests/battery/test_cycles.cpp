// Cell files and training windows: what the twin reads, and every way it refuses bad input.
#include "common.hpp"
#include "process.hpp"
#include "window.hpp"

#include <catch2/catch.hpp>

using namespace dtop::battery;
using namespace dtop::battery::test;
using dtop::test::temp_dir;
using dtop::test::write_file;

namespace {

// The message read_cycles_csv throws for a file with `text`.
std::string read_error(const std::string& text) {
    const std::string path = temp_dir("battery_csv") + "/cell.csv";
    write_file(path, text);
    return error_of([&] { read_cycles_csv(path); });
}

}  // namespace

TEST_CASE("battery: a cell file reads into its four columns") {
    const Cycles c = cell("B0005");
    REQUIRE(c.size() == 168);
    CHECK(c.cycle.front() == 1);
    CHECK(c.cycle.back() == 168);
    CHECK(c.capacity_ah[0] == 1.8564874208);
    CHECK(c.discharge_time_s[0] == 3690.234);
    CHECK(c.temperature_c[0] == 38.982181);
    CHECK(cell("B0018").size() == 132);
    // Columns are found by name, in any order; blank lines and CRLF are harmless.
    const std::string path = temp_dir("battery_csv_order") + "/cell.csv";
    dtop::test::write_file(path, "max_temperature_c,cycle,capacity_ah,discharge_time_s\r\n40,1,2.0,3600\r\n\r\n41,2,1.9,3500\r\n");
    const Cycles o = read_cycles_csv(path);
    REQUIRE(o.size() == 2);
    CHECK(o.temperature_c[1] == 41);
    CHECK(o.capacity_ah[1] == 1.9);
}

TEST_CASE("battery: a bad cell file is refused with its file and line") {
    const std::string header = "cycle,capacity_ah,discharge_time_s,max_temperature_c\n";
    CHECK_THAT(read_error(header + "1,2.0,3600,40\n2,1.9,3500\n"), Catch::EndsWith("cell.csv:3: 3 fields, the header has 4"));
    CHECK_THAT(read_error(header + "1,2.0,3600,40\n2,1.9x,3500,40\n"),
               Catch::EndsWith("cell.csv:3: column 'capacity_ah': '1.9x' is not a number"));
    CHECK_THAT(read_error(header + "1,2.0,3600,40\n2,,3500,40\n"), Catch::EndsWith("cell.csv:3: column 'capacity_ah': '' is not a number"));
    CHECK_THAT(read_error(header + "2,2.0,3600,40\n2,1.9,3500,40\n"),
               Catch::EndsWith("cell.csv:3: cycle 2 does not follow cycle 2 (cycles must increase)"));
    CHECK_THAT(read_error(header + "1,-2.0,3600,40\n"), Catch::EndsWith("cell.csv:2: capacity_ah must be positive, got -2"));
    CHECK_THAT(read_error(header + "1,2.0,nan,40\n"), Catch::EndsWith("cell.csv:2: discharge_time_s is not a finite number"));
    CHECK_THAT(read_error("cycle,capacity_ah,time,max_temperature_c\n1,2,3,4\n"),
               Catch::Contains("cell.csv:1: the header has no column 'discharge_time_s'"));
    CHECK_THAT(read_error(header), Catch::EndsWith("cell.csv:1: no cycles after the header"));
    CHECK_THAT(read_error(""), Catch::EndsWith("cell.csv: the file is empty"));
    CHECK_THAT(read_error("\n\n"), Catch::EndsWith("cell.csv: the file is empty"));
    CHECK(error_of([] { read_cycles_csv("/nonexistent/B0099.csv"); }) == "/nonexistent/B0099.csv: cannot open the file: it does not exist");
}

TEST_CASE("battery: the training window follows train_from, train_to and train_fraction") {
    const Cycles c = cell("B0005");
    Window w = resolve_window(c, 1, 80, 0);
    CHECK(w.first == 0);
    CHECK(w.last == 79);
    w = resolve_window(c, 21, 80, 0);
    CHECK(w.first == 20);
    CHECK(w.size() == 60);
    w = resolve_window(c, 1, 0, 0.5);  // the first half: 84 of 168
    CHECK(w.last == 83);
    w = resolve_window(cell("B0018"), 1, 0, 0.5);  // 66 of 132
    CHECK(w.last == 65);
}

TEST_CASE("battery: a window the data cannot give names its parameter") {
    const Cycles c = cell("B0018");
    auto param_of = [&](int64_t from, int64_t to, double fraction) -> std::string {
        try {
            resolve_window(c, from, to, fraction);
        } catch (const SettingError& e) {
            return e.param + ": " + e.what();
        }
        return "(no error)";
    };
    CHECK(param_of(1, 140, 0) == "train_to: cycle 140 is beyond the data (the data has cycles 1 to 132)");
    CHECK(param_of(200, 210, 0) == "train_from: cycle 200 is beyond the data (the data has cycles 1 to 132)");
    CHECK(param_of(50, 40, 0) == "train_to: must not be below train_from (50)");
    CHECK(param_of(1, 15, 0) == "train_to: the training window holds 15 cycles; at least 20 are needed (the data has cycles 1 to 132)");
    CHECK(param_of(120, 0, 0.5) == "train_fraction: the training window holds 6 cycles; at least 20 are needed (the data has cycles 1 to 132)");
}
