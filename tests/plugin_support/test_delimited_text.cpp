// The pieces of delimited reading: located errors, lines read in blocks, the header (separator,
// "name (unit)" cells), fields and numbers.
#include "process.hpp"

#include <dtop_support/data_error.hpp>
#include <dtop_support/fields.hpp>
#include <dtop_support/header.hpp>
#include <dtop_support/line_reader.hpp>
#include <dtop_support/regular_file.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <sys/stat.h>

using namespace dtop::support;
using dtop::test::temp_dir;
using dtop::test::write_file;

namespace {

std::vector<std::string> all_lines(LineReader& r) {
    std::vector<std::string> out;
    std::string_view line;
    while (r.next(line)) out.emplace_back(line);
    return out;
}

}  // namespace

TEST_CASE("plugin support: a data error says file:line:column, leaving out what is not known") {
    const DataError e("d/x.csv", 3, 7, "'abc' is not a number");
    CHECK(std::string(e.what()) == "d/x.csv:3:7: 'abc' is not a number");
    CHECK(e.file == "d/x.csv");
    CHECK(e.line == 3);
    CHECK(e.column == 7);
    CHECK(e.problem == "'abc' is not a number");
    CHECK(std::string(DataError("x.csv", 3, 0, "p").what()) == "x.csv:3: p");
    CHECK(std::string(DataError("x.csv", 0, 0, "p").what()) == "x.csv: p");
}

TEST_CASE("plugin support: lines come without their ends, numbered, a last line without an end too") {
    const std::string dir = temp_dir("lines");
    write_file(dir + "/l.txt", "a\r\n\nb c\nlast");
    LineReader r(dir + "/l.txt");
    CHECK(r.line() == 0);
    CHECK(all_lines(r) == std::vector<std::string>{"a", "", "b c", "last"});
    CHECK(r.line() == 4);
    write_file(dir + "/empty.txt", "");
    LineReader e(dir + "/empty.txt");
    CHECK(all_lines(e).empty());
    CHECK_THROWS_WITH(LineReader(dir + "/missing.txt"), dir + "/missing.txt: cannot open the file: it does not exist");
}

TEST_CASE("plugin support: a FIFO, a folder or a symbolic-link loop is refused with its reason, never read") {
    const std::string dir = temp_dir("special_files");
    REQUIRE(::mkfifo((dir + "/pipe.csv").c_str(), 0644) == 0);  // opening it to read would block forever
    std::filesystem::create_directories(dir + "/folder.csv");
    std::filesystem::create_symlink(dir + "/loop2.csv", dir + "/loop1.csv");
    std::filesystem::create_symlink(dir + "/loop1.csv", dir + "/loop2.csv");
    CHECK_THROWS_WITH(LineReader(dir + "/pipe.csv"),
                      dir + "/pipe.csv: cannot open the file: it is a FIFO (named pipe), not a regular file");
    CHECK_THROWS_WITH(LineReader(dir + "/folder.csv"), dir + "/folder.csv: cannot open the file: it is a directory, not a file");
    CHECK_THROWS_WITH(LineReader(dir + "/loop1.csv"), Catch::Contains("it is a loop of symbolic links"));
    CHECK_THROWS_WITH(LineReader("/dev/zero"), Catch::Contains("it is a character device, not a regular file"));
    CHECK(regular_file_problem(dir + "/pipe.csv") == "cannot open the file: it is a FIFO (named pipe), not a regular file");
    write_file(dir + "/ok.csv", "1\n");
    CHECK(regular_file_problem(dir + "/ok.csv").empty());
}

TEST_CASE("plugin support: lines longer than a read block, and lines across blocks, come whole") {
    const std::string dir = temp_dir("long_lines");
    const std::string long_line(3 << 20, 'x');  // three 1 MiB blocks
    std::string text = "first\n" + long_line + "\n";
    for (int i = 0; i < 200000; ++i) text += std::to_string(i) + "\n";  // about 1.3 MB: crosses a block end
    write_file(dir + "/l.txt", text);
    LineReader r(dir + "/l.txt");
    const auto lines = all_lines(r);
    REQUIRE(lines.size() == 200002);
    CHECK(lines[1] == long_line);
    bool ok = true;
    for (int i = 0; i < 200000; ++i) ok = ok && lines[static_cast<std::size_t>(i) + 2] == std::to_string(i);
    CHECK(ok);
}

TEST_CASE("plugin support: the separator is whichever of comma, semicolon and tab the header uses most") {
    CHECK(detect_separator("t,x,y") == ',');
    CHECK(detect_separator("t;x;y") == ';');
    CHECK(detect_separator("t\tx\ty") == '\t');
    CHECK(detect_separator("t (s);x (m, mm);y") == ';');  // a comma inside a unit is outvoted
    CHECK(detect_separator("t;x,y") == ',');             // a tie: the first of comma, semicolon, tab
    CHECK(detect_separator("t") == ',');                 // one column
}

TEST_CASE("plugin support: a header cell is a name and a unit in round or square brackets") {
    auto heading = [](std::string_view cell) {
        const Heading h = parse_heading(cell);
        return h.name + "|" + h.unit;
    };
    CHECK(heading("t (s)") == "t|s");
    CHECK(heading("dotx1 [m/s]") == "dotx1|m/s");
    CHECK(heading(" \"force ( N )\" ") == "force|N");
    CHECK(heading("plain") == "plain|");
    CHECK(heading("f(x) (Hz)") == "f(x)|Hz");     // the last bracket holds the unit
    CHECK(heading("a (b) c") == "a (b) c|");      // not at the end: part of the name
    CHECK(heading("x[]") == "x|");
    CHECK(heading("(s)") == "|s");

    const auto h = parse_header("t (s); x [m] ;y", ';', "h.csv", 1);
    REQUIRE(h.size() == 3);
    CHECK(h[1].name == "x");
    CHECK(h[1].unit == "m");
    CHECK(h[1].column == 7);
    CHECK(h[2].column == 15);
    CHECK_THROWS_WITH(parse_header("t,,x", ',', "h.csv", 1), "h.csv:1:3: empty column name in the header");
    CHECK_THROWS_WITH(parse_header("t,(s)", ',', "h.csv", 1), "h.csv:1:3: empty column name in the header");
}

TEST_CASE("plugin support: fields are split at every separator, blanks around them dropped, columns kept") {
    const auto f = split_fields(" 1, b ,,4", ',');
    REQUIRE(f.size() == 4);
    CHECK(f[0].text == "1");
    CHECK(f[0].column == 2);
    CHECK(f[1].text == "b");
    CHECK(f[1].column == 5);
    CHECK(f[2].text.empty());
    CHECK(f[3].text == "4");
    CHECK(f[3].column == 9);
    // With tab as the separator, tabs separate and only spaces are blanks.
    const auto t = split_fields("1\t\t 2 ", '\t');
    REQUIRE(t.size() == 3);
    CHECK(t[1].text.empty());
    CHECK(t[2].text == "2");
    CHECK(split_fields("", ',').size() == 1);
}

TEST_CASE("plugin support: a number is the whole field, in the C locale, a leading plus allowed") {
    CHECK(parse_number("1.5") == 1.5);
    CHECK(parse_number("-2e-3") == -2e-3);
    CHECK(parse_number("+3") == 3.0);
    for (const char* bad : {"", "+", "+-1", "1.5kg", " 1", "1 ", "1,5", "abc", "1e999"}) {
        INFO(bad);
        CHECK_FALSE(parse_number(bad));
    }
    // nan and inf parse: whether a value must be finite is the reader's rule.
    REQUIRE(parse_number("nan"));
    CHECK(std::isnan(*parse_number("nan")));
    CHECK(std::isinf(*parse_number("-inf")));
}
