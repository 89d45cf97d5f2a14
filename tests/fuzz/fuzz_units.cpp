// The unit parser: parse, describe and convert arbitrary unit text. Errors are std::invalid_argument.
#include "units.hpp"

#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // "from|to": the part before the first '|' is converted to the part after it.
    const auto bar = text.find('|');
    const std::string_view from = text.substr(0, bar);
    const std::string_view to = bar == std::string_view::npos ? std::string_view("1") : text.substr(bar + 1);
    try {
        const auto u = dtop::units::parse(from);
        (void)dtop::units::describe_dimension(u);
        (void)u.dimensionless();
    } catch (const std::invalid_argument&) {
    }
    try {
        (void)dtop::units::conversion(from, to);
    } catch (const std::invalid_argument&) {
    }
    try {
        (void)dtop::units::explain_mismatch(from, to);
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
