// Manifest reading: a plugin's build-time manifest (<plugin>.dtop.json) through plugin_desc_from_json
// and the unit check that loading applies. Errors are nlohmann::json exceptions (bad JSON, wrong types).
#include "plugin_desc.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
    if (j.is_discarded()) return 0;
    try {
        const dtop::PluginDesc d = dtop::plugin_desc_from_json(j);
        (void)dtop::description_problems(d);
        (void)dtop::to_json(d).dump();
    } catch (const nlohmann::json::exception&) {
    }
    return 0;
}
