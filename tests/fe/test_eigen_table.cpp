// The eigenvalue table in both solvers' layouts: what each parser reads, what it refuses.
#include "fe_test_support.hpp"

#include <eigen_table.hpp>

#include <catch2/catch.hpp>

using namespace dtop::fe;
using Catch::Contains;

namespace {

// The fixture with one substring replaced (it must be there).
std::string edited(const std::string& name, const std::string& from, const std::string& to) {
    std::string t = fe_test::fixture_text(name);
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    return t.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("fe: the CalculiX parser reads the eigenvalue table ccx writes") {
    const EigenTable t = parse_calculix_eigenvalues(fe_test::fixture_text("calculix_frame.dat"));
    CHECK(t.layout == DatLayout::calculix);
    REQUIRE(t.rows.size() == 10);
    CHECK(t.rows[0].mode == 1);
    CHECK(t.rows[0].eigenvalue == 2036.547);
    CHECK(t.rows[0].omega == 45.12812);
    CHECK(t.rows[0].hz == 7.182363);
    CHECK(t.rows[0].generalized_mass == -1);
    CHECK(t.rows[2].hz == 29.27291);
    CHECK(t.rows[9].mode == 10);
    CHECK(t.rows[9].hz == 361.558);
    // The participation factor and effective mass tables after it have mode rows too: not read.
    CHECK(parse_eigenvalues(fe_test::fixture_text("calculix_frame.dat")).rows.size() == 10);
}

TEST_CASE("fe: the ABAQUS parser reads the documented ABAQUS eigenvalue table") {
    const EigenTable t = parse_abaqus_eigenvalues(fe_test::fixture_text("abaqus_frame.dat"));
    CHECK(t.layout == DatLayout::abaqus);
    REQUIRE(t.rows.size() == 10);
    CHECK(t.rows[0].eigenvalue == 2036.5);
    CHECK(t.rows[0].omega == 45.128);
    CHECK(t.rows[0].hz == 7.1824);
    CHECK(t.rows[0].generalized_mass == 9.7899);
    CHECK(t.rows[1].eigenvalue == 16082.0);  // printed "16082." (no decimals)
    CHECK(t.rows[3].eigenvalue == 1.169e5);  // printed "1.16900E+05"
    CHECK(t.rows[9].hz == 361.56);
    // Same modes as the CalculiX run it was written from, to ABAQUS's five digits.
    const EigenTable c = parse_calculix_eigenvalues(fe_test::fixture_text("calculix_frame.dat"));
    for (std::size_t k = 0; k < 10; ++k) CHECK(t.rows[k].hz == Approx(c.rows[k].hz).epsilon(1e-4));
}

TEST_CASE("fe: ABAQUS tables without the composite modal damping column parse") {
    // Older releases print no damping column: drop it from the header and the ten rows.
    std::string text = edited("abaqus_frame.dat", "GENERALIZED MASS   COMPOSITE MODAL DAMPING", "GENERALIZED MASS");
    const std::string damping = "          0.0000\n";
    const std::size_t end = text.find("P A R T I C I P A T I O N");
    int dropped = 0;
    for (std::size_t at = 0; (at = text.find(damping, at)) < end; ++dropped) text.replace(at, damping.size(), "\n");
    CHECK(dropped == 10);
    const EigenTable t = parse_abaqus_eigenvalues(text);
    REQUIRE(t.rows.size() == 10);
    CHECK(t.rows[4].generalized_mass == 4.7035);
}

TEST_CASE("fe: each parser refuses the other solver's layout, and the header tells which is which") {
    const std::string ccx = fe_test::fixture_text("calculix_frame.dat"), abq = fe_test::fixture_text("abaqus_frame.dat");
    CHECK_THROWS_WITH(parse_calculix_eigenvalues(abq), Contains("in ABAQUS's layout, not CalculiX's"));
    CHECK_THROWS_WITH(parse_abaqus_eigenvalues(ccx), Contains("in CalculiX's layout, not ABAQUS's"));
    CHECK(parse_eigenvalues(ccx).layout == DatLayout::calculix);
    CHECK(parse_eigenvalues(abq).layout == DatLayout::abaqus);
}

TEST_CASE("fe: a table from a frequency range starts at a later mode") {
    // ccx keeps the global mode numbers of the modes inside the range.
    std::string text = edited("calculix_frame.dat", "      1   0.2036547E+04   0.4512812E+02   0.7182363E+01   0.0000000E+00\n", "");
    const EigenTable t = parse_calculix_eigenvalues(text);
    REQUIRE(t.rows.size() == 9);
    CHECK(t.rows[0].mode == 2);
}

TEST_CASE("fe: malformed eigenvalue tables are refused, saying what and where") {
    using Parse = EigenTable (*)(std::string_view);
    const Parse ccx = parse_calculix_eigenvalues, abq = parse_abaqus_eigenvalues;

    CHECK_THROWS_WITH(ccx("nothing here\n"), Contains("no eigenvalue table"));
    CHECK_THROWS_WITH(ccx(""), Contains("no eigenvalue table"));
    // The title and header, and then no rows (the .dat cut after the header).
    const std::string ccx_text = fe_test::fixture_text("calculix_frame.dat");
    CHECK_THROWS_WITH(ccx(ccx_text.substr(0, ccx_text.find("      1   0.20"))), Contains("has no rows"));
    // Cut in the middle of a row.
    CHECK_THROWS_WITH(ccx(ccx_text.substr(0, ccx_text.find("0.1839271E+03") + 5)), Contains("line 10: 3 fields, but CalculiX rows have 5"));
    // Fortran's overflowed field.
    CHECK_THROWS_WITH(ccx(edited("calculix_frame.dat", "0.1268143E+03", "*************")), Contains("line 9: '*************' is not a number"));
    // A mode missing from the sequence.
    CHECK_THROWS_WITH(ccx(edited("calculix_frame.dat", "      3   0.338", "      5   0.338")), Contains("line 10: mode 5 follows mode 2"));
    // Columns that are not what the layout says (frequency and circular frequency swapped).
    CHECK_THROWS_WITH(ccx(edited("calculix_frame.dat", "0.4512812E+02   0.7182363E+01", "0.7182363E+01   0.4512812E+02")),
                      Contains("line 8: columns disagree"));
    // A header of neither solver.
    CHECK_THROWS_WITH(ccx(edited("calculix_frame.dat", "IMAGINARY PART", "SOMETHING ELSE")), Contains("neither CalculiX's nor ABAQUS's"));
    // ABAQUS: a row with a field missing; an unreadable number.
    CHECK_THROWS_WITH(abq(edited("abaqus_frame.dat", "        45.128        7.1824        9.7899", "        45.128")),
                      Contains("line 35: 4 fields, but ABAQUS rows have 5 or 6"));
    CHECK_THROWS_WITH(abq(edited("abaqus_frame.dat", "126.81", "126.8I")), Contains("'126.8I' is not a number"));
}

TEST_CASE("fe: Fortran-style numbers are read, anything else is not") {
    CHECK(number("0.2036547E+04") == 2036.547);
    CHECK(number("22999.") == 22999.0);
    CHECK(number("-6.1169E-04") == -6.1169e-4);
    CHECK(number("1.5D+03") == 1500.0);
    CHECK(number("+2.5") == 2.5);
    CHECK_FALSE(number("*******").has_value());
    CHECK_FALSE(number("NaN").has_value());
    CHECK_FALSE(number("1.2.3").has_value());
    CHECK_FALSE(number("").has_value());
    CHECK_FALSE(number("12abc").has_value());
}
