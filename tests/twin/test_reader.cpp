// The streaming delimited-text reader: formats, units, and every error with file:line:column.
#include "dtop_support/delimited_reader.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using dtop::support::DataError;
using dtop::support::DelimitedReader;
using namespace dtop::test;

namespace {
std::string file_with(const std::string& name, const std::string& text) {
    const std::string path = TEST_OUTPUT_DIR "/reader/" + name;
    write_file(path, text);
    return path;
}
std::string error_of(const std::string& path) {
    try {
        DelimitedReader r(path);
        std::vector<double> row(r.names().size());
        while (r.next(row.data())) {
        }
    } catch (const DataError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("reader: comma, semicolon and tab files with units in round or square brackets") {
    for (auto [name, text] : {std::pair{"c.csv", "t (s),x [m],y\n0,1.5,-2\n0.5,2e-3,+3\n"},
                              {"s.csv", "t (s);x [m];y\n0;1.5;-2\n0.5;2e-3;+3\n"},
                              {"t.tsv", "t (s)\tx [m]\ty\n0\t1.5\t-2\n0.5\t2e-3\t+3\n"}}) {
        DelimitedReader r(file_with(name, text));
        CHECK(r.names() == std::vector<std::string>{"t", "x", "y"});
        CHECK(r.units() == std::vector<std::string>{"s", "m", ""});
        double row[3];
        REQUIRE(r.next(row));
        CHECK(row[1] == 1.5);
        REQUIRE(r.next(row));
        CHECK(row[0] == 0.5);
        CHECK(row[1] == 2e-3);
        CHECK(row[2] == 3.0);
        CHECK(!r.next(row));
    }
}

TEST_CASE("reader: blank lines and CRLF line ends are accepted") {
    DelimitedReader r(file_with("crlf.csv", "t,x\r\n0,1\r\n\r\n1,2\r\n"));
    double row[2];
    REQUIRE(r.next(row));
    REQUIRE(r.next(row));
    CHECK(row[1] == 2.0);
    CHECK(r.line() == 4);
    CHECK(!r.next(row));
}

TEST_CASE("reader: rows that cross the 1 MiB read blocks are read whole") {
    std::string text = "t (s),x (m)\n";
    const int n = 200000;  // about 3 MB
    for (int i = 0; i < n; ++i) text += std::to_string(i) + "," + std::to_string(i * 0.25) + "\n";
    DelimitedReader r(file_with("big.csv", text));
    double row[2];
    int count = 0;
    bool ok = true;
    while (r.next(row)) {
        ok = ok && row[0] == count && row[1] == count * 0.25;
        ++count;
    }
    CHECK(ok);
    CHECK(count == n);
}

TEST_CASE("reader: each bad input names file, line and column and what was expected") {
    CHECK_THAT(error_of(TEST_OUTPUT_DIR "/reader/nope.csv"), Catch::Contains("nope.csv: cannot open the file"));
    CHECK_THAT(error_of(file_with("empty.csv", "")), Catch::Contains("empty.csv:1: the file is empty; expected a header row"));
    CHECK_THAT(error_of(file_with("short.csv", "t,x,y\n0,1,2\n1,2\n")), Catch::Contains("short.csv:3:4: ragged row: 2 fields, expected 3"));
    CHECK_THAT(error_of(file_with("long.csv", "t,x\n0,1\n1,2,3\n")), Catch::Contains("long.csv:3:4: ragged row: 3 fields, expected 2"));
    CHECK_THAT(error_of(file_with("text.csv", "t,x\n0,1\n1,abc\n")),
               Catch::Contains("text.csv:3:3: 'abc' in column 'x' is not a number; expected a number"));
    CHECK_THAT(error_of(file_with("half.csv", "t,x\n0,1.5kg\n")), Catch::Contains("half.csv:2:3: '1.5kg' in column 'x' is not a number"));
}

TEST_CASE("reader: nan and inf are not data") {
    CHECK_THAT(error_of(file_with("nan.csv", "t,x\n0,1\n1,nan\n")), Catch::Contains("nan.csv:3:3: 'nan' in column 'x' is not a number"));
    CHECK_THAT(error_of(file_with("inf.csv", "t,x\ninf,1\n")), Catch::Contains("inf.csv:2:1: 'inf' in column 't' is not a number"));
}
