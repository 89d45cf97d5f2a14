#include "engine.hpp"

#include "hash.hpp"
#include "results.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace dtop {

const char* const kDtopVersion = DTOP_VERSION;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string iso_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

struct NodeRun {
    std::unique_ptr<Instance> inst;
    std::string status = "pending";  // pending, running, ok, failed, skipped
    std::string error;
    double wall = 0;
    std::map<std::size_t, Value> outputs;      // batch outputs by port index
    nlohmann::json files = nlohmann::json::object();  // port -> file name
};

// A stepped output recorded over the co-simulation (for a batch consumer, or `record: true`).
struct Recording {
    std::size_t node, port, offset, width;
    std::vector<std::string> names, units;
    std::vector<double> rows;  // width values per step, step after step
};

// One channel copied from the stepped output buffer into a node's input buffer, with its unit conversion.
struct Copy {
    std::size_t from, to;
    double scale, offset;
};

class Runner {
public:
    Runner(Plan& plan, Registry& reg, Reporter& rep, const RunOptions& opt)
        : plan_(plan), reg_(reg), rep_(rep), opt_(opt), runs_(plan.nodes.size()) {}

    RunOutcome run() {
        RunOutcome out;
        if (!prepare(out.problems)) {
            out.exit_code = 1;
            return out;
        }
        try {
            dir_ = make_results_dir(opt_.out, opt_.overwrite, plan_.scenario.name);
        } catch (const std::exception& e) {
            out.problems.error({"--out", 0, 0}, e.what());
            out.exit_code = 1;
            return out;
        }
        out.results = dir_;
        started_ = iso_now();
        rep_.open_log(dir_ / "run.log");
        for (std::size_t i = 0; i < plan_.nodes.size(); ++i)
            runs_[i].inst->set_output_dir(fs::absolute(dir_ / name(i)).string());
        rep_.run_start(plan_.scenario.file.string(), dir_, plan_.nodes.size());
        write_manifest("running");
        run_batch(plan_.batch_before);
        if (plan_.has_stepped()) cosimulate();
        run_batch(plan_.batch_after);
        bool ok = true;
        for (const auto& r : runs_) ok = ok && r.status == "ok";
        const std::string status = ok ? "ok" : "failed";
        write_manifest(status);
        rep_.run_end(status, dir_);
        out.exit_code = ok ? 0 : 2;
        return out;
    }

    Diagnostics prepare_only() {
        Diagnostics d;
        prepare(d);
        return d;
    }

private:
    const std::string& name(std::size_t i) const { return plan_.nodes[i].spec->name; }
    const PortDesc& port(std::size_t node, std::size_t p) const { return plan_.nodes[node].desc.ports[p]; }

    Location param_location(std::size_t i, const std::string& param) const {
        const int p = plan_.nodes[i].desc.param_index(param);
        if (p >= 0) return plan_.nodes[i].params[static_cast<std::size_t>(p)].at;
        return plan_.nodes[i].spec->at;
    }

    // Phase 1: load, create, set parameters, configure. All problems reported together.
    bool prepare(Diagnostics& d) {
        std::map<std::string, std::shared_ptr<PluginLibrary>> libs;
        for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
            const auto& pn = plan_.nodes[i];
            if (!pn.params_ok) continue;  // its parameters were already reported
            auto& lib = libs[pn.desc.name];
            try {
                if (!lib) lib = reg_.load(pn.desc.name);
            } catch (const std::exception& e) {
                d.error(pn.spec->plugin_at, "node '" + name(i) + "': " + e.what());
                continue;
            }
            try {
                runs_[i].inst = std::make_unique<Instance>(lib, [this, i](int level, const std::string& m) {
                    rep_.log(level, name(i), m);
                });
                for (std::size_t p = 0; p < pn.params.size(); ++p) {
                    try {
                        runs_[i].inst->set_param(p, pn.params[p].value);
                    } catch (const PluginError& e) {
                        d.error(pn.params[p].at, "node '" + name(i) + "', parameter '" + pn.desc.params[p].name + "': " + e.what());
                    }
                }
                // Tell the plugin which inputs are wired, so configure() can take it into account.
                for (const auto& e : plan_.edges)
                    if (e.to_node == i) {
                        Value pending;
                        pending.kind = DTOP_KIND_PENDING;
                        runs_[i].inst->set_input(e.to_port, pending);
                    }
                // The clock a stepped node will run with, so that its configure() can check against it.
                if (const Clock& c = plan_.scenario.clock; pn.stepped && c.present) runs_[i].inst->set_clock(c.start, c.step, c.stop);
                runs_[i].inst->configure();
            } catch (const PluginError& e) {
                const Location where = e.param.empty() ? pn.spec->at : param_location(i, e.param);
                d.error(where, "node '" + name(i) + "'" + (e.param.empty() ? "" : ", parameter '" + e.param + "'") + ": " + e.what());
            }
        }
        return d.empty();
    }

    // The value an edge delivers: the source's value in the consumer's unit.
    Value deliver(const Edge& e, Value v) const {
        const std::string& to = e.to_unit;
        if (to == "*" ) return v;
        auto convert = [&](const std::string& from, const std::string& what) -> std::optional<units::Conversion> {
            if (from == to || from == "*") return std::nullopt;
            auto c = units::conversion(from, to);
            if (!c)
                throw std::runtime_error("unit mismatch at " + e.at.text() + ": " + what + " is in '" + from +
                                         "', input '" + port(e.to_node, e.to_port).name + "' expects '" + to + "'");
            return c->identity() ? std::nullopt : c;
        };
        if (v.is_columns()) {
            const std::size_t first = v.kind == DTOP_KIND_SERIES ? 1 : 0;
            for (std::size_t c = first; c < v.cols; ++c) {
                if (v.units[c].empty()) v.units[c] = port(e.from_node, e.from_port).unit;
                if (auto k = convert(v.units[c], "channel '" + v.names[c] + "'")) {
                    for (std::size_t r = 0; r < v.rows; ++r) v.data[c * v.rows + r] = k->scale * v.data[c * v.rows + r] + k->offset;
                    v.units[c] = to;
                }
            }
        } else if (v.kind == DTOP_KIND_REAL || v.kind == DTOP_KIND_REAL_ARRAY) {
            if (v.unit.empty()) v.unit = port(e.from_node, e.from_port).unit;
            if (auto k = convert(v.unit, "the value")) {
                for (double& x : v.data) x = k->scale * x + k->offset;
                v.unit = to;
            }
        }
        return v;
    }

    void fail(std::size_t i, const std::string& error) {
        std::lock_guard lock(mutex_);
        runs_[i].status = "failed";
        runs_[i].error = error;
    }

    // Fills a node's batch inputs from finished producers; false if a producer did not deliver.
    bool feed_batch_inputs(std::size_t i) {
        for (const auto& e : plan_.edges) {
            if (e.to_node != i || port(i, e.to_port).is_stepped()) continue;
            const Value* v = nullptr;
            {
                std::lock_guard lock(mutex_);
                auto& src = runs_[e.from_node];
                auto it = src.outputs.find(e.from_port);
                if (it != src.outputs.end()) v = &it->second;
            }
            if (!v) {
                std::lock_guard lock(mutex_);
                runs_[i].status = "skipped";
                runs_[i].error = "input '" + port(i, e.to_port).name + "' has no value: node '" + name(e.from_node) + "' " +
                                 (runs_[e.from_node].status == "ok" ? "did not produce '" + port(e.from_node, e.from_port).name + "'"
                                                                    : runs_[e.from_node].status);
                return false;
            }
            runs_[i].inst->set_input(e.to_port, deliver(e, *v));
        }
        return true;
    }

    bool consumed(std::size_t node, std::size_t p) const {
        for (const auto& e : plan_.edges)
            if (e.from_node == node && e.from_port == p) return true;
        return false;
    }

    // Reads every batch output of a node that ran, and writes it to the results.
    void collect_batch_outputs(std::size_t i) {
        const auto& ports = plan_.nodes[i].desc.ports;
        for (std::size_t p = 0; p < ports.size(); ++p) {
            if (ports[p].is_input() || ports[p].is_stepped()) continue;
            Value v;
            try {
                v = runs_[i].inst->get_output(p);
            } catch (const PluginError& e) {
                if (consumed(i, p)) throw std::runtime_error("output '" + ports[p].name + "': " + e.what());
                rep_.log(1, name(i), "output '" + ports[p].name + "' not produced: " + e.what());
                continue;
            }
            if (v.kind != ports[p].kind)
                throw std::runtime_error(std::string("output '") + ports[p].name + "' is declared " +
                                         kind_name(ports[p].kind) + " but the plugin returned a " + kind_name(v.kind));
            if (v.unit.empty() && ports[p].unit != "*") v.unit = ports[p].unit;
            save(i, ports[p].name, v);
            std::lock_guard lock(mutex_);
            runs_[i].outputs[p] = std::move(v);
        }
    }

    void save(std::size_t i, const std::string& port_name, const Value& v) {
        const std::string file = output_file_name(name(i), port_name, v);
        const bool csv = file.size() > 4 && file.compare(file.size() - 4, 4, ".csv") == 0;
        write_atomic(dir_ / file, csv ? to_csv(v) : json_file_text(v));
        std::lock_guard lock(mutex_);
        runs_[i].files[port_name] = file;
    }

    void run_batch_node(std::size_t i) {
        rep_.node_start(name(i), i);
        const auto t0 = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(mutex_);
            runs_[i].status = "running";
        }
        try {
            if (feed_batch_inputs(i)) {
                runs_[i].inst->run();
                collect_batch_outputs(i);
                std::lock_guard lock(mutex_);
                runs_[i].status = "ok";
            }
        } catch (const std::exception& e) {
            fail(i, e.what());
        }
        std::string status, error;
        {
            std::lock_guard lock(mutex_);
            runs_[i].wall = seconds_since(t0);
            status = runs_[i].status;
            error = runs_[i].error;
        }
        rep_.node_end(name(i), status, seconds_since(t0), error);
        write_manifest("running");
    }

    // Runs batch nodes in waves: every node whose producers are done, up to `jobs` at once.
    void run_batch(const std::vector<std::size_t>& nodes) {
        const unsigned jobs = opt_.jobs ? opt_.jobs : std::max(1u, std::thread::hardware_concurrency());
        std::set<std::size_t> pending(nodes.begin(), nodes.end());
        while (!pending.empty()) {
            std::vector<std::size_t> ready;
            for (std::size_t i : pending) {
                bool ok = true;
                for (const auto& e : plan_.edges)
                    if (e.to_node == i && pending.count(e.from_node)) ok = false;
                if (ok) ready.push_back(i);
            }
            for (std::size_t start = 0; start < ready.size(); start += jobs) {
                const std::size_t end = std::min(ready.size(), start + jobs);
                if (end - start == 1) {
                    run_batch_node(ready[start]);
                } else {
                    std::vector<std::future<void>> running;
                    for (std::size_t k = start; k < end; ++k)
                        running.push_back(std::async(std::launch::async, [this, i = ready[k]] { run_batch_node(i); }));
                    for (auto& f : running) f.get();
                }
            }
            for (std::size_t i : ready) pending.erase(i);
        }
    }

    void cosimulate();

    void write_manifest(const std::string& status) {
        std::lock_guard lock(manifest_mutex_);
        nlohmann::json m;
        m["dtop_version"] = kDtopVersion;
        m["plugin_api_version"] = std::to_string(DTOP_API_VERSION_MAJOR) + "." + std::to_string(DTOP_API_VERSION_MINOR);
        m["status"] = status;
        m["started"] = started_;
        if (status != "running") m["finished"] = iso_now();
        m["command_line"] = opt_.command_line;
        m["scenario"] = {{"file", fs::absolute(plan_.scenario.file).lexically_normal().string()},
                         {"sha256", sha256_hex(plan_.scenario.text)},
                         {"name", plan_.scenario.name},
                         {"description", plan_.scenario.description},
                         {"overrides", plan_.scenario.overrides}};
        if (plan_.scenario.clock.present)
            m["clock"] = {{"start", plan_.scenario.clock.start}, {"stop", plan_.scenario.clock.stop}, {"step", plan_.scenario.clock.step}};
        nlohmann::json plugins = nlohmann::json::object();
        nlohmann::json nodes = nlohmann::json::object();
        std::lock_guard state_lock(mutex_);
        for (std::size_t i = 0; i < plan_.nodes.size(); ++i) {
            const auto& pn = plan_.nodes[i];
            if (!plugins.contains(pn.desc.name)) {
                const PluginEntry* entry = reg_.find(pn.desc.name);
                nlohmann::json pj{{"version", pn.desc.version}};
                if (entry) {
                    pj["file"] = entry->file.string();
                    auto& hash = library_hashes_[entry->file.string()];
                    if (hash.empty()) hash = sha256_file(entry->file);
                    pj["sha256"] = hash;
                }
                plugins[pn.desc.name] = pj;
            }
            nlohmann::json params = nlohmann::json::object();
            for (std::size_t p = 0; p < pn.params.size(); ++p) params[pn.desc.params[p].name] = to_json(pn.params[p].value);
            const auto& r = runs_[i];
            nlohmann::json nj{{"plugin", pn.desc.name},
                              {"mode", pn.stepped ? "stepped" : "batch"},
                              {"params", params},
                              {"status", r.status},
                              {"wall_time_s", r.wall},
                              {"outputs", r.files}};
            // Files the plugin wrote itself, in its own folder.
            std::error_code ec;
            if (!dir_.empty() && fs::is_directory(dir_ / name(i), ec)) {
                nlohmann::json own = nlohmann::json::array();
                for (const auto& e : fs::recursive_directory_iterator(dir_ / name(i), ec))
                    if (e.is_regular_file(ec)) own.push_back(fs::relative(e.path(), dir_).string());
                std::sort(own.begin(), own.end());
                nj["files"] = own;
            }
            if (!r.error.empty()) nj["error"] = r.error;
            nodes[name(i)] = nj;
        }
        m["plugins"] = plugins;
        m["nodes"] = nodes;
        write_atomic(dir_ / "manifest.json", m.dump(2) + "\n");
    }

    Plan& plan_;
    Registry& reg_;
    Reporter& rep_;
    const RunOptions& opt_;
    std::vector<NodeRun> runs_;
    fs::path dir_;
    std::string started_;
    std::mutex mutex_, manifest_mutex_;
    std::map<std::string, std::string> library_hashes_;
};

void Runner::cosimulate() {
    const auto& order = plan_.step_order;
    const Clock& clock = plan_.scenario.clock;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i : order) {
        rep_.node_start(name(i), i);
        runs_[i].status = "running";
    }
    auto fail_all = [&](const std::string& why, std::size_t culprit) {
        for (std::size_t i : order)
            if (i == culprit && runs_[i].status != "skipped") fail(i, why);
            else if (runs_[i].status == "running") {
                runs_[i].status = "skipped";
                runs_[i].error = "the co-simulation stopped: node '" + name(culprit) + "' failed";
            }
    };
    std::size_t current = order.front();
    // Output layout: every stepped output of every stepped node, side by side in one buffer.
    std::map<std::pair<std::size_t, std::size_t>, std::pair<std::size_t, Value>> out_slots;  // (node, port) -> offset, header
    std::size_t total = 0;
    std::vector<std::vector<double>> in_bufs(plan_.nodes.size());
    std::vector<std::size_t> out_offset(plan_.nodes.size(), 0);
    std::vector<std::vector<Copy>> copies(plan_.nodes.size());
    std::vector<Recording> recordings;
    std::vector<std::size_t> initialised;
    std::vector<double> times;
    const long long steps = clock.steps();
    bool setup_ok = true;
    try {
        // Batch inputs of stepped nodes, then headers (channel names, units, widths) in step order.
        for (std::size_t i : order) {
            current = i;
            if (!feed_batch_inputs(i)) throw std::runtime_error(runs_[i].error);
        }
        auto header = [&](std::size_t node, std::size_t p) -> const std::pair<std::size_t, Value>& {
            auto it = out_slots.find({node, p});
            if (it != out_slots.end()) return it->second;
            Value h = runs_[node].inst->get_output(p);
            if (h.kind != DTOP_KIND_SERIES || h.cols < 1)
                throw std::runtime_error("stepped output '" + port(node, p).name + "' of node '" + name(node) +
                                         "' did not describe its channels");
            return out_slots.emplace(std::make_pair(node, p), std::make_pair(std::size_t(0), std::move(h))).first->second;
        };
        std::map<const Edge*, uint64_t> given_width;  // the channel count each stepped input was told
        for (std::size_t i : order) {
            current = i;
            for (const auto& e : plan_.edges)
                if (e.to_node == i && port(i, e.to_port).is_stepped()) {
                    const Value& h = header(e.from_node, e.from_port).second;
                    runs_[i].inst->set_input(e.to_port, h);
                    given_width[&e] = h.cols;
                }
            for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p)
                if (!port(i, p).is_input() && port(i, p).is_stepped()) out_slots.erase({i, p}), header(i, p);
        }
        // A feedback input was told its source's channels before that source was connected itself.
        for (const auto& [e, cols] : given_width)
            if (out_slots.at({e->from_node, e->from_port}).second.cols != cols) {
                current = e->to_node;
                throw std::runtime_error("the channels of '" + name(e->from_node) + "." + port(e->from_node, e->from_port).name +
                                         "' depend on its inputs, so it cannot close a feedback loop into '" +
                                         name(e->to_node) + "' (" + e->at.text() + ")");
            }
        // Offsets in step order, port order.
        for (std::size_t i : order) {
            out_offset[i] = total;
            for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p)
                if (!port(i, p).is_input() && port(i, p).is_stepped()) {
                    auto& slot = out_slots.at({i, p});
                    slot.first = total;
                    total += slot.second.cols - 1;
                }
        }
        // Input buffers and the copies that fill them, in port order.
        for (std::size_t i : order) {
            current = i;
            std::size_t width = 0;
            for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p) {
                const auto& dp = port(i, p);
                if (!dp.is_input() || !dp.is_stepped()) continue;
                const Edge* edge = nullptr;
                for (const auto& e : plan_.edges)
                    if (e.to_node == i && e.to_port == p) edge = &e;
                if (!edge) {
                    width += dp.width;  // unconnected optional input: zeros
                    continue;
                }
                const auto& [offset, h] = out_slots.at({edge->from_node, edge->from_port});
                const std::size_t w = h.cols - 1;
                if (dp.kind == DTOP_KIND_REAL && w != 1)
                    throw std::runtime_error("input '" + dp.name + "' takes one channel, but '" + name(edge->from_node) +
                                             "." + port(edge->from_node, edge->from_port).name + "' has " + std::to_string(w));
                for (std::size_t c = 0; c < w; ++c) {
                    double scale = 1, shift = 0;
                    std::string from = h.units[c + 1];
                    if (from.empty() && port(edge->from_node, edge->from_port).unit != "*") from = port(edge->from_node, edge->from_port).unit;
                    if (dp.unit != "*" && from != "*" && from != dp.unit) {
                        auto k = units::conversion(from, dp.unit);
                        if (!k)
                            throw std::runtime_error("unit mismatch at " + edge->at.text() + ": channel '" + h.names[c + 1] + "' is in '" +
                                                     from + "', input '" + dp.name + "' expects '" + dp.unit + "'");
                        scale = k->scale;
                        shift = k->offset;
                    }
                    copies[i].push_back({offset + c, width + c, scale, shift});
                }
                width += w;
            }
            in_bufs[i].assign(width, 0.0);
        }
        // What to record: stepped outputs feeding batch series inputs, and every output of `record: true` nodes.
        auto record = [&](std::size_t node, std::size_t p) {
            for (const auto& r : recordings)
                if (r.node == node && r.port == p) return;
            const auto& [offset, h] = out_slots.at({node, p});
            Recording r{node, p, offset, h.cols - 1, {}, {}, {}};
            r.names.assign(h.names.begin() + 1, h.names.end());
            r.units.assign(h.units.begin() + 1, h.units.end());
            for (auto& u : r.units)
                if (u.empty() && port(node, p).unit != "*") u = port(node, p).unit;
            recordings.push_back(std::move(r));
        };
        for (const auto& e : plan_.edges)
            if (e.collect) record(e.from_node, e.from_port);
        for (std::size_t i : order)
            if (plan_.nodes[i].spec->record)
                for (std::size_t p = 0; p < plan_.nodes[i].desc.ports.size(); ++p)
                    if (!port(i, p).is_input() && port(i, p).is_stepped()) record(i, p);
        // Recordings are held in memory: say how much before trying.
        double bytes = 0;
        for (const auto& r : recordings) bytes += 8.0 * static_cast<double>(r.width + 1) * static_cast<double>(steps + 1);
        current = recordings.empty() ? order.front() : recordings.front().node;
        try {
            if (!recordings.empty()) times.reserve(static_cast<std::size_t>(steps + 1));
            for (auto& r : recordings) r.rows.reserve(static_cast<std::size_t>(steps + 1) * r.width);
        } catch (const std::bad_alloc&) {
            throw std::runtime_error("recording " + std::to_string(steps + 1) + " steps needs " +
                                     std::to_string(bytes / 1e9) + " GB of memory, more than is available; "
                                     "record fewer outputs or a shorter clock");
        }
        for (std::size_t i : order) {
            current = i;
            runs_[i].inst->init(clock.start, clock.step, clock.stop);
            initialised.push_back(i);
        }
    } catch (const std::exception& e) {
        fail_all(e.what(), current);
        setup_ok = false;
    }

    // The loop: no allocation, one indirect call per node and step.
    std::vector<double> outs(total, 0.0);
    bool end_of_data = false, failed = !setup_ok;
    long long k = 0;
    // t_k = start + k step. When step = 1/n (1 kHz: n = 1000), k / n is the correctly rounded t_k
    // (0.009, not 0.009000000000000001), which files and recordings then show.
    const double per_second = std::round(1.0 / clock.step);
    const bool reciprocal = std::abs(1.0 / clock.step - per_second) < 1e-9 * per_second;
    for (; !failed && k <= steps && !end_of_data; ++k) {
        const double kd = static_cast<double>(k);
        const double t = clock.start + (reciprocal ? kd / per_second : kd * clock.step);
        for (std::size_t i : order) {
            double* in = in_bufs[i].data();
            for (const Copy& c : copies[i]) in[c.to] = c.scale * outs[c.from] + c.offset;
            const int status = runs_[i].inst->step(t, clock.step, in, outs.data() + out_offset[i]);
            if (status == DTOP_END_OF_DATA) {
                end_of_data = true;
                rep_.log(1, name(i), "end of data at t = " + std::to_string(t) + " s: the co-simulation stops");
            } else if (status != DTOP_OK) {
                fail_all("at t = " + std::to_string(t) + " s: " + runs_[i].inst->error("step").what(), i);
                failed = true;
                break;
            }
        }
        if (failed || end_of_data) break;  // a source without data at t_k: t_k has no outputs to keep
        if (!recordings.empty()) {
            times.push_back(t);
            for (auto& r : recordings) r.rows.insert(r.rows.end(), outs.begin() + static_cast<std::ptrdiff_t>(r.offset),
                                                     outs.begin() + static_cast<std::ptrdiff_t>(r.offset + r.width));
        }
        if ((k & 1023) == 0) rep_.cosim(t, clock.start, clock.stop);
    }
    if (!failed) rep_.cosim(clock.start + static_cast<double>(std::max(0LL, k - 1)) * clock.step, clock.start, clock.stop, true);
    // Finish every node that was initialised, even after a failure, so plugins release their resources.
    for (std::size_t i : initialised) {
        try {
            runs_[i].inst->finish(failed);
        } catch (const std::exception& e) {
            if (runs_[i].status == "running") fail(i, std::string("finish: ") + e.what());
        }
    }
    // Recorded series: to their batch consumers and, for `record: true`, to the results; a failed
    // co-simulation publishes no partial recording.
    if (failed) recordings.clear();
    for (auto& r : recordings) {
        Value v;
        v.kind = DTOP_KIND_SERIES;
        v.rows = times.size();
        v.cols = r.width + 1;
        v.names = {"t"};
        v.units = {"s"};
        v.names.insert(v.names.end(), r.names.begin(), r.names.end());
        v.units.insert(v.units.end(), r.units.begin(), r.units.end());
        v.data = times;
        v.data.resize(v.rows * v.cols);
        for (std::size_t s = 0; s < v.rows; ++s)
            for (std::size_t c = 0; c < r.width; ++c) v.data[(c + 1) * v.rows + s] = r.rows[s * r.width + c];
        r.rows = {};
        if (plan_.nodes[r.node].spec->record) {
            try {
                save(r.node, port(r.node, r.port).name, v);
            } catch (const std::exception& e) {
                rep_.log(3, name(r.node), e.what());
            }
        }
        std::lock_guard lock(mutex_);
        runs_[r.node].outputs[r.port] = std::move(v);
    }
    const double wall = seconds_since(t0);
    for (std::size_t i : order) {
        if (runs_[i].status == "running") {
            try {
                collect_batch_outputs(i);
                runs_[i].status = "ok";
            } catch (const std::exception& e) {
                fail(i, e.what());
            }
        }
        runs_[i].wall = wall;
        rep_.node_end(name(i), runs_[i].status, wall, runs_[i].error);
    }
    write_manifest("running");
}

}  // namespace

Diagnostics check_plugins(Plan& plan, Registry& registry) {
    Reporter quiet(ProgressMode::none, Verbosity::quiet);
    RunOptions options;
    Runner runner(plan, registry, quiet, options);
    return runner.prepare_only();
}

RunOutcome run_plan(Plan& plan, Registry& registry, Reporter& reporter, const RunOptions& options) {
    Runner runner(plan, registry, reporter, options);
    return runner.run();
}

}  // namespace dtop
