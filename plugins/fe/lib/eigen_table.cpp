#include "eigen_table.hpp"

#include <cmath>
#include <optional>

namespace dtop::fe {

const char* layout_name(DatLayout l) { return l == DatLayout::calculix ? "CalculiX" : "ABAQUS"; }

namespace {

// Where the table is: the title line, the header text up to the first row, the first row's line.
struct Located {
    std::size_t first_row;
    std::string header;  // header lines joined, for telling the layout
};

bool row_start(std::string_view line) {
    const auto t = tokens(line);
    return !t.empty() && integer(t[0]).has_value();
}

Located locate(const std::vector<std::string_view>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (squeezed(lines[i]) != "EIGENVALUEOUTPUT") continue;
        Located l{i + 1, {}};
        // The header is a few lines; a table with no rows has its next section's text after it.
        for (std::size_t j = i + 1; j < lines.size() && j <= i + 8; ++j) {
            if (row_start(lines[j])) return {j, l.header};
            l.header += std::string(lines[j]) + "\n";
        }
        throw DatError("the eigenvalue table (line " + std::to_string(i + 1) + ") has no rows");
    }
    throw DatError("no eigenvalue table (E I G E N V A L U E   O U T P U T) in the .dat file");
}

std::optional<DatLayout> layout_of(const std::string& header) {
    if (contains(header, "IMAGINARY PART")) return DatLayout::calculix;
    if (contains(header, "GENERALIZED MASS")) return DatLayout::abaqus;
    return std::nullopt;
}

EigenRow read_row(std::string_view line, std::size_t line_no, DatLayout layout) {
    const auto t = tokens(line);
    const std::string where = "eigenvalue table, line " + std::to_string(line_no) + ": ";
    const bool abaqus = layout == DatLayout::abaqus;
    // CalculiX: mode, eigenvalue, omega, f, imaginary omega. ABAQUS: mode, eigenvalue, omega, f,
    // generalized mass [, composite modal damping].
    if (abaqus ? (t.size() != 5 && t.size() != 6) : t.size() != 5)
        throw DatError(where + std::to_string(t.size()) + " fields, but " + layout_name(layout) + " rows have " +
                       (abaqus ? "5 or 6" : "5") + ": '" + std::string(trimmed(line)) + "'");
    std::vector<double> v;
    for (std::size_t k = 1; k < t.size(); ++k) {
        const auto x = number(t[k]);
        if (!x) throw DatError(where + "'" + std::string(t[k]) + "' is not a number");
        v.push_back(*x);
    }
    EigenRow r;
    r.mode = static_cast<int>(*integer(t[0]));
    r.eigenvalue = v[0];
    r.omega = v[1];
    r.hz = v[2];
    if (abaqus) r.generalized_mass = v[3];
    // The printed columns must agree with each other (5 significant digits in ABAQUS), else the
    // columns are not what this layout says they are.
    auto near = [](double a, double b) { return std::abs(a - b) <= 2e-3 * std::max(std::abs(a), std::abs(b)) + 1e-9; };
    if (r.eigenvalue >= 0 && (!near(r.omega * r.omega, r.eigenvalue) || !near(r.omega / (2 * M_PI), r.hz)))
        throw DatError(where + "columns disagree (omega^2 = " + std::to_string(r.omega * r.omega) + " vs eigenvalue " +
                       std::to_string(r.eigenvalue) + ", omega/2pi = " + std::to_string(r.omega / (2 * M_PI)) +
                       " vs frequency " + std::to_string(r.hz) + ")");
    return r;
}

EigenTable parse(std::string_view dat, std::optional<DatLayout> expected) {
    const auto lines = split_lines(dat);
    const Located at = locate(lines);
    const auto layout = layout_of(at.header);
    if (!layout) throw DatError("the eigenvalue table's header is neither CalculiX's nor ABAQUS's");
    if (expected && *layout != *expected)
        throw DatError(std::string("the eigenvalue table is in ") + layout_name(*layout) + "'s layout, not " +
                       layout_name(*expected) + "'s");
    EigenTable table{*layout, {}};
    for (std::size_t i = at.first_row; i < lines.size() && row_start(lines[i]); ++i) {
        EigenRow r = read_row(lines[i], i + 1, *layout);
        if (!table.rows.empty() && r.mode != table.rows.back().mode + 1)
            throw DatError("eigenvalue table, line " + std::to_string(i + 1) + ": mode " + std::to_string(r.mode) +
                           " follows mode " + std::to_string(table.rows.back().mode));
        if (r.mode < 1) throw DatError("eigenvalue table, line " + std::to_string(i + 1) + ": mode number " + std::to_string(r.mode));
        table.rows.push_back(r);
    }
    return table;
}

}  // namespace

EigenTable parse_calculix_eigenvalues(std::string_view dat) { return parse(dat, DatLayout::calculix); }
EigenTable parse_abaqus_eigenvalues(std::string_view dat) { return parse(dat, DatLayout::abaqus); }
EigenTable parse_eigenvalues(std::string_view dat) { return parse(dat, std::nullopt); }

}  // namespace dtop::fe
