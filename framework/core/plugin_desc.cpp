#include "plugin_desc.hpp"

#include "units.hpp"
#include "value.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace dtop {

std::string ParamDesc::range_text() const {
    auto num = [](double v) {
        std::ostringstream s;
        s << v;
        return s.str();
    };
    const bool lo = !std::isnan(min), hi = !std::isnan(max);
    const bool lo_x = (flags & DTOP_PARAM_MIN_EXCLUSIVE) != 0, hi_x = (flags & DTOP_PARAM_MAX_EXCLUSIVE) != 0;
    if (lo && hi) return std::string(lo_x ? "(" : "[") + num(min) + ", " + num(max) + (hi_x ? ")" : "]");
    if (lo) return std::string(lo_x ? "> " : ">= ") + num(min);
    if (hi) return std::string(hi_x ? "< " : "<= ") + num(max);
    return "";
}

const ParamDesc* PluginDesc::param(const std::string& n) const {
    const int i = param_index(n);
    return i < 0 ? nullptr : &params[static_cast<std::size_t>(i)];
}
const PortDesc* PluginDesc::port(const std::string& n) const {
    const int i = port_index(n);
    return i < 0 ? nullptr : &ports[static_cast<std::size_t>(i)];
}
int PluginDesc::port_index(const std::string& n) const {
    for (std::size_t i = 0; i < ports.size(); ++i)
        if (ports[i].name == n) return static_cast<int>(i);
    return -1;
}
int PluginDesc::param_index(const std::string& n) const {
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].name == n) return static_cast<int>(i);
    return -1;
}

namespace {
// Why dtop cannot read `unit`, or "".
std::string unit_problem(const std::string& unit, bool any_allowed) {
    if (unit.empty() || (any_allowed && unit == "*")) return "";
    if (unit == "*") return "'*' (any unit) is only for ports";
    try {
        units::parse(unit);
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}
}  // namespace

std::string description_problems(const PluginDesc& d) {
    std::string problems;
    auto add = [&](const std::string& what, const std::string& unit, const std::string& why) {
        problems += (problems.empty() ? "" : "\n") + what + " has the unit '" + unit + "', which dtop cannot read: " + why;
    };
    for (const auto& p : d.params)
        if (auto why = unit_problem(p.unit, false); !why.empty()) add("parameter '" + p.name + "'", p.unit, why);
    for (const auto& p : d.ports)
        if (auto why = unit_problem(p.unit, true); !why.empty()) add("port '" + p.name + "'", p.unit, why);
    return problems;
}

static nlohmann::json bound(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }
static double unbound(const nlohmann::json& j) {
    return j.is_null() ? std::nan("") : j.get<double>();
}

nlohmann::json to_json(const PluginDesc& d) {
    nlohmann::json j;
    j["name"] = d.name;
    j["version"] = d.version;
    j["summary"] = d.summary;
    j["doc"] = d.doc;
    j["api_version"] = std::to_string(d.api_major) + "." + std::to_string(d.api_minor);
    j["batch"] = d.can_run();
    j["stepped"] = d.can_step();
    j["params"] = nlohmann::json::array();
    for (const auto& p : d.params) {
        nlohmann::json pj{{"name", p.name},
                          {"type", kind_name(p.kind)},
                          {"required", p.required()},
                          {"default", p.default_value ? nlohmann::json(*p.default_value) : nlohmann::json(nullptr)},
                          {"unit", p.unit},
                          {"min", bound(p.min)},
                          {"max", bound(p.max)},
                          {"min_exclusive", (p.flags & DTOP_PARAM_MIN_EXCLUSIVE) != 0},
                          {"max_exclusive", (p.flags & DTOP_PARAM_MAX_EXCLUSIVE) != 0},
                          {"must_exist", (p.flags & DTOP_PARAM_MUST_EXIST) != 0},
                          {"choices", p.choices},
                          {"doc", p.doc}};
        j["params"].push_back(pj);
    }
    j["ports"] = nlohmann::json::array();
    for (const auto& p : d.ports) {
        j["ports"].push_back({{"name", p.name},
                              {"direction", p.is_input() ? "input" : "output"},
                              {"type", kind_name(p.kind)},
                              {"stepped", p.is_stepped()},
                              {"optional", p.is_optional()},
                              {"unit", p.unit},
                              {"width", p.width},
                              {"doc", p.doc}});
    }
    return j;
}

static dtop_kind kind_from_name(const std::string& s) {
    for (uint32_t k = DTOP_KIND_REAL; k <= DTOP_KIND_JSON; ++k)
        if (s == kind_name(k)) return static_cast<dtop_kind>(k);
    throw std::runtime_error("unknown type '" + s + "'");
}

PluginDesc plugin_desc_from_json(const nlohmann::json& j) {
    PluginDesc d;
    d.name = j.at("name").get<std::string>();
    d.version = j.at("version").get<std::string>();
    d.summary = j.at("summary").get<std::string>();
    d.doc = j.value("doc", "");
    const auto api = j.at("api_version").get<std::string>();
    const auto dot = api.find('.');
    d.api_major = static_cast<uint16_t>(std::stoi(api.substr(0, dot)));
    d.api_minor = static_cast<uint16_t>(dot == std::string::npos ? 0 : std::stoi(api.substr(dot + 1)));
    d.capabilities = (j.at("batch").get<bool>() ? DTOP_CAN_RUN : 0u) | (j.at("stepped").get<bool>() ? DTOP_CAN_STEP : 0u);
    for (const auto& pj : j.at("params")) {
        ParamDesc p;
        p.name = pj.at("name").get<std::string>();
        p.kind = kind_from_name(pj.at("type").get<std::string>());
        p.flags = (pj.at("required").get<bool>() ? DTOP_PARAM_REQUIRED : 0u) |
                  (pj.value("min_exclusive", false) ? DTOP_PARAM_MIN_EXCLUSIVE : 0u) |
                  (pj.value("max_exclusive", false) ? DTOP_PARAM_MAX_EXCLUSIVE : 0u) |
                  (pj.value("must_exist", false) ? DTOP_PARAM_MUST_EXIST : 0u);
        if (!pj.at("default").is_null()) p.default_value = pj.at("default").get<std::string>();
        p.unit = pj.value("unit", "");
        p.min = unbound(pj.at("min"));
        p.max = unbound(pj.at("max"));
        p.choices = pj.value("choices", std::vector<std::string>{});
        p.doc = pj.value("doc", "");
        d.params.push_back(std::move(p));
    }
    for (const auto& pj : j.at("ports")) {
        PortDesc p;
        p.name = pj.at("name").get<std::string>();
        p.kind = kind_from_name(pj.at("type").get<std::string>());
        p.flags = (pj.at("direction").get<std::string>() == "input" ? DTOP_PORT_INPUT : 0u) |
                  (pj.at("stepped").get<bool>() ? DTOP_PORT_STEPPED : 0u) |
                  (pj.value("optional", false) ? DTOP_PORT_OPTIONAL : 0u);
        p.unit = pj.value("unit", "");
        p.width = pj.value("width", 0u);
        p.doc = pj.value("doc", "");
        d.ports.push_back(std::move(p));
    }
    return d;
}

}  // namespace dtop
