// The delimited (CSV) reader: header with units, every row converted; and read_columns on the first
// two header names. Errors are DataError.
#include "dtop_support/columns.hpp"
#include "dtop_support/data_error.hpp"
#include "dtop_support/delimited_reader.hpp"
#include "fuzz_file.hpp"

#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto file = fuzz_input_file(data, size, ".csv");
    std::vector<std::string> names;
    try {
        dtop::support::DelimitedReader r(file);
        names = r.names();
        std::vector<double> row(r.names().size());
        while (r.next(row.data())) {
        }
    } catch (const dtop::support::DataError&) {
    }
    if (names.size() > 2) names.resize(2);
    try {
        (void)dtop::support::read_columns(file, names);
    } catch (const dtop::support::DataError&) {
    }
    return 0;
}
