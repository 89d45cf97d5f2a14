// The scenario parser and checker: parse_scenario_text, then (when it parsed) check_scenario against
// a fixed registry of the plugins in DTOP_FUZZ_PLUGIN_DIR (run.sh: the main build's plugin folder).
// The registry reads their build-time manifests; the checker loads no plugin for a valid manifest.
// Every problem must become a diagnostic: an exception escaping is a finding.
#include "diagnostics.hpp"
#include "registry.hpp"
#include "scenario.hpp"
#include "scenario_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

static dtop::Registry& fixed_registry() {
    static dtop::Registry registry = [] {
        const char* dir = std::getenv("DTOP_FUZZ_PLUGIN_DIR");
        dtop::Registry r({dir ? dir : "build/lib/dtop/plugins"});
        r.plugins();  // scan once, before the first input
        return r;
    }();
    return registry;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    dtop::Diagnostics diags;
    dtop::Scenario s = dtop::parse_scenario_text(text, "fuzz.yaml", diags);
    if (diags.empty()) (void)dtop::check_scenario(std::move(s), fixed_registry(), diags);
    (void)diags.format();
    return 0;
}
