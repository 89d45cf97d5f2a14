// What the battery tests share: the shipped cell files, and for the tests that train, the engine
// and settings small enough to be quick.
#pragma once

#include "cycles.hpp"
#include "engine_api.hpp"
#include "settings.hpp"

#include <string>

namespace dtop::battery::test {

inline std::string cell_path(const std::string& cell) { return std::string(SOURCE_DIR) + "/data/nasa/" + cell + ".csv"; }
inline Cycles cell(const std::string& name) { return read_cycles_csv(cell_path(name)); }

// The message f() throws, or "(no error)".
template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

// battery_engine_tests only: the engine is linked in.
inline const EngineApi& engine() { return *dtop_battery_engine(); }

// For the properties that do not depend on accuracy.
inline TwinSettings quick() {
    TwinSettings s;
    s.epochs = 20;
    s.ensemble = 3;
    return s;
}

}  // namespace dtop::battery::test
