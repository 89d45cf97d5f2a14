#include "scenario.hpp"

#include "safe_text.hpp"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace dtop {

namespace {

Location at(const std::string& file, const YAML::Mark& m) {
    if (m.line < 0) return {file, 0, 0};
    return {file, m.line + 1, m.column + 1};
}

Location at(const std::string& file, const YAML::Node& n, const Location& fallback) {
    const auto m = n.Mark();
    return m.line < 0 ? fallback : at(file, m);
}

const std::vector<std::string> kTopKeys = {"name", "description", "clock", "nodes"};
const std::vector<std::string> kNodeKeys = {"plugin", "params", "inputs", "mode", "record", "description"};
const std::vector<std::string> kClockKeys = {"start", "stop", "step"};

// Iterates a map, reporting duplicate and unknown keys; calls f(key, key_loc, value) for the others.
template <class F>
void each_key(const YAML::Node& map, const std::string& file, const std::vector<std::string>* allowed,
              const std::string& what, Diagnostics& d, F&& f) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const Location key_at = at(file, it->first.Mark());
        if (!it->first.IsScalar()) {
            d.error(key_at, "expected a name as key in " + what);
            continue;
        }
        const std::string key = it->first.Scalar();
        if (!seen.insert(key).second) {
            d.error(key_at, "duplicate key '" + key + "' in " + what);
            continue;
        }
        if (allowed && std::find(allowed->begin(), allowed->end(), key) == allowed->end()) {
            std::string known;
            for (const auto& k : *allowed) known += (known.empty() ? "" : ", ") + k;
            d.error(key_at, "unknown key '" + key + "' in " + what + did_you_mean(key, *allowed) +
                                "; expected one of: " + known);
            continue;
        }
        f(key, key_at, it->second);
    }
}

// 1-based line and column (in bytes) of a byte offset in the text.
Location location_of_offset(const std::string& file, const std::string& text, std::size_t offset) {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') ++line, col = 1;
        else ++col;
    }
    return {file, line, col};
}

std::string describe_byte(char c) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(c));
    return hex;
}

bool read_number(const YAML::Node& n, double& out) {
    if (!n.IsScalar()) return false;
    const std::string& s = n.Scalar();
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0' && std::isfinite(out);
}

void parse_clock(Scenario& s, const YAML::Node& n, const Location& key_at, Diagnostics& d) {
    const std::string file = s.file.string();
    s.clock.at = at(file, n, key_at);
    if (!n.IsMap()) {
        d.error(s.clock.at, "clock: expected a map {start: <s>, stop: <s>, step: <s>}");
        return;
    }
    s.clock.present = true;
    bool has_stop = false, has_step = false, valid = true;
    each_key(n, file, &kClockKeys, "clock", d, [&](const std::string& k, const Location& kat, const YAML::Node& v) {
        if (k == "stop") has_stop = true;
        if (k == "step") has_step = true;
        double x = 0;
        if (!read_number(v, x)) {
            d.error(at(file, v, kat), "clock." + k + ": expected a finite number of seconds, got '" +
                                          (v.IsScalar() ? v.Scalar() : std::string("a non-scalar")) + "'");
            valid = false;
            return;
        }
        if (k == "start") s.clock.start = x;
        if (k == "stop") s.clock.stop = x;
        if (k == "step") s.clock.step = x;
    });
    if (!has_stop) d.error(s.clock.at, "clock: 'stop' is missing (end time in seconds)");
    if (!has_step) d.error(s.clock.at, "clock: 'step' is missing (communication step in seconds)");
    if (!valid) return;  // the bad value is reported; the checks below would only repeat it
    if (has_step && s.clock.step <= 0) d.error(s.clock.at, "clock.step: must be > 0");
    if (has_stop && s.clock.stop <= s.clock.start)
        d.error(s.clock.at, "clock.stop: must be after clock.start");
    if (has_stop && has_step && s.clock.step > 0 && s.clock.stop > s.clock.start) {
        const double n = (s.clock.stop - s.clock.start) / s.clock.step;
        if (!(n <= static_cast<double>(kMaxClockSteps))) {
            std::ostringstream text;
            text << "clock: (stop - start) / step = " << n << " communication steps; at most " << kMaxClockSteps
                 << " are allowed (make the step longer or the run shorter)";
            d.error(s.clock.at, text.str());
            return;
        }
        if (std::abs(n - std::round(n)) > 1e-9 * std::max(1.0, n))
            d.error(s.clock.at, "clock: (stop - start) / step = " + std::to_string(n) +
                                    " is not a whole number of steps; the last step would overrun stop");
    }
}

// `{from: node.port, channels: [a, b]}`: the keys, and the channel names (at least one, no repeats).
bool parse_channel_selection(const YAML::Node& v, const std::string& file, InputWiring& w, Diagnostics& d, const std::string& what) {
    bool ok = true;
    for (const auto& kv : v) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (key != "from" && key != "channels") {
            d.error(at(file, kv.first, w.source.at), what + ": unknown key '" + key + "' (expected 'from' and 'channels')");
            ok = false;
        }
    }
    const YAML::Node channels = v["channels"];
    if (!channels) return ok;
    w.channels_at = at(file, channels, w.source.at);
    if (!channels.IsSequence() || channels.size() == 0) {
        d.error(w.channels_at, what + ": 'channels' must be a list of channel names, e.g. [v1, v3]");
        return false;
    }
    for (const auto& c : channels) {
        if (!c.IsScalar() || c.Scalar().empty()) {
            d.error(at(file, c, w.channels_at), what + ": a channel is named by a word, e.g. v1");
            return false;
        }
        if (std::find(w.channels.begin(), w.channels.end(), c.Scalar()) != w.channels.end()) {
            d.error(at(file, c, w.channels_at), what + ": channel '" + c.Scalar() + "' is chosen twice");
            return false;
        }
        w.channels.push_back(c.Scalar());
    }
    return ok;
}

bool parse_ref(const std::string& text, SourceRef& ref) {
    const auto dot = text.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) return false;
    ref.node = text.substr(0, dot);
    ref.port = text.substr(dot + 1);
    return true;
}

void parse_node(Scenario& s, const std::string& name, const Location& name_at, const YAML::Node& n,
                Diagnostics& d) {
    const std::string file = s.file.string();
    NodeSpec node;
    node.name = name;
    node.at = name_at;
    // Node names appear in references (node.port), --set (node.param=) and file names.
    const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    if (!valid_name)
        d.error(name_at, "node name '" + name + "': use letters, digits, '_' and '-' only (it is used in "
                                               "references such as " + name + ".port and in file names)");
    if (!n.IsMap()) {
        d.error(at(file, n, name_at), "node '" + name + "': expected a map with 'plugin' and optional 'params', 'inputs'");
        return;
    }
    bool has_plugin = false;
    each_key(n, file, &kNodeKeys, "node '" + name + "'", d,
             [&](const std::string& k, const Location& kat, const YAML::Node& v) {
                 const Location vat = at(file, v, kat);
                 if (k == "plugin") {
                     if (!v.IsScalar() || v.Scalar().empty()) {
                         d.error(vat, "node '" + name + "': 'plugin' must be a plugin name");
                         return;
                     }
                     node.plugin = v.Scalar();
                     node.plugin_at = vat;
                     has_plugin = true;
                 } else if (k == "params") {
                     node.params_at = kat;
                     if (v.IsNull()) return;
                     if (!v.IsMap()) {
                         d.error(vat, "node '" + name + "': 'params' must be a map of name: value");
                         return;
                     }
                     each_key(v, file, nullptr, "params of node '" + name + "'", d,
                              [&](const std::string& p, const Location& pat, const YAML::Node& pv) {
                                  node.params.push_back({p, pv, pat, at(file, pv, pat)});
                              });
                 } else if (k == "inputs") {
                     if (v.IsNull()) return;
                     if (!v.IsMap()) {
                         d.error(vat, "node '" + name + "': 'inputs' must be a map of port: node.port");
                         return;
                     }
                     each_key(v, file, nullptr, "inputs of node '" + name + "'", d,
                              [&](const std::string& p, const Location& pat, const YAML::Node& pv) {
                                  InputWiring w;
                                  w.port = p;
                                  w.port_at = pat;
                                  w.source.at = at(file, pv, pat);
                                  const YAML::Node ref = pv.IsMap() ? pv["from"] : pv;
                                  if (pv.IsMap()) {
                                      if (!parse_channel_selection(pv, file, w, d, "input '" + p + "' of node '" + name + "'")) return;
                                      if (ref) w.source.at = at(file, ref, w.source.at);
                                  }
                                  if (!ref || !ref.IsScalar() || !parse_ref(ref.Scalar(), w.source)) {
                                      d.error(w.source.at, "input '" + p + "' of node '" + name +
                                                               "': expected a reference 'node.port', or {from: node.port, channels: [name, ...]}");
                                      return;
                                  }
                                  node.inputs.push_back(w);
                              });
                 } else if (k == "mode") {
                     node.mode_at = vat;
                     if (!v.IsScalar() || (v.Scalar() != "batch" && v.Scalar() != "stepped")) {
                         d.error(vat, "node '" + name + "': 'mode' must be 'batch' or 'stepped'");
                         return;
                     }
                     node.mode = v.Scalar();
                 } else if (k == "record") {
                     try {
                         node.record = v.as<bool>();
                     } catch (const YAML::Exception&) {
                         d.error(vat, "node '" + name + "': 'record' must be true or false");
                     }
                 }
             });
    if (!has_plugin) d.error(name_at, "node '" + name + "': 'plugin' is missing");
    s.nodes.push_back(std::move(node));
}

}  // namespace

long long Clock::steps() const { return std::llround((stop - start) / step); }

const NodeSpec* Scenario::node(const std::string& n) const {
    for (const auto& x : nodes)
        if (x.name == n) return &x;
    return nullptr;
}

Scenario parse_scenario_text(const std::string& text, const std::filesystem::path& file, Diagnostics& d) {
    Scenario s;
    s.file = file;
    s.text = text;
    s.name = file.stem().string();
    const std::string f = file.string();
    if (const auto bad = first_invalid_utf8(text)) {
        d.error(location_of_offset(f, text, *bad), "the scenario is not UTF-8 text: byte " + describe_byte(text[*bad]) +
                                                   " is not valid UTF-8 (save the file as UTF-8)");
        return s;
    }
    YAML::Node root;
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(text);
        if (documents.size() > 1) {
            d.error(at(f, documents[1].Mark()), "a second YAML document ('---') in the scenario file; a scenario is one "
                                                "document (put every node under the first 'nodes')");
            return s;
        }
        if (!documents.empty()) root = documents.front();
    } catch (const YAML::DeepRecursion& e) {
        d.error(at(f, e.mark), "the YAML is nested too deeply (more than " + std::to_string(e.depth() - 1) +
                                   " levels); a scenario needs a few");
        return s;
    } catch (const YAML::ParserException& e) {
        d.error(at(f, e.mark), "YAML syntax: " + e.msg);
        return s;
    }
    if (!root.IsMap()) {
        d.error({f, 1, 1}, "expected a map with 'nodes' (and optionally 'name', 'description', 'clock')");
        return s;
    }
    bool has_nodes = false;
    each_key(root, f, &kTopKeys, "the scenario", d, [&](const std::string& k, const Location& kat, const YAML::Node& v) {
        if (k == "name" || k == "description") {
            if (!v.IsScalar()) {
                d.error(at(f, v, kat), "'" + k + "' must be text");
                return;
            }
            (k == "name" ? s.name : s.description) = v.Scalar();
        } else if (k == "clock") {
            parse_clock(s, v, kat, d);
        } else if (k == "nodes") {
            has_nodes = true;
            if (!v.IsMap() || v.size() == 0) {
                d.error(at(f, v, kat), "'nodes' must be a map of node names to {plugin, params, inputs}");
                return;
            }
            if (v.size() > kMaxNodes) {
                d.error(at(f, v, kat), "'nodes' has " + std::to_string(v.size()) + " nodes; at most " +
                                           std::to_string(kMaxNodes) + " are allowed");
                return;
            }
            s.nodes.reserve(v.size());
            each_key(v, f, nullptr, "nodes", d, [&](const std::string& name, const Location& nat, const YAML::Node& nv) {
                parse_node(s, name, nat, nv, d);
            });
        }
    });
    if (!has_nodes) d.error({f, 1, 1}, "the scenario has no 'nodes'");
    return s;
}

Scenario parse_scenario_file(const std::filesystem::path& file, Diagnostics& d) {
    Scenario s;
    s.file = file;
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        d.error({file.string(), 0, 0}, "is a directory, not a scenario file");
        return s;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        d.error({file.string(), 0, 0}, "cannot open the scenario file (does it exist?)");
        return s;
    }
    // Read at most one byte more than allowed: a file that never ends (/dev/zero) stops here too.
    std::string text(kMaxScenarioBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) {
        d.error({file.string(), 0, 0}, "cannot read the scenario file");
        return s;
    }
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxScenarioBytes) {
        d.error({file.string(), 0, 0}, "the scenario file is larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                                           " MiB (or never ends); a scenario is a short text file");
        return s;
    }
    return parse_scenario_text(text, file, d);
}

void apply_override(Scenario& s, const std::string& arg, int arg_index, Diagnostics& d) {
    const Location where{"--set " + arg + " (argument " + std::to_string(arg_index) + ")", 0, 0};
    const auto eq = arg.find('=');
    const auto dot = arg.find('.');
    if (eq == std::string::npos || dot == std::string::npos || dot > eq || dot == 0 || dot + 1 == eq) {
        d.error(where, "expected node.param=value");
        return;
    }
    const std::string node_name = arg.substr(0, dot), param = arg.substr(dot + 1, eq - dot - 1);
    NodeSpec* node = nullptr;
    std::vector<std::string> names;
    for (auto& n : s.nodes) {
        names.push_back(n.name);
        if (n.name == node_name) node = &n;
    }
    if (!node) {
        d.error(where, "no node named '" + node_name + "' in the scenario" + did_you_mean(node_name, names));
        return;
    }
    if (first_invalid_utf8(arg)) {
        d.error(where, "the value is not UTF-8 text");
        return;
    }
    YAML::Node value;
    try {
        value = YAML::Load(arg.substr(eq + 1));
    } catch (const YAML::ParserException& e) {
        d.error(where, "the value is not valid YAML: " + e.msg);
        return;
    }
    s.overrides.push_back(arg);
    for (auto& p : node->params)
        if (p.name == param) {
            p.value = value;
            p.name_at = p.value_at = where;
            return;
        }
    node->params.push_back({param, value, where, where});
}

}  // namespace dtop
