// The per-cycle record of one cell: what the twin learns from and predicts. Read from a cell file
// (the NASA per-cycle summary, data/nasa/) or handed over as a table by an upstream node.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dtop::battery {

// The four columns, in the names and units the files and the `cycles` port use.
inline constexpr const char* kCycleColumns[] = {"cycle", "capacity_ah", "discharge_time_s", "max_temperature_c"};
inline constexpr const char* kCycleUnits[] = {"", "Ah", "s", "degC"};

struct Cycles {
    std::vector<double> cycle;             // cycle number, strictly increasing
    std::vector<double> capacity_ah;       // measured discharge capacity
    std::vector<double> discharge_time_s;  // t_i: duration of the discharge
    std::vector<double> temperature_c;     // T_i: highest cell temperature during the discharge

    std::size_t size() const { return cycle.size(); }
    // Index of a cycle number, or -1.
    long index_of(double cycle_number) const;
    // The first n rows.
    Cycles head(std::size_t n) const;
};

// Throws std::invalid_argument naming the first bad row ("row 12: ...") when the cycles are not
// strictly increasing, a value is not finite, or a capacity or discharge time is not positive.
void check_cycles(const Cycles& c);

// Reads a cell file: a header naming the four columns (in any order; other columns are ignored),
// then one row of numbers per cycle. Every error names the file and line ("B0005.csv:14: ...").
Cycles read_cycles_csv(const std::string& path);

}  // namespace dtop::battery
