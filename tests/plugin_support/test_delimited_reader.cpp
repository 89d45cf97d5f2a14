// The delimited reader's general API: columns chosen by name, units from the header, located errors
// for what was chosen; and whole columns read at once. (Formats, blocks and every bad row: tests/twin.)
#include "process.hpp"

#include <dtop_support/columns.hpp>
#include <dtop_support/delimited_reader.hpp>

#include <catch2/catch.hpp>

using namespace dtop::support;
using dtop::test::temp_dir;
using dtop::test::write_file;

namespace {

std::string file_with(const std::string& name, const std::string& text) {
    const std::string path = temp_dir("reader_" + name) + "/" + name;
    write_file(path, text);
    return path;
}

}  // namespace

TEST_CASE("plugin support: columns are chosen by name, with their units, and only they are converted") {
    DelimitedReader r(file_with("pick.csv", "t (s);note;force [N]\n0;start;1.5\n0.1;-;2.5\n"));
    CHECK(r.separator() == ';');
    CHECK(r.header_column(2) == 12);
    const auto cols = r.select({"force", "t"});
    CHECK(cols == std::vector<std::size_t>{2, 0});
    CHECK(r.units()[cols[0]] == "N");
    CHECK(r.units()[cols[1]] == "s");
    std::vector<double> row(r.names().size(), -1.0);
    REQUIRE(r.next(row.data()));  // "start" is stepped over, not converted
    CHECK(row == std::vector<double>{0.0, -1.0, 1.5});
    REQUIRE(r.next(row.data()));
    CHECK(row[2] == 2.5);
    CHECK(r.line() == 3);
    CHECK(r.field_column(2) == 7);
    CHECK_FALSE(r.next(row.data()));
}

TEST_CASE("plugin support: a column that is not there is named with the ones that are") {
    DelimitedReader r(file_with("missing.csv", "t (s),x (m)\n0,1\n"));
    CHECK(r.column("y") == -1);
    CHECK_THROWS_WITH(r.require_column("y"), Catch::EndsWith("missing.csv:1: no column 'y' in the header (it has: t, x)"));
    CHECK_THROWS_AS(r.select({"t", "y"}), DataError);
}

TEST_CASE("plugin support: a chosen value that is not a number is located by line and column") {
    DelimitedReader r(file_with("bad.csv", "t,label,x\n0,a,1\n1,b,2x\n"));
    r.select({"x"});
    std::vector<double> row(3);
    REQUIRE(r.next(row.data()));
    try {
        r.next(row.data());
        FAIL("no error for '2x'");
    } catch (const DataError& e) {
        CHECK(e.line == 3);
        CHECK(e.column == 5);
        CHECK(e.problem == "'2x' in column 'x' is not a number; expected a number");
    }
}

TEST_CASE("plugin support: whole columns are read at once, each row with its line") {
    const Columns c = read_columns(file_with("cols.tsv", "t (s)\tnote\tv (m/s)\n0\tx\t1\n\n0.5\ty\t-2\n"), {"v", "t"});
    CHECK(c.names == std::vector<std::string>{"v", "t"});
    CHECK(c.units == std::vector<std::string>{"m/s", "s"});
    CHECK(c.columns == std::vector<long>{12, 1});
    REQUIRE(c.rows() == 2);
    CHECK(c.values[0] == std::vector<double>{1, -2});
    CHECK(c.values[1] == std::vector<double>{0, 0.5});
    CHECK(c.lines == std::vector<long>{2, 4});  // the blank line is skipped, not counted away
    CHECK_THROWS_WITH(read_columns(file_with("header_only.csv", "t,x\n"), {"x"}),
                      Catch::EndsWith("header_only.csv:1: no data rows after the header; expected rows of numbers"));
    CHECK_THROWS_WITH(read_columns(file_with("semi.csv", "t;x\n0;1\n"), {"x"}, ','),
                      Catch::Contains("no column 'x' in the header (it has: t;x)"));  // a separator given is used as given
}
