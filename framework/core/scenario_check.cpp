#include "scenario_check.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <unordered_map>
#include <set>

namespace fs = std::filesystem;

namespace dtop {

namespace {

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t");
    const auto b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::string unit_label(const std::string& u) { return u.empty() ? "dimensionless" : "'" + u + "'"; }

// A real number, optionally followed by a unit ("2.5", "25 mm", "1e3Hz"), in unit `target`.
// Infinity is only ever the YAML word for it (.inf, -.inf: "no bound"); a number that is too large
// for a double, NaN, or a value whose unit conversion overflows is refused.
std::optional<double> parse_real(const std::string& text, const std::string& target, std::string& why) {
    const std::string s = trim(text);
    if (s == ".inf" || s == "+.inf" || s == ".Inf" || s == ".INF") return HUGE_VAL;
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -HUGE_VAL;
    double x = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec == std::errc::result_out_of_range) {
        why = "'" + text + "' is too large or too small to be represented (a double's range is about 1e-308 to 1e308)";
        return std::nullopt;
    }
    if (ec != std::errc() || end == s.data() || !std::isfinite(x)) {
        why = "expected a finite real number" + (target.empty() ? std::string() : " in " + unit_label(target)) +
              ", got '" + text + "'";
        return std::nullopt;
    }
    const std::string unit = trim(std::string(end, s.data() + s.size()));
    if (unit.empty() || unit == target || target == "*") return x;
    try {
        const auto c = units::conversion(unit, target);
        if (!c) {
            why = "'" + text + "' is in " + unit_label(unit) + ", which does not convert to " + unit_label(target);
            return std::nullopt;
        }
        const double converted = c->scale * x + c->offset;
        if (!std::isfinite(converted)) {
            why = "'" + text + "' overflows when converted to " + unit_label(target);
            return std::nullopt;
        }
        return converted;
    } catch (const std::exception& e) {
        why = "'" + text + "': " + e.what();
        return std::nullopt;
    }
}

// Infinity means "no bound" only to a parameter that says so by its default (statistics' `from:
// -.inf`); anywhere else (a duration, a frequency) it is refused like any non-finite number.
bool refuse_unwanted_infinity(const ParamDesc& p, double x, std::string& why) {
    if (!std::isinf(x)) return true;
    std::string ignored;
    const auto def = p.default_value ? parse_real(*p.default_value, "*", ignored) : std::nullopt;
    if (def && std::isinf(*def)) return true;
    why = "expected a finite real number, got infinity (only a parameter whose default is infinite takes .inf)";
    return false;
}

bool in_range(const ParamDesc& p, double x, std::string& why) {
    const bool lo_x = (p.flags & DTOP_PARAM_MIN_EXCLUSIVE) != 0, hi_x = (p.flags & DTOP_PARAM_MAX_EXCLUSIVE) != 0;
    const bool ok = (std::isnan(p.min) || (lo_x ? x > p.min : x >= p.min)) &&
                    (std::isnan(p.max) || (hi_x ? x < p.max : x <= p.max));
    if (!ok) {
        std::ostringstream s;
        s << x;
        why = "value " + s.str() + (p.unit.empty() ? "" : " " + p.unit) + " is out of range: expected " + p.range_text();
    }
    return ok;
}

std::string scalar_text(const YAML::Node& v) {
    if (v.IsScalar()) return v.Scalar();
    if (v.IsSequence()) return "a list";
    if (v.IsMap()) return "a map";
    return "nothing";
}

std::string expand_data(const std::string& path) {
    const std::string key = "${DTOP_DATA}";
    const auto at = path.find(key);
    if (at == std::string::npos) return path;
    fs::path root = data_root();
    return path.substr(0, at) + (root.empty() ? std::string(".") : (root / "data").string()) + path.substr(at + key.size());
}

}  // namespace

std::optional<Value> param_value(const ParamDesc& p, const YAML::Node& v, const fs::path& scenario_dir,
                                 std::string& why) {
    const std::string text = scalar_text(v);
    switch (p.kind) {
    case DTOP_KIND_REAL: {
        if (!v.IsScalar()) {
            why = "expected a real number, got " + text;
            return std::nullopt;
        }
        auto x = parse_real(v.Scalar(), p.unit, why);
        if (!x || !refuse_unwanted_infinity(p, *x, why) || !in_range(p, *x, why)) return std::nullopt;
        return Value::real(*x, p.unit);
    }
    case DTOP_KIND_INT: {
        int64_t x = 0;
        const std::string s = v.IsScalar() ? trim(v.Scalar()) : std::string();
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
        if (!v.IsScalar() || ec != std::errc() || end != s.data() + s.size()) {
            why = "expected an integer, got '" + text + "'";
            return std::nullopt;
        }
        if (!in_range(p, static_cast<double>(x), why)) return std::nullopt;
        return Value::integer(x);
    }
    case DTOP_KIND_BOOL: {
        if (v.IsScalar()) {
            const std::string s = v.Scalar();
            if (s == "true" || s == "True" || s == "yes" || s == "on") return Value::boolean(true);
            if (s == "false" || s == "False" || s == "no" || s == "off") return Value::boolean(false);
        }
        why = "expected true or false, got '" + text + "'";
        return std::nullopt;
    }
    case DTOP_KIND_STRING: {
        if (!v.IsScalar()) {
            why = "expected text, got " + text;
            return std::nullopt;
        }
        if (v.Scalar().find('\0') != std::string::npos) {
            why = "the text holds a NUL character (\\0), which no plugin can receive";
            return std::nullopt;
        }
        if (!p.choices.empty() && std::find(p.choices.begin(), p.choices.end(), v.Scalar()) == p.choices.end()) {
            std::string list;
            for (const auto& c : p.choices) list += (list.empty() ? "" : ", ") + c;
            why = "'" + v.Scalar() + "' is not one of: " + list + did_you_mean(v.Scalar(), p.choices);
            return std::nullopt;
        }
        return Value::string(v.Scalar());
    }
    case DTOP_KIND_PATH: {
        if (!v.IsScalar() || v.Scalar().empty()) {
            why = "expected a file path, got " + text;
            return std::nullopt;
        }
        if (v.Scalar().find('\0') != std::string::npos) {
            why = "the path holds a NUL character (\\0)";
            return std::nullopt;
        }
        fs::path path = expand_data(v.Scalar());
        if (path.is_relative()) path = scenario_dir / path;
        path = path.lexically_normal();
        std::error_code ec;
        if ((p.flags & DTOP_PARAM_MUST_EXIST) && !fs::exists(path, ec)) {
            why = "file not found: " + path.string();
            return std::nullopt;
        }
        return Value::string(path.string(), DTOP_KIND_PATH);
    }
    case DTOP_KIND_REAL_ARRAY: {
        if (!v.IsSequence()) {
            why = "expected a list of numbers such as [1, 2.5], got " + (v.IsScalar() ? "'" + text + "'" : text);
            return std::nullopt;
        }
        std::vector<double> xs;
        for (std::size_t i = 0; i < v.size(); ++i) {
            std::string item_why;
            auto x = v[i].IsScalar() ? parse_real(v[i].Scalar(), p.unit, item_why) : std::nullopt;
            if (!x) {
                why = "element " + std::to_string(i + 1) + ": " + (item_why.empty() ? "expected a number" : item_why);
                return std::nullopt;
            }
            if (!refuse_unwanted_infinity(p, *x, item_why) || !in_range(p, *x, item_why)) {
                why = "element " + std::to_string(i + 1) + ": " + item_why;
                return std::nullopt;
            }
            xs.push_back(*x);
        }
        return Value::array(std::move(xs), p.unit);
    }
    default: why = std::string("parameters of type ") + kind_name(p.kind) + " are not supported"; return std::nullopt;
    }
}

namespace {

struct Checker {
    Plan& plan;
    Registry& reg;
    Diagnostics& d;
    std::unordered_map<std::string, std::size_t> index;  // node name -> index in plan.nodes
    std::unordered_map<std::string, std::vector<const std::string*>> read_ports;

    // "Did you mean" compares with every node name: offered for the first few unknown references
    // only, so a scenario of 100,000 wrong references is not 10^10 comparisons.
    static constexpr std::size_t kMaxNodeSuggestions = 20;
    std::size_t node_suggestions = 0;
    std::vector<std::string> sorted_names;  // built at the first suggestion

    std::string suggest_node(const std::string& name) {
        if (node_suggestions++ >= kMaxNodeSuggestions) return "";
        if (sorted_names.empty()) {
            for (const auto& [n, _] : index) sorted_names.push_back(n);
            std::sort(sorted_names.begin(), sorted_names.end());  // the suggestion must not depend on hash order
        }
        return did_you_mean(name, sorted_names);
    }

    std::string node_label(std::size_t i) const {
        return "node '" + plan.nodes[i].spec->name + "' (" + plan.nodes[i].desc.name + ")";
    }

    void resolve_params(PlannedNode& pn) {
        const NodeSpec& ns = *pn.spec;
        const auto& desc = pn.desc;
        pn.params.resize(desc.params.size());
        std::vector<bool> set(desc.params.size(), false);
        std::vector<std::string> names;
        for (const auto& p : desc.params) names.push_back(p.name);
        for (const auto& s : ns.params) {
            const int i = desc.param_index(s.name);
            if (i < 0) {
                d.error(s.name_at, "node '" + ns.name + "': plugin '" + desc.name + "' has no parameter '" + s.name +
                                       "'" + did_you_mean(s.name, names));
                pn.params_ok = false;
                continue;
            }
            const auto& p = desc.params[static_cast<std::size_t>(i)];
            std::string why;
            auto v = param_value(p, s.value, plan.scenario.dir(), why);
            set[static_cast<std::size_t>(i)] = true;
            if (!v) {
                d.error(s.value_at, "node '" + ns.name + "', parameter '" + s.name + "': " + why);
                pn.params_ok = false;
                continue;
            }
            pn.params[static_cast<std::size_t>(i)] = {*v, s.value_at, false};
        }
        for (std::size_t i = 0; i < desc.params.size(); ++i) {
            if (set[i]) continue;
            const auto& p = desc.params[i];
            if (p.required() || !p.default_value) {
                pn.params_ok = false;
                d.error(ns.at, "node '" + ns.name + "': required parameter '" + p.name + "' is not set (" +
                                   kind_name(p.kind) + (p.unit.empty() ? "" : ", " + p.unit) +
                                   (p.doc.empty() ? "" : ": " + p.doc) + ")");
                continue;
            }
            std::string why;
            YAML::Node def;
            try {
                def = YAML::Load(*p.default_value);
            } catch (const YAML::Exception&) {
            }
            auto v = param_value(p, def, plan.scenario.dir(), why);
            if (!v) {
                pn.params_ok = false;
                d.error(ns.at, "node '" + ns.name + "': plugin '" + desc.name + "' has an invalid default for '" +
                                   p.name + "' (" + why + "); set it explicitly");
                continue;
            }
            pn.params[i] = {*v, ns.at, true};
        }
    }

    // A wire's ports, or false after reporting why not.
    bool resolve_wire(std::size_t to, const InputWiring& w, Edge& e) {
        const auto& consumer = plan.nodes[to];
        const int in = consumer.desc.port_index(w.port);
        std::vector<std::string> inputs;
        for (const auto& p : consumer.desc.ports)
            if (p.is_input()) inputs.push_back(p.name);
        bool ok = true;
        if (in < 0 || !consumer.desc.ports[static_cast<std::size_t>(in)].is_input()) {
            d.error(w.port_at, node_label(to) + " has no input port '" + w.port + "'" + did_you_mean(w.port, inputs) +
                                   (in >= 0 ? " ('" + w.port + "' is an output)" : ""));
            ok = false;
        }
        auto src = index.find(w.source.node);
        if (src == index.end()) {
            d.error(w.source.at, "input '" + w.port + "' of node '" + consumer.spec->name + "': no node named '" +
                                     w.source.node + "'" + suggest_node(w.source.node));
            return false;
        }
        const auto& producer = plan.nodes[src->second];
        const int out = producer.desc.port_index(w.source.port);
        std::vector<std::string> outputs;
        for (const auto& p : producer.desc.ports)
            if (!p.is_input()) outputs.push_back(p.name);
        if (out < 0 || producer.desc.ports[static_cast<std::size_t>(out)].is_input()) {
            d.error(w.source.at, node_label(src->second) + " has no output port '" + w.source.port + "'" +
                                     did_you_mean(w.source.port, outputs) +
                                     (out >= 0 ? " ('" + w.source.port + "' is an input)" : ""));
            return false;
        }
        if (!ok) return false;
        e.from_node = src->second;
        e.from_port = static_cast<std::size_t>(out);
        e.to_node = to;
        e.to_port = static_cast<std::size_t>(in);
        e.at = w.source.at;
        e.channels = w.channels;
        e.channels_at = w.channels_at;
        const auto& sp = producer.desc.ports[static_cast<std::size_t>(out)];
        if (!e.channels.empty() && !sp.is_stepped() && sp.kind != DTOP_KIND_SERIES && sp.kind != DTOP_KIND_TABLE) {
            d.error(w.channels_at, "input '" + w.port + "' of node '" + consumer.spec->name + "': 'channels' chooses channels of a series, "
                                   "table or stepped output, and '" + w.source.node + "." + w.source.port + "' is a " + kind_name(sp.kind));
            return false;
        }
        return true;
    }

    void check_kinds_and_units(Edge& e) {
        const auto& sp = plan.nodes[e.from_node].desc.ports[e.from_port];
        const auto& dp = plan.nodes[e.to_node].desc.ports[e.to_port];
        const std::string what = "'" + plan.nodes[e.from_node].spec->name + "." + sp.name + "' (" +
                                 (sp.is_stepped() ? "stepped " : "") + kind_name(sp.kind) + ") into input '" +
                                 dp.name + "' of node '" + plan.nodes[e.to_node].spec->name + "' (" +
                                 (dp.is_stepped() ? "stepped " : "") + kind_name(dp.kind) + ")";
        e.to_unit = dp.unit;
        if (sp.is_stepped() && dp.is_stepped()) {
            // real and real-array stepped ports interconnect: widths are checked when the run starts
        } else if (sp.is_stepped() && !dp.is_stepped()) {
            if (dp.kind != DTOP_KIND_SERIES) {
                d.error(e.at, "port kind mismatch: " + what + "; a stepped output can feed a stepped input, or "
                                                             "a batch input of type series (the host records it)");
                return;
            }
            e.collect = true;
        } else if (!sp.is_stepped() && dp.is_stepped()) {
            d.error(e.at, "port kind mismatch: " + what + "; a value computed once cannot feed an input read every step");
            return;
        } else if (sp.kind != dp.kind) {
            d.error(e.at, "port kind mismatch: " + what);
            return;
        }
        if (sp.unit == "*" || dp.unit == "*") return;  // checked against actual units when the run starts
        try {
            if (!units::conversion(sp.unit, dp.unit))
                d.error(e.at, "unit mismatch: " + what + ": " + units::explain_mismatch(sp.unit, dp.unit));
        } catch (const std::exception& ex) {
            d.error(e.at, "unit of " + what + ": " + ex.what());
        }
    }

    void decide_mode(PlannedNode& pn, std::size_t i) {
        const auto& desc = pn.desc;
        const auto& ns = *pn.spec;
        if (ns.mode == "stepped" && !desc.can_step()) {
            d.error(ns.mode_at, "node '" + ns.name + "': plugin '" + desc.name + "' cannot run stepped (it is batch only)");
        } else if (ns.mode == "batch" && !desc.can_run()) {
            d.error(ns.mode_at, "node '" + ns.name + "': plugin '" + desc.name + "' cannot run as batch (it is stepped only)");
        }
        if (!ns.mode.empty()) {
            pn.stepped = ns.mode == "stepped";
            return;
        }
        if (!desc.can_run()) {
            pn.stepped = true;
            return;
        }
        if (!desc.can_step()) return;
        // Both: stepped if asked to record its stepped outputs, or if any of its stepped ports is wired.
        if (ns.record) pn.stepped = true;
        auto stepped_port = [](const PluginDesc& pd, const std::string& port) {
            const auto* p = pd.port(port);
            return p && p->is_stepped();
        };
        for (const auto& w : ns.inputs)
            if (stepped_port(desc, w.port)) pn.stepped = true;
        const auto read = read_ports.find(ns.name);
        if (read != read_ports.end())
            for (const std::string* port : read->second)
                if (stepped_port(desc, *port)) pn.stepped = true;
        (void)i;
    }

    // node name -> the ports of it that other nodes' inputs name, so deciding a node's mode does not
    // look through every wire of the scenario.
    void index_read_ports() {
        for (const auto& other : plan.scenario.nodes)
            for (const auto& w : other.inputs) read_ports[w.source.node].push_back(&w.source.port);
    }

    void order() {
        const std::size_t n = plan.nodes.size(), cosim = n;
        std::vector<std::vector<std::size_t>> deps(n + 1);  // vertex -> vertices it needs first
        for (const auto& e : plan.edges) {
            const std::size_t u = plan.nodes[e.from_node].stepped ? cosim : e.from_node;
            const std::size_t v = plan.nodes[e.to_node].stepped ? cosim : e.to_node;
            if (u == cosim && v == cosim) continue;
            deps[v].push_back(u);
        }
        // Depth-first topological order; a grey vertex met again closes a cycle. The walks keep their
        // own stack, so a chain of 100,000 nodes does not overflow the thread's.
        std::vector<int> colour(n + 1, 0);
        std::vector<std::size_t> topo, stack;
        std::size_t cycles_reported = 0;  // every cycle closes on its own back edge; report each
        auto report_cycle = [&](std::size_t u) {
            std::string path;
            auto name = [&](std::size_t x) { return x == cosim ? std::string("(stepped nodes)") : plan.nodes[x].spec->name; };
            auto it = std::find(stack.begin(), stack.end(), u);
            for (; it != stack.end(); ++it) path += name(*it) + " <- ";
            path += name(u);
            std::size_t first_stepped = 0;
            while (first_stepped + 1 < n && !plan.nodes[first_stepped].stepped) ++first_stepped;
            const Location where = plan.nodes[u == cosim ? first_stepped : u].spec->at;
            d.error(where, "cycle among batch nodes: " + path + " (each needs the other's output first)");
        };
        std::vector<std::size_t> next(n + 1, 0);  // the next of deps[v] to look at
        auto visit = [&](std::size_t root) {
            colour[root] = 1;
            stack.push_back(root);
            while (!stack.empty()) {
                const std::size_t v = stack.back();
                if (next[v] < deps[v].size()) {
                    const std::size_t u = deps[v][next[v]++];
                    if (colour[u] == 1 && cycles_reported++ < 20) {
                        report_cycle(u);
                    } else if (colour[u] == 0) {
                        colour[u] = 1;
                        stack.push_back(u);
                    }
                    continue;
                }
                stack.pop_back();
                colour[v] = 2;
                topo.push_back(v);
            }
        };
        for (std::size_t v = 0; v <= n; ++v)
            if (colour[v] == 0 && (v < n ? !plan.nodes[v].stepped : true)) visit(v);
        // Ancestors of the co-simulation run before it; the rest after it.
        std::vector<bool> before(n + 1, false);
        if (std::any_of(plan.nodes.begin(), plan.nodes.end(), [](const PlannedNode& p) { return p.stepped; })) {
            std::vector<std::size_t> todo{cosim};
            while (!todo.empty()) {
                const std::size_t v = todo.back();
                todo.pop_back();
                for (std::size_t u : deps[v])
                    if (!before[u]) before[u] = true, todo.push_back(u);
            }
        }
        for (std::size_t v : topo) {
            if (v == cosim || plan.nodes[v].stepped) continue;
            (before[v] ? plan.batch_before : plan.batch_after).push_back(v);
        }
        // Step order: sources first; an edge that closes a loop reads the previous step's value.
        std::vector<std::vector<std::size_t>> into(n);  // node -> its stepped incoming edges, in plan order
        for (std::size_t k = 0; k < plan.edges.size(); ++k) {
            const Edge& e = plan.edges[k];
            if (plan.nodes[e.from_node].stepped && !e.collect) into[e.to_node].push_back(k);
        }
        std::vector<int> state(n, 0);
        std::vector<std::size_t> step_next(n, 0), step_stack;
        for (std::size_t root = 0; root < n; ++root) {
            if (!plan.nodes[root].stepped || state[root] != 0) continue;
            state[root] = 1;
            step_stack.push_back(root);
            while (!step_stack.empty()) {
                const std::size_t v = step_stack.back();
                if (step_next[v] < into[v].size()) {
                    Edge& e = plan.edges[into[v][step_next[v]++]];
                    if (state[e.from_node] == 1) e.feedback = true;
                    else if (state[e.from_node] == 0) state[e.from_node] = 1, step_stack.push_back(e.from_node);
                    continue;
                }
                step_stack.pop_back();
                state[v] = 2;
                plan.step_order.push_back(v);
            }
        }
    }
};

}  // namespace

Plan check_scenario(Scenario scenario, Registry& registry, Diagnostics& d) {
    Plan plan;
    plan.scenario = std::move(scenario);
    Checker c{plan, registry, d, {}, {}, 0, {}};
    // 1. plugins
    for (const auto& ns : plan.scenario.nodes) {
        if (ns.plugin.empty()) continue;
        const PluginEntry* entry = registry.find(ns.plugin);
        if (!entry) {
            d.error(ns.plugin_at, "node '" + ns.name + "': unknown plugin '" + ns.plugin + "'" +
                                      did_you_mean(ns.plugin, registry.names()) + "; " + registry.found_summary());
            continue;
        }
        PlannedNode pn;
        pn.spec = &ns;
        pn.desc = entry->desc;
        c.index[ns.name] = plan.nodes.size();
        plan.nodes.push_back(std::move(pn));
    }
    // 2. parameters and modes
    c.index_read_ports();
    for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
        c.resolve_params(plan.nodes[i]);
        c.decide_mode(plan.nodes[i], i);
    }
    // 3. wires
    std::set<std::string> unknown_nodes;
    for (const auto& ns : plan.scenario.nodes)
        if (!c.index.count(ns.name)) unknown_nodes.insert(ns.name);
    for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
        const auto& ns = *plan.nodes[i].spec;
        std::set<std::string> wired;
        for (const auto& w : ns.inputs) {
            wired.insert(w.port);
            if (unknown_nodes.count(w.source.node)) continue;  // already reported as an unknown plugin
            Edge e;
            if (!c.resolve_wire(i, w, e)) continue;
            c.check_kinds_and_units(e);
            const auto& from = plan.nodes[e.from_node];
            const auto& to = plan.nodes[i];
            const auto& sp = from.desc.ports[e.from_port];
            const auto& dp = to.desc.ports[e.to_port];
            if (sp.is_stepped() && !from.stepped)
                d.error(e.at, "node '" + from.spec->name + "' runs as batch, so its stepped output '" + sp.name +
                                  "' has no values (set mode: stepped on it, or add a clock)");
            if (dp.is_stepped() && !to.stepped)
                d.error(e.at, "node '" + to.spec->name + "' runs as batch, so its stepped input '" + dp.name +
                                  "' is never read (set mode: stepped on it)");
            if (e.collect && to.stepped)
                d.error(e.at, "node '" + to.spec->name + "' is stepped: its batch input '" + dp.name +
                                  "' is read before the co-simulation, so it cannot take the stepped output '" +
                                  from.spec->name + "." + sp.name + "'");
            if (!sp.is_stepped() && from.stepped && to.stepped)
                d.error(e.at, "'" + from.spec->name + "." + sp.name + "' is produced after the co-simulation "
                                  "ends, but stepped node '" + to.spec->name + "' needs it before it starts");
            plan.edges.push_back(e);
        }
        for (const auto& p : plan.nodes[i].desc.ports)
            if (p.is_input() && !p.is_optional() && !wired.count(p.name))
                d.error(ns.at, c.node_label(i) + ": required input '" + p.name + "' is not connected (" +
                                   (p.is_stepped() ? "stepped " : "") + kind_name(p.kind) +
                                   (p.unit.empty() || p.unit == "*" ? "" : ", " + p.unit) +
                                   (p.doc.empty() ? "" : ": " + p.doc) + ")");
    }
    // 4. clock
    const bool any_stepped = std::any_of(plan.nodes.begin(), plan.nodes.end(), [](const PlannedNode& p) { return p.stepped; });
    if (any_stepped && !plan.scenario.clock.present) {
        for (const auto& pn : plan.nodes)
            if (pn.stepped) {
                d.error(pn.spec->at, "node '" + pn.spec->name + "' is stepped, but the scenario has no "
                                                              "'clock: {start, stop, step}'");
                break;
            }
    }
    // 5. order
    if (!plan.nodes.empty()) c.order();
    return plan;
}

}  // namespace dtop
