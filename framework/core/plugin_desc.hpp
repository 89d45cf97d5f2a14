// What the host knows about a plugin without running it: its parameters and ports. Read either from
// the loaded library or from the manifest (<plugin>.dtop.json) written beside it at build time, so
// that `dtop plugins`, `describe` and `validate` never load a plugin's heavy dependencies.
#pragma once

#include <dtop/dtop_abi.h>

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dtop {

struct ParamDesc {
    std::string name;
    dtop_kind kind = DTOP_KIND_REAL;
    uint32_t flags = 0;
    std::optional<std::string> default_value;  // YAML text; none when required
    std::string unit;
    double min = 0, max = 0;                   // NaN: unbounded
    std::vector<std::string> choices;
    std::string doc;

    bool required() const { return (flags & DTOP_PARAM_REQUIRED) != 0; }
    // "in [0, 10]", "> 0", "" when unbounded.
    std::string range_text() const;
};

struct PortDesc {
    std::string name;
    dtop_kind kind = DTOP_KIND_REAL;
    uint32_t flags = 0;
    std::string unit;
    uint32_t width = 0;
    std::string doc;

    bool is_input() const { return (flags & DTOP_PORT_INPUT) != 0; }
    bool is_stepped() const { return (flags & DTOP_PORT_STEPPED) != 0; }
    bool is_optional() const { return (flags & DTOP_PORT_OPTIONAL) != 0; }
};

struct PluginDesc {
    std::string name, version, summary, doc;
    uint32_t capabilities = 0;
    uint16_t api_major = 0, api_minor = 0;
    std::vector<ParamDesc> params;
    std::vector<PortDesc> ports;

    bool can_run() const { return (capabilities & DTOP_CAN_RUN) != 0; }
    bool can_step() const { return (capabilities & DTOP_CAN_STEP) != 0; }
    const ParamDesc* param(const std::string& n) const;
    const PortDesc* port(const std::string& n) const;
    int port_index(const std::string& n) const;
    int param_index(const std::string& n) const;
};

// What is wrong in a description that the C++ layer cannot check itself: every unit string must be one
// dtop's unit parser (units.hpp) reads, "*" (any unit) only on a port. "" if nothing, else one line
// per problem naming the parameter or port. Loading a plugin refuses it with this text, so
// `dtop manifest` (run by dtop_add_plugin) fails the plugin's build with it, and `dtop doctor` shows it.
std::string description_problems(const PluginDesc& d);

nlohmann::json to_json(const PluginDesc& d);
PluginDesc plugin_desc_from_json(const nlohmann::json& j);  // throws nlohmann::json::exception

}  // namespace dtop
