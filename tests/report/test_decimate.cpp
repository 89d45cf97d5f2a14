// The report's pieces on their own: min/max decimation and reading back the CSV files dtop writes.
#include "csv_columns.hpp"
#include "decimate.hpp"
#include "process.hpp"
#include "results.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dtop::report;

TEST_CASE("report: decimation keeps the ends and every bucket's minimum and maximum") {
    std::vector<double> y(100'000);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] = std::sin(0.001 * static_cast<double>(i));
    y[31'337] = 50;    // a spike...
    y[77'777] = -50;   // ...and a notch, one sample each
    const auto keep = minmax_indices(y, 1000);
    CHECK(keep.size() <= 2002);
    CHECK(keep.size() > 1000);
    CHECK(keep.front() == 0);
    CHECK(keep.back() == y.size() - 1);
    CHECK(std::is_sorted(keep.begin(), keep.end()));
    CHECK(std::find(keep.begin(), keep.end(), 31'337u) != keep.end());
    CHECK(std::find(keep.begin(), keep.end(), 77'777u) != keep.end());
    // A gap stays a gap.
    y[5'000] = NAN;
    const auto gap = minmax_indices(y, 1000);
    CHECK(std::find(gap.begin(), gap.end(), 5'000u) != gap.end());
    // Short series are left alone.
    const std::vector<double> few{3, 1, 2};
    CHECK(minmax_indices(few, 1000) == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("report: output CSVs are read back with names, units and quoted headers") {
    dtop::Value v;
    v.kind = DTOP_KIND_SERIES;
    v.rows = 2;
    v.cols = 3;
    v.names = {"t", "a, b", "x"};
    v.units = {"s", "m", ""};
    v.data = {0, 0.5, 1, 2, NAN, 4};
    const std::string file = dtop::test::temp_dir("report_csv") + "/v.csv";
    dtop::test::write_file(file, dtop::to_csv(v));
    const CsvColumns t = read_csv_columns(file);
    CHECK(t.names == std::vector<std::string>{"t", "a, b", "x"});
    CHECK(t.units == std::vector<std::string>{"s", "m", ""});
    REQUIRE(t.rows() == 2);
    CHECK(t.columns[1] == std::vector<double>{1, 2});
    CHECK(std::isnan(t.columns[2][0]));
    CHECK(t.columns[2][1] == 4);
    CHECK(split_header_cell("dotx1 (m/s)") == std::pair<std::string, std::string>{"dotx1", "m/s"});
    CHECK(split_header_cell("c1") == std::pair<std::string, std::string>{"c1", ""});
}
