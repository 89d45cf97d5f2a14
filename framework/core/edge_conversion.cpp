#include "edge_conversion.hpp"

#include "units.hpp"

#include <algorithm>
#include <stdexcept>

namespace dtop {

ChannelConversion edge_conversion(const Edge& edge, const std::string& from_unit, const std::string& what,
                                  const std::string& input_name) {
    const std::string& to = edge.to_unit;
    if (to == "*" || from_unit == "*" || from_unit == to) return {};
    std::optional<units::Conversion> k;
    try {
        k = units::conversion(from_unit, to);
    } catch (const std::exception& e) {  // a unit no one checked before the run: from a data file
        throw std::runtime_error("unit at " + edge.at.text() + ": " + what + " is in '" + from_unit + "': " + e.what());
    }
    if (!k)
        throw std::runtime_error("unit mismatch at " + edge.at.text() + ": " + what + " is in '" + from_unit + "', input '" +
                                 input_name + "' expects '" + to + "'");
    return {k->scale, k->offset, k->identity()};
}

std::vector<std::size_t> chosen_columns(const Edge& edge, const std::vector<std::string>& names, std::size_t first,
                                        const std::string& source) {
    std::vector<std::size_t> columns;
    if (edge.channels.empty()) {
        for (std::size_t c = first; c < names.size(); ++c) columns.push_back(c);
        return columns;
    }
    for (const auto& want : edge.channels) {
        const auto it = std::find(names.begin() + static_cast<std::ptrdiff_t>(first), names.end(), want);
        if (it == names.end()) {
            std::string there;
            for (std::size_t c = first; c < names.size(); ++c) there += (there.empty() ? "" : ", ") + names[c];
            throw std::runtime_error("no channel '" + want + "' in '" + source + "' (it has: " + there + "), chosen at " +
                                     edge.channels_at.text());
        }
        columns.push_back(static_cast<std::size_t>(it - names.begin()));
    }
    return columns;
}

namespace {

// Only the chosen columns of a series (its abscissa kept) or table.
Value select_columns(const Value& v, const std::vector<std::size_t>& columns, bool keep_abscissa) {
    Value out = v;
    out.names.clear();
    out.units.clear();
    out.data.clear();
    std::vector<std::size_t> keep = columns;
    if (keep_abscissa) keep.insert(keep.begin(), 0);
    for (std::size_t c : keep) {
        out.names.push_back(v.names[c]);
        out.units.push_back(v.units[c]);
        out.data.insert(out.data.end(), v.data.begin() + static_cast<std::ptrdiff_t>(c * v.rows),
                        v.data.begin() + static_cast<std::ptrdiff_t>((c + 1) * v.rows));
    }
    out.cols = keep.size();
    return out;
}

}  // namespace

Value deliver_batch(const Edge& edge, Value v, const std::string& source_unit, const std::string& input_name) {
    if (!edge.channels.empty() && v.is_columns()) {
        const bool series = v.kind == DTOP_KIND_SERIES;
        v = select_columns(v, chosen_columns(edge, v.names, series ? 1 : 0, "the wire's source"), series);
    }
    if (edge.to_unit == "*") return v;
    auto apply = [](const ChannelConversion& k, double* x, std::size_t n) {
        for (std::size_t r = 0; r < n; ++r) x[r] = k.scale * x[r] + k.offset;
    };
    if (v.is_columns()) {
        const std::size_t first = v.kind == DTOP_KIND_SERIES ? 1 : 0;  // a series' abscissa keeps its unit
        for (std::size_t c = first; c < v.cols; ++c) {
            if (v.units[c].empty()) v.units[c] = source_unit;
            const auto k = edge_conversion(edge, v.units[c], "channel '" + v.names[c] + "'", input_name);
            if (k.identity) continue;
            apply(k, v.data.data() + c * v.rows, v.rows);
            v.units[c] = edge.to_unit;
        }
    } else if (v.kind == DTOP_KIND_REAL || v.kind == DTOP_KIND_REAL_ARRAY) {
        if (v.unit.empty()) v.unit = source_unit;
        const auto k = edge_conversion(edge, v.unit, "the value", input_name);
        if (!k.identity) {
            apply(k, v.data.data(), v.data.size());
            v.unit = edge.to_unit;
        }
    }
    return v;
}

}  // namespace dtop
