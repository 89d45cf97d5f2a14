// The battery twin's saved-twin JSON loader (read_twin_file: the JSON without the weights).
// It throws with the reason for a foreign, corrupt or other-version file.
#include "twin.hpp"
#include "fuzz_file.hpp"

#include <cstdint>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto file = fuzz_input_file(data, size, ".json");
    try {
        (void)dtop::battery::read_twin_file(file.string());
    } catch (const std::exception&) {
    }
    return 0;
}
