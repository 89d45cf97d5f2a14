#include "mode_shapes.hpp"

#include <array>
#include <optional>

namespace dtop::fe {

namespace {

std::optional<int> mode_header(std::string_view line) {
    const std::string s = squeezed(line);
    const std::string key = "EIGENVALUENUMBER";
    if (!starts_with(s, key)) return std::nullopt;
    const auto n = integer(std::string_view(s).substr(key.size()));
    return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
}

std::string where(std::size_t i) { return "mode shapes, line " + std::to_string(i + 1) + ": "; }

// Rows "node v1 v2 ..." from line i on, until a line that does not start with a node number.
// `columns` maps the wanted components to their position among the values; `values` is how many a
// row has (ABAQUS may put a footnote mark between the node and its values).
std::map<int, Eigen::Vector3d> read_rows(const std::vector<std::string_view>& lines, std::size_t i,
                                         const std::array<std::size_t, 3>& columns, std::size_t values) {
    std::map<int, Eigen::Vector3d> out;
    while (i < lines.size() && trimmed(lines[i]).empty()) ++i;
    for (; i < lines.size(); ++i) {
        auto t = tokens(lines[i]);
        if (t.empty() || !integer(t[0])) break;
        const int node = static_cast<int>(*integer(t[0]));
        t.erase(t.begin());
        if (t.size() == values + 1 && !number(t[0])) t.erase(t.begin());  // footnote
        if (t.size() != values)
            throw DatError(where(i) + "node " + std::to_string(node) + " has " + std::to_string(t.size()) + " values, expected " +
                           std::to_string(values));
        Eigen::Vector3d u;
        for (int k = 0; k < 3; ++k) {
            const auto v = number(t[columns[k]]);
            if (!v) throw DatError(where(i) + "'" + std::string(t[columns[k]]) + "' is not a number");
            u[k] = *v;
        }
        out[node] = u;
    }
    return out;
}

// CalculiX: " displacements (vx,vy,vz) for set NAME and time ..." then rows of node, vx, vy, vz.
void calculix_block(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to, const std::string& set,
                    std::map<int, Eigen::Vector3d>& into) {
    const std::string title = "displacements (vx,vy,vz) for set " + set + " and time";
    for (std::size_t i = from; i < to; ++i)
        if (starts_with(trimmed(lines[i]), title)) into = read_rows(lines, i + 1, {0, 1, 2}, 3);
}

// ABAQUS: "THE FOLLOWING TABLE IS PRINTED FOR NODES BELONGING TO NODE SET NAME", a header
// "NODE FOOT-  U1 U2 U3 [UR1 ...]", "NOTE", then rows; the header says where U1..U3 are.
void abaqus_block(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to, const std::string& set,
                  std::map<int, Eigen::Vector3d>& into) {
    const std::string title = "THE FOLLOWING TABLE IS PRINTED FOR NODES BELONGING TO NODE SET " + set;
    for (std::size_t i = from; i < to; ++i) {
        if (trimmed(lines[i]) != title) continue;
        std::size_t h = i + 1;
        while (h < to && !starts_with(trimmed(lines[h]), "NODE FOOT-")) ++h;
        if (h == to) throw DatError(where(i) + "a node table without its column header");
        auto names = tokens(lines[h]);
        names.erase(names.begin(), names.begin() + 2);  // "NODE", "FOOT-"
        std::array<std::size_t, 3> at{};
        for (int k = 0; k < 3; ++k) {
            const std::string want = "U" + std::to_string(k + 1);
            std::size_t c = 0;
            while (c < names.size() && names[c] != want) ++c;
            if (c == names.size()) throw DatError(where(h) + "the node table has no " + want + " column");
            at[k] = c;
        }
        std::size_t r = h + 1;
        if (r < to && trimmed(lines[r]) == "NOTE") ++r;
        into = read_rows(lines, r, at, names.size());
    }
}

}  // namespace

ModeShapes parse_mode_shapes(std::string_view dat, DatLayout layout, const std::string& node_set) {
    const auto lines = split_lines(dat);
    ModeShapes shapes;
    std::vector<std::pair<int, std::size_t>> blocks;  // mode, first line
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (auto m = mode_header(lines[i])) blocks.emplace_back(*m, i + 1);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const std::size_t from = blocks[b].second, to = b + 1 < blocks.size() ? blocks[b + 1].second - 1 : lines.size();
        std::map<int, Eigen::Vector3d> nodes;
        if (layout == DatLayout::calculix) calculix_block(lines, from, to, node_set, nodes);
        else abaqus_block(lines, from, to, node_set, nodes);
        if (!nodes.empty()) shapes[blocks[b].first] = std::move(nodes);
    }
    return shapes;
}

}  // namespace dtop::fe
