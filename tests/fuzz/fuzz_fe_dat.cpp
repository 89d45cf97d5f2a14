// The FE .dat readers: the eigenvalue tables of both layouts and the mode shapes of set FLOORS.
// Errors are DatError.
#include "dat_text.hpp"
#include "eigen_table.hpp"
#include "mode_shapes.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view dat(reinterpret_cast<const char*>(data), size);
    using namespace dtop::fe;
    for (auto parse : {parse_calculix_eigenvalues, parse_abaqus_eigenvalues, parse_eigenvalues}) {
        try {
            (void)parse(dat);
        } catch (const DatError&) {
        }
    }
    for (auto layout : {DatLayout::calculix, DatLayout::abaqus}) {
        try {
            (void)parse_mode_shapes(dat, layout, "FLOORS");
        } catch (const DatError&) {
        }
    }
    return 0;
}
