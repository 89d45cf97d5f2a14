#include "dtop_support/columns.hpp"

#include "dtop_support/delimited_reader.hpp"

namespace dtop::support {

Columns read_columns(const std::filesystem::path& file, const std::vector<std::string>& names, char separator) {
    DelimitedReader reader(file, separator);
    const std::vector<std::size_t> chosen = reader.select(names);
    Columns out;
    out.names = names;
    out.values.resize(chosen.size());
    for (std::size_t index : chosen) {
        out.units.push_back(reader.units()[index]);
        out.columns.push_back(reader.header_column(index));
    }
    std::vector<double> row(reader.names().size(), 0.0);
    while (reader.next(row.data())) {
        for (std::size_t k = 0; k < chosen.size(); ++k) out.values[k].push_back(row[chosen[k]]);
        out.lines.push_back(reader.line());
    }
    if (out.rows() == 0) throw DataError(file, reader.line(), 0, "no data rows after the header; expected rows of numbers");
    return out;
}

}  // namespace dtop::support
